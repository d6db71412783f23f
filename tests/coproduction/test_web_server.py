"""The web server's settings (deploy/gunicorn.conf.py), as gunicorn runs them."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_each_worker_freezes_the_loaded_code_out_of_the_garbage_collector() -> None:
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "tests.coproduction.freeze_app:app", "--config",
         "deploy/gunicorn.conf.py", "--workers", "1", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    frozen = int(response.read())
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not answer")
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert frozen > 10_000, frozen  # without the hook: a few hundred
