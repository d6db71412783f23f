"""Settings for bench/pages.py: the production settings, plus a bare signed-in page and a Server-Timing header."""

from coproduction.settings import *  # noqa: F403

ROOT_URLCONF = "pages_urls"
MIDDLEWARE = ["pages_urls.ServerTiming", *MIDDLEWARE]  # noqa: F405
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
STORAGES = {**STORAGES,  # noqa: F405
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
