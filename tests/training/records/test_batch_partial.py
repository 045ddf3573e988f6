import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from training.models import Attendance, Enrolment
from training.records.selectors import batch_records_context

pytestmark = pytest.mark.django_db


def render_partial(batch, user):
    context = {"batch": batch, **batch_records_context(batch=batch, user=user)}
    with translation.override("en"):
        return render_to_string("training/partials/_batch_records.html", context)


def test_batch_page_partial_summarises_attendance_and_results(paser_batch, paser_blk_admin):
    first = paser_batch.sessions.order_by("starts_at").first()
    enrolments = list(Enrolment.objects.filter(batch=paser_batch).order_by("pk"))
    for enrolment, status in zip(enrolments, ["hadir", "hadir", "alpa"], strict=False):
        Attendance.objects.create(session=first, enrolment=enrolment, status=status, recorded_by=paser_blk_admin)
    Enrolment.objects.filter(pk=enrolments[0].pk).update(status="completed", assessment="kompeten",
                                                         certificate_number="BNSP-1", certificate_issuer="BNSP")
    Enrolment.objects.filter(pk=enrolments[1].pk).update(status="dropped_out", end_reason="Pindah")
    html = render_partial(paser_batch, paser_blk_admin)
    for text in ("Attendance recorded for 1 of 3 sessions", "67% present", "1 completed", "1 dropped out",
                 "1 competent", "1 certified"):
        assert text in html, text
    for name in ("training:attendance-overview", "training:results", "training:attendance-sheet-pdf",
                 "training:certificate-list-pdf"):
        assert reverse(name, args=[paser_batch.pk]) in html
    assert reverse("training:attendance", args=[paser_batch.pk, first.pk]) in html


def test_viewers_get_no_attendance_entry_links(paser_batch, paser_official):
    html = render_partial(paser_batch, paser_official)
    first = paser_batch.sessions.first()
    assert reverse("training:attendance", args=[paser_batch.pk, first.pk]) not in html
    assert reverse("training:results", args=[paser_batch.pk]) in html


def test_batch_partial_query_count(paser_batch, paser_blk_admin, django_assert_max_num_queries):
    sessions = list(paser_batch.sessions.order_by("starts_at"))
    for enrolment in Enrolment.objects.filter(batch=paser_batch):
        Attendance.objects.create(session=sessions[0], enrolment=enrolment, status="hadir", recorded_by=paser_blk_admin)
    Enrolment.objects.filter(batch=paser_batch).update(status="completed", assessment="kompeten")
    paser_blk_admin.has_perm("accounts.manage_training")  # permissions cached, as on the batch page
    with django_assert_max_num_queries(3):
        html = render_partial(paser_batch, paser_blk_admin)
    # The summary counts every participant, and each session has its attendance link.
    for text in ("Attendance recorded for 1 of 3 sessions", "100% present", "3 completed", "3 competent"):
        assert text in html, text
    for session in sessions:
        assert reverse("training:attendance", args=[paser_batch.pk, session.pk]) in html
    assert html.count(" ✓") == 1  # the one session whose attendance was taken
