"""Production settings: DEBUG is always off and SECRET_KEY must come from the environment.

Use with DJANGO_SETTINGS_MODULE=coproduction.production_settings (gunicorn, worker, check --deploy).
"""

import os

os.environ["DEBUG"] = "false"

from .settings import *  # noqa: F403
