#!/usr/bin/env python3
"""Run the web server, a Celery worker and Celery beat together; stop all of them together.

    python scripts/runall.py [--host 127.0.0.1] [--port 8000] [--banner-file var/demo-logins.txt]

The web server listens on --host (default 127.0.0.1, this machine only; 0.0.0.0 for every
interface, e.g. to reach it from another machine on the network).

Each child runs in a session of its own, so Ctrl-C reaches only this supervisor, which then
sends SIGTERM to every child's process group (SIGKILL after a grace period). If one child
exits on its own, the others are stopped too and this script exits non-zero.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10


def log(message: str) -> None:
    print(f"[runall] {message}", flush=True)


DEFAULT_HOST = "127.0.0.1"


def commands(port: int, host: str = DEFAULT_HOST) -> dict[str, list[str]]:
    python = sys.executable
    celery = [python, "-m", "celery", "-A", "training_portal"]
    schedule = ROOT / "var" / "celerybeat-schedule"
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {
        "web": [python, "manage.py", "runserver", address],
        "worker": celery + ["worker", "-l", "info"],
        "beat": celery + ["beat", "-l", "info", "--schedule", str(schedule)],
    }


def local_url(host: str, port: int) -> str:
    """Where to reach (and check) the web server from this machine."""
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def wait_until_up(url: str, children: dict[str, subprocess.Popen], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children.values()):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except urllib.error.HTTPError:
            return True  # it answers; a redirect to the login page or a 404 still means "up"
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    return False


def stop_all(children: dict[str, subprocess.Popen]) -> None:
    for child in children.values():
        if child.poll() is None:
            try:
                os.killpg(child.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + GRACE_SECONDS
    for name, child in children.items():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log(f"{name} did not stop within {GRACE_SECONDS}s; killing it")
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            child.wait()
    # Reap anything left in the children's groups (runserver's autoreloader child, say).
    for child in children.values():
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=os.environ.get("HOST") or DEFAULT_HOST,
                        help="address the web server listens on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--banner-file", type=Path, default=ROOT / "var" / "demo-logins.txt",
                        help="text printed once the web server answers (the demo logins)")
    args = parser.parse_args(argv)

    (ROOT / "var").mkdir(exist_ok=True)
    stopping = {"signal": None}

    def on_signal(signum, _frame):
        stopping["signal"] = signum

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    children: dict[str, subprocess.Popen] = {}
    for name, cmd in commands(args.port, args.host).items():
        log(f"starting {name}: {' '.join(cmd)}")
        children[name] = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)

    url = local_url(args.host, args.port)
    if wait_until_up(url, children) and stopping["signal"] is None:
        print("", flush=True)
        log(f"the portal is running at {url}  (Ctrl-C stops the web server, worker and beat)")
        if args.host != DEFAULT_HOST:
            log(f"listening on {args.host}: other machines on the network can reach it too")
        if args.banner_file.exists():
            print(args.banner_file.read_text(encoding="utf-8").rstrip() + "\n", flush=True)

    exit_code = 0
    while True:
        if stopping["signal"] is not None:
            log(f"got {signal.Signals(stopping['signal']).name}; stopping web, worker and beat")
            break
        dead = {name: child.returncode for name, child in children.items()
                if child.poll() is not None}
        if dead:
            for name, code in dead.items():
                log(f"{name} exited with code {code}; stopping the others")
            exit_code = 1
            break
        time.sleep(0.5)

    stop_all(children)
    log("all stopped")
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
