"""Production settings: DEBUG is always off and SECRET_KEY must come from the environment.

Use with DJANGO_SETTINGS_MODULE=coproduction.production_settings (gunicorn, worker, check --deploy).
"""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ["DEBUG"] = "false"
if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment: production never runs without one.")

from .settings import *  # noqa: F403
