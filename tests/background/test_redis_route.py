"""The README's Redis recipe, as written: the RQ backend's apps come with TASK_BACKEND, `check` passes and
`rqworker` exists; a Redis cache or queue without the Redis extra stops the portal at start-up, saying why."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.background.harness import ROOT

RECIPE = {"SECRET_KEY": "x" * 60, "DEBUG": "false", "TASK_BACKEND": "django_tasks_rq.RQBackend",
          "RQ_REDIS_URL": "redis://127.0.0.1:6379/3", "CACHE_URL": "rediscache://127.0.0.1:6379/4",
          "CRONTASK_REDIS_URL": "redis://127.0.0.1:6379/4", "DJANGO_SETTINGS_MODULE": "coproduction.settings"}


def run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True,
                          text=True, timeout=120, check=False)


def test_the_rq_recipe_installs_its_apps_and_passes_the_system_check():
    result = run("import django, sys; from django.core.management import call_command, get_commands;"
                 "django.setup(); from django.conf import settings;"
                 "print('django_rq' in settings.INSTALLED_APPS, 'django_tasks_rq' in settings.INSTALLED_APPS,"
                 " 'rqworker' in get_commands()); call_command('check')", RECIPE)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "True True True"
    assert "System check identified no issues" in result.stdout


def test_a_redis_cache_without_the_extra_stops_at_start_up_with_a_clear_message():
    # sys.modules[name] = None is how Python marks a module that cannot be imported: as if never installed.
    result = run("import sys; sys.modules['redis'] = None; import django; django.setup()",
                 {**RECIPE, "TASK_BACKEND": "django_tasks_db.DatabaseBackend"})

    assert result.returncode != 0
    assert "CACHE_URL points at Redis, but the redis package is not installed" in result.stderr
    assert "pip install '.[redis]'" in result.stderr


def test_the_rq_backend_without_the_extra_stops_at_start_up_with_a_clear_message():
    result = run("import sys; sys.modules['django_tasks_rq'] = None; import django; django.setup()",
                 {**RECIPE, "CACHE_URL": "locmemcache://portal"})

    assert result.returncode != 0
    assert "TASK_BACKEND is django_tasks_rq.RQBackend, but the Redis extra is not installed" in result.stderr


def test_sessions_are_read_from_a_shared_cache_and_from_the_database_with_the_per_process_default():
    code = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_ENGINE)"
    shared = run(code, RECIPE)
    per_process = run(code, {**RECIPE, "CACHE_URL": "locmemcache://portal"})

    assert shared.stdout.strip() == "django.contrib.sessions.backends.cached_db", shared.stderr
    # a per-process cache could not see another process end a session: such sessions are read from the database
    assert per_process.stdout.strip() == "django.contrib.sessions.backends.db", per_process.stderr
