import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from audit.models import AuditEvent
from programs.models import CycleQuota, ProgramCycle

from .conftest import psk_entry

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("import_programs", *map(str, args), stdout=out)
    return out.getvalue()


def test_json_output_is_exactly_the_three_counts(districts, write_catalog):
    path = write_catalog([psk_entry()])

    assert json.loads(run(path, "--json")) == {"created": 1, "updated": 0, "unchanged": 0}
    assert json.loads(run(path, "--json")) == {"created": 0, "updated": 0, "unchanged": 1}


def test_text_output_is_a_summary_line_then_the_messages(districts, write_catalog):
    run(write_catalog([psk_entry()]))
    CycleQuota.objects.filter(cycle__code="PSK-2026", regency_id="64.01").update(reallocated_quota=2)

    with translation.override("en"):
        output = run(write_catalog([psk_entry(quotas={"64.01": 5})], name="second.json"))

    lines = output.strip().splitlines()
    assert lines[0] == "Programs: 0 created, 1 updated, 0 unchanged"
    assert len(lines) == 2 and "PSK-2026" in lines[1] and "64.01: 2" in lines[1]


def test_yaml_and_yml_files_are_read(districts, write_catalog):
    assert json.loads(run(write_catalog([psk_entry()], name="catalog.yaml"), "--json"))["created"] == 1
    assert json.loads(run(write_catalog([psk_entry()], name="CATALOG.YML"), "--json"))["unchanged"] == 1


def test_hand_written_yaml_with_unquoted_dotted_and_plain_codes(districts, tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text(
        """
programs:
  - code: PSK-2026
    program: Pelatihan Keterampilan Pemuda Putus Sekolah
    year: 2026
    registration_closes: 2026-07-31
    rules:
      max_age: 20
      school_status: [putus_sekolah]
      require_dtks: true
      regions: [64.01, 7303]
    quotas:
      64.01: 4
      7303: 6
""",
        encoding="utf-8",
    )

    assert json.loads(run(path, "--json"))["created"] == 1
    cycle = ProgramCycle.objects.get(code="PSK-2026")
    assert cycle.rules["regions"] == ["64.01", "73.03"]
    assert set(cycle.quotas.values_list("regency_id", "initial_quota")) == {("64.01", 4), ("73.03", 6)}


def test_an_unquoted_yaml_code_is_not_read_as_a_number(districts, tmp_path):
    # 63.10 would become the number 63.1; it must be refused as an unknown district, not guessed.
    path = tmp_path / "catalog.yml"
    path.write_text(
        "programs:\n- {code: X-1, program: X, year: 2026, registration_closes: 2026-07-31, quotas: {63.10: 1}}\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit):
        run(path, "--json")
    assert not ProgramCycle.objects.exists()


def test_a_refused_file_exits_1_with_a_json_error_and_changes_nothing(districts, write_catalog, capsys):
    run(write_catalog([psk_entry()]))
    bad = psk_entry()
    bad["rules"]["max_age"] = -5
    audit_rows = AuditEvent.objects.count()

    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_programs", str(write_catalog([bad], name="bad.json")), "--json", stdout=out)

    assert exited.value.code == 1
    error = json.loads(out.getvalue())
    assert list(error) == ["error"]
    assert "PSK-2026" in error["error"] and "rules.max_age" in error["error"]
    assert ProgramCycle.objects.get(code="PSK-2026").rules["max_age"] == 20
    assert AuditEvent.objects.count() == audit_rows


def test_a_refused_file_without_json_is_a_command_error(districts, write_catalog):
    with pytest.raises(CommandError) as caught:
        run(write_catalog([psk_entry(code=None)]))
    assert '"code"' in str(caught.value)
    assert not ProgramCycle.objects.exists()


def test_an_unknown_extension_is_refused(districts, tmp_path):
    path = tmp_path / "catalog.txt"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run(path)
    assert ".json" in str(caught.value)


def test_the_user_option_names_the_actor(districts, write_catalog, system_admin):
    run(write_catalog([psk_entry()]), "--user", system_admin.username)
    assert AuditEvent.objects.get(action="program_cycle.import_create").actor == system_admin


def test_an_unknown_user_or_one_without_the_capability_is_refused(districts, write_catalog, paser_blk_admin):
    path = write_catalog([psk_entry()])
    with pytest.raises(CommandError):
        run(path, "--user", "nobody")
    with pytest.raises(CommandError):
        run(path, "--user", paser_blk_admin.username)
    assert not ProgramCycle.objects.exists()


@pytest.mark.parametrize("case", ["missing file", "malformed json"])
def test_the_real_command_exits_1_without_a_traceback(tmp_path, case):
    # Both are refused before the database is touched, so a separate process can run them.
    path = tmp_path / "missing.json"
    if case == "malformed json":
        path = tmp_path / "catalog.json"
        path.write_text('{"programs": [', encoding="utf-8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "training_portal.settings.test"}
    manage = Path(settings.BASE_DIR) / "manage.py"

    as_json = subprocess.run(
        [sys.executable, manage, "import_programs", path, "--json"], capture_output=True, text=True, env=env
    )
    as_text = subprocess.run([sys.executable, manage, "import_programs", path], capture_output=True, text=True, env=env)

    assert as_json.returncode == 1
    assert list(json.loads(as_json.stdout)) == ["error"]
    assert as_text.returncode == 1
    assert as_text.stdout == ""
    assert as_text.stderr.strip()
    assert "Traceback" not in as_json.stderr + as_text.stderr
