from datetime import date

import pytest

from tests.participants.factories import ApplicationFactory

from .factories import ProgramCycleFactory


@pytest.fixture
def cycle(paser, bantaeng):
    return ProgramCycleFactory(code="PKPPS-2026", year=2026)


@pytest.fixture
def dtks_cycle(paser, bantaeng):
    return ProgramCycleFactory(
        code="DTKS-2026", year=2026,
        rules={"min_age": 16, "max_age": 30, "age_reference_date": None, "school_status": None,
               "min_education": None, "require_dtks": True, "max_desil": 4, "regions": None},
    )


@pytest.fixture
def paser_application(cycle, paser_village):
    return ApplicationFactory(cycle=cycle, person__name="Andi Paser", person__regency_code="64.01")


@pytest.fixture
def bantaeng_application(cycle, bantaeng_village):
    return ApplicationFactory(cycle=cycle, person__name="Basri Bantaeng", person__regency_code="73.03")


@pytest.fixture
def write_dtks(tmp_path):
    """Import a DTKS CSV of the given rows (dicts of §3 columns) as a snapshot (of `coverage`, else
    of the kabupaten of its rows)."""
    from verification.services import dtks_import_file

    columns = ("id_dtks", "nik", "no_kk", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "alamat", "desil")

    def write(rows, *, snapshot_date=date(2026, 6, 1), coverage=None, by=None):
        path = tmp_path / f"dtks-{snapshot_date}.csv"
        lines = [",".join(columns)]
        for row in rows:
            lines.append(",".join(str(row.get(c, "")) for c in columns))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        snapshot, _report = dtks_import_file(path=path, file_name=path.name, snapshot_date=snapshot_date,
                                             coverage=coverage, by=by, current_year=2026)
        return snapshot

    return write


def dtks_row(person, **overrides):
    row = {"nik": person.nik, "no_kk": person.no_kk, "nama": person.name,
           "tanggal_lahir": person.birth_date.isoformat(), "jenis_kelamin": person.sex,
           "kode_wilayah": person.village_code, "desil": 2}
    row.update(overrides)
    return row


@pytest.fixture
def client(client):
    """Pages in English, so tests read the message ids whatever the Indonesian catalog says."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
