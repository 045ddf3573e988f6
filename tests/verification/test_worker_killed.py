"""A worker killed in the middle of a DTKS import: the job shows failed, can be retried, and the
active snapshot stays what it was."""

import os
import signal
import subprocess
import sys
import time
from datetime import date

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from core.jobs import job_live_state
from core.models import Job
from core.services import job_retry
from verification.models import DtksSnapshot
from verification.services import dtks_import_file, dtks_import_start

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "id_dtks,nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kode_wilayah,alamat,desil\n"


def _dtks_file(path, rows):
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(rows):
            out.write(
                f"{i},640101{1 + i % 28:02d}01{80 + i % 20:02d}{1 + i // 140:04d},6401010101{i:06d},"
                f"Warga {i},,L,64.01.01.2001,,3\n"
            )
    return path


def _wait_for(condition, *, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _worker_process():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="training_portal.settings.test",
               WORKER_DATABASE_NAME=connection.settings_dict["NAME"])
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "training_portal", "worker", "--pool", "solo", "--concurrency", "1",
         "--without-mingle", "--without-gossip", "--loglevel", "WARNING"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def test_killed_import_leaves_the_active_snapshot_and_can_be_retried(tmp_path, paser_staff, paser_village, settings):
    settings.JOB_STALE_AFTER_SECONDS = 1
    earlier, _report = dtks_import_file(path=_dtks_file(tmp_path / "lama.csv", 20), file_name="lama.csv",
                                        snapshot_date=date(2026, 1, 31))
    big = _dtks_file(tmp_path / "baru.csv", 400_000)
    from training_portal.celery import app

    app.control.purge()
    job = dtks_import_start(stored_path=str(big), file_name="baru.csv", snapshot_date=date(2026, 6, 30), by=paser_staff)
    worker = _worker_process()
    try:
        started = _wait_for(lambda: (cache.get(f"job:{job.pk}:progress") or {}).get("done", 0) > 1000)
        assert started, "the worker never started the import"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()

    assert DtksSnapshot.objects.active("64.01") == earlier
    killed = DtksSnapshot.objects.exclude(pk=earlier.pk).get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [killed.partition_table])
        assert cursor.fetchone() == (None,), "no half-loaded partition is left"

    time.sleep(1.5)  # past JOB_STALE_AFTER_SECONDS without a sign of life
    job.refresh_from_db()
    state = job_live_state(job)
    assert state["status"] == Job.Status.FAILED and state["stale"]

    # The retried job runs to the end on a fresh worker; the killed attempt's snapshot is failed.
    app.control.purge()
    job_retry(job=job, by=paser_staff)
    worker = _worker_process()
    try:
        assert _wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.SUCCEEDED, seconds=120)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    active = DtksSnapshot.objects.active("64.01")
    assert active.snapshot_date == date(2026, 6, 30) and active.imported_rows == 400_000
    killed.refresh_from_db()
    assert killed.status == DtksSnapshot.Status.FAILED
