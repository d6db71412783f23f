"""Keep a command running: start it again (after a short pause) whenever it exits, until stopped.

`make run` starts the task worker and the scheduler through this, so a worker that exits (killed, out of
memory, a database it could not reach for too long) is back within seconds. In production systemd does the
same job (`deploy/*.service`, `Restart=always`).

    python tools/supervise.py [--pidfile PATH] [--pause SECONDS] -- COMMAND [ARGS...]

SIGTERM or SIGINT stops the command (SIGTERM, so a worker finishes its task) and then the supervisor.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Restart a command whenever it exits.")
    parser.add_argument("--pidfile", type=Path, help="write the running command's process id here")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds to wait before a restart")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    if not command:
        parser.error("give the command to run after --")
    stopping = False
    child: subprocess.Popen | None = None

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping:
        child = subprocess.Popen(command)  # noqa: S603 - the operator's own command line
        if options.pidfile:
            options.pidfile.write_text(str(child.pid))
        code = child.wait()
        if stopping:
            break
        print(f"supervise: {command[0]} {' '.join(command[1:3])} exited with {code}; restarting in "
              f"{options.pause:.0f} s", file=sys.stderr, flush=True)
        time.sleep(options.pause)
    return 0


if __name__ == "__main__":
    sys.exit(main())
