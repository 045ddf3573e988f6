"""Deployment defaults (issue 9): production sessions end after a working day without a request
and when the browser closes; `make run` listens on this machine only unless told otherwise."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR


def production_settings(*names: str) -> dict:
    """The values of the production settings module, read in a fresh interpreter with the
    environment production requires."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SESSION_"))}
    env.update(DJANGO_SETTINGS_MODULE="training_portal.settings.production", DJANGO_SECRET_KEY="x" * 60,
               DJANGO_ALLOWED_HOSTS="portal.example.go.id")
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sessions_end_after_eight_idle_hours_and_with_the_browser():
    values = production_settings(
        "SESSION_COOKIE_AGE", "SESSION_SAVE_EVERY_REQUEST", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "SESSION_COOKIE_SECURE",
        "TRUSTED_PROXY_COUNT",
    )
    assert values == {
        "SESSION_COOKIE_AGE": 8 * 60 * 60,
        # Saved on every request, so the eight hours count from the last request: inactivity.
        "SESSION_SAVE_EVERY_REQUEST": True,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "SESSION_COOKIE_SECURE": True,
        "TRUSTED_PROXY_COUNT": 1,
    }


def runall():
    spec = importlib.util.spec_from_file_location("runall", ROOT / "scripts" / "runall.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_web_server_of_runall_listens_on_this_machine_only_by_default():
    module = runall()
    assert module.commands(8000)["web"][-2:] == ["runserver", "127.0.0.1:8000"]
    assert module.commands(8080, "0.0.0.0")["web"][-1] == "0.0.0.0:8080"
    assert module.local_url("0.0.0.0", 8080) == "http://127.0.0.1:8080/"


@pytest.mark.parametrize("extra, expected", [([], "--host 127.0.0.1 --port 8000"),
                                             (["HOST=0.0.0.0", "PORT=8080"], "--host 0.0.0.0 --port 8080")])
def test_make_run_passes_the_host_to_runall(extra, expected):
    dry_run = subprocess.run(["make", "-n", "run", *extra], cwd=ROOT, capture_output=True, text=True, check=True)
    runall_line = next(line for line in dry_run.stdout.splitlines() if "scripts/runall.py" in line)
    assert expected in runall_line
    assert "tee var/demo-logins.txt" not in dry_run.stdout  # seed_demo writes the file itself
