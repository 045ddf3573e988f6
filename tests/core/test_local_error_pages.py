"""`make run` (the local settings) shows the portal's own error pages; Django's debug pages,
which list every URL pattern, only when asked for with DEBUG=1 (issue 12, item 16)."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings


def local_not_found(**extra_env) -> dict:
    """Status and page of an unknown address, asked in a fresh interpreter with the settings of
    `make run` and the environment given."""
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="training_portal.settings.local", **extra_env)
    code = (
        "import json, django; django.setup(); from django.test import Client; "
        "from django.conf import settings; "
        "r = Client(HTTP_HOST='localhost').get('/participants/persons/999999999/no-such-page/'); "
        "print(json.dumps({'debug': settings.DEBUG, 'status': r.status_code, 'page': r.content.decode()}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_make_run_shows_the_portals_own_404_page():
    answer = local_not_found()
    assert answer["debug"] is False
    assert answer["status"] == 404
    assert "URLconf" not in answer["page"]
    assert "Portal" in answer["page"]


@pytest.mark.parametrize("variable", ["DEBUG", "DJANGO_DEBUG"])
def test_debug_pages_only_when_asked(variable):
    answer = local_not_found(**{variable: "1"})
    assert answer["debug"] is True
    assert "URLconf" in answer["page"]
