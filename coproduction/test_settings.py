"""Settings for the test suite: production-like, with fast hashing, locmem email and immediate tasks."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-and-random-enough-0123456789")
os.environ["DEBUG"] = "false"

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="portal-test-private-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
# Tests change data behind a person's back between two visits: their home page is worked out every time
# (tests/coproduction/test_home_and_navigation.py turns the keeping back on to test it).
ATTENTION_CACHE_SECONDS = 0
PICKER_CACHE_SECONDS = 0  # the trail's meeting list (tests/engagement/test_trail.py keeps it)
REPORT_CACHE_SECONDS = 0  # likewise the notice report (tests/meetings/test_notice_report_counts.py keeps it)
# One test process: its cache sees every write, so list pages are kept as with Redis in production (every
# test that changes data and looks again checks that nothing kept outlives a change).
KEPT_PAGE_SECONDS = 600
STATIC_ROOT = tempfile.mkdtemp(prefix="portal-test-static-")
