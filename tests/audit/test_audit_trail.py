import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from audit.models import AuditEvent
from audit.services import AuditOutsideTransaction, audit_record

pytestmark = pytest.mark.django_db


def _record(actor, target, **kwargs):
    with transaction.atomic():
        return audit_record(actor=actor, action="test.change", target=target, **kwargs)


def test_audit_record_keeps_who_what_before_and_after(paser_staff, paser_village):
    event = _record(paser_staff, paser_village, before={"name": "Lama"}, after={"name": "Baru"}, regency_code="64.01")
    event.refresh_from_db()
    assert event.actor_username == "staf.paser"
    assert event.target_id == paser_village.code
    assert event.before == {"name": "Lama"} and event.after == {"name": "Baru"}


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_the_change_transaction(paser_staff, paser_village):
    with pytest.raises(AuditOutsideTransaction):
        audit_record(actor=paser_staff, action="test.change", target=paser_village)


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_audit_rows_cannot_be_changed_or_deleted_even_in_sql(paser_staff, paser_village, operation):
    event = _record(paser_staff, paser_village)
    rows = AuditEvent.objects.filter(pk=event.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        if operation == "update":
            rows.update(action="tampered")
        else:
            rows.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.change"


def test_admin_lists_and_filters_audit_rows_but_offers_no_edit_or_delete(
    client, system_admin, paser_staff, paser_village
):
    _record(paser_staff, paser_village)
    with transaction.atomic():
        audit_record(actor=paser_staff, action="other.thing", target=paser_village)
    client.force_login(system_admin)
    changelist = reverse("admin:audit_auditevent_changelist")
    page = client.get(changelist, {"action": "test.change"})
    assert page.status_code == 200
    assert list(page.context["cl"].result_list.values_list("action", flat=True)) == ["test.change"]
    event = AuditEvent.objects.get(action="test.change")
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert "_save" not in client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).content.decode()


def test_district_staff_cannot_read_the_audit_admin(client, paser_staff):
    client.force_login(paser_staff)
    response = client.get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 302  # not staff: Django admin sends to its login


def test_the_audit_trail_shows_action_labels_and_who_was_enrolled_where(client, system_admin):
    from tests.training.factories import EnrolmentFactory

    enrolment = EnrolmentFactory(application__person__name="Siti Aminah", batch__name="Tata Boga Angkatan 1")
    with transaction.atomic():
        audit_record(actor=system_admin, action="enrolment.create", target=enrolment)
    client.force_login(system_admin)
    page = client.get(reverse("admin:audit_auditevent_changelist")).content.decode()
    assert "Peserta didaftarkan ke angkatan" in page
    assert 'title="enrolment.create"' in page
    assert "Siti Aminah · Tata Boga Angkatan 1" in page
    assert f"{enrolment.batch_id}/{enrolment.application_id}" not in page


def test_the_user_admin_heads_the_name_column_in_words(client, system_admin):
    client.force_login(system_admin)
    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "Get full name" not in page
    assert "Nama lengkap" in page
