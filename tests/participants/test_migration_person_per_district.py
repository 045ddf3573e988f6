"""The upgrade to one person record per NIK and district (participants 0003): a database from
before, where Paser's import had hung its application on Bantaeng's person, keeps every row, and
Paser's rows (application, seat, imported training, grant, coaching attendance) move to a Paser
copy of the person. Where Paser's registration form had taken Bantaeng's person over, Bantaeng's
copy gets back what Bantaeng held, from the registration's audit row."""

from importlib import import_module

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F

from audit.services import audit_record
from grants.models import CoachingSession, Grant
from participants.models import Application, Person
from participants.services import _person_snapshot
from tests.factories import UserFactory
from tests.grants.factories import GrantSchemeFactory
from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import BatchFactory, EnrolmentFactory, ImportedTrainingFactory
from training.models import Enrolment, ImportedTraining

from .factories import ApplicationFactory, PersonFactory

BEFORE = [("participants", "0002_initial")]
AFTER = [("participants", "0003_person_per_district")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


# The rows of the "before" database are written with today's models, which carry the registration
# number of migration 0004: the column is added by hand for the test and dropped before
# migrating forward again.
_NUMBER = import_module("participants.migrations.0004_application_registration_number")


def _migrate_before():
    _migrate(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute(_NUMBER.CREATE_FUNCTION)
        cursor.execute("ALTER TABLE participants_application ADD COLUMN registration_number varchar(10) NOT NULL "
                       "DEFAULT participants_registration_number()")


def _migrate_latest():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE participants_application DROP COLUMN IF EXISTS registration_number")
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _counts() -> dict:
    return {model.__name__: model.objects.count()
            for model in (Application, Enrolment, ImportedTraining, Grant, CoachingSession)} | {
        "attendances": CoachingSession.attendees.through.objects.count()}


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_splits_a_person_of_two_districts_and_keeps_every_row(paser_village, bantaeng_village):
    _migrate_before()
    try:
        paser = paser_village.subdistrict.regency
        staff = UserFactory(username="staf.migrasi", regency=paser)
        # Bantaeng's person, and the rows Paser hung on it before the rule (the import leak).
        basri = PersonFactory(name="Basri Bantaeng", no_kk="7303010000000077", village_code=bantaeng_village.code,
                              address="Jl. Bantaeng 7")
        bantaeng_application = ApplicationFactory(person=basri, cycle=ProgramCycleFactory(code="BTG-2026"))
        cycle = ProgramCycleFactory(code="PSR-2026")
        paser_application = ApplicationFactory(person=basri, cycle=cycle, regency_id="64.01",
                                               village_code=paser_village.code)
        seat = EnrolmentFactory(application=paser_application, batch=BatchFactory(cycle=cycle))
        imported = ImportedTrainingFactory(person=basri, regency_id="64.01", village_code=paser_village.code)
        grant = Grant.objects.create(
            scheme=GrantSchemeFactory(regency=paser, cycle=cycle), regency_id="64.01", enrolment=seat,
            person=basri, business_type="Kuliner", village=paser_village, plan="Warung", amount=1_500_000,
            proposed_by=staff)
        session = CoachingSession.objects.create(regency_id="64.01", topic="Pembukuan", held_on="2026-10-01",
                                                 place="Balai Desa", officer=staff, created_by=staff)
        session.attendees.add(basri)
        other = ApplicationFactory()  # a Paser applicant of Paser only: untouched
        before = _counts()
        persons_before = Person.objects.count()

        _migrate(AFTER)

        assert _counts() == before
        assert Person.objects.count() == persons_before + 1
        original, copy = Person.objects.filter(nik=basri.nik).order_by("pk")
        assert (original.pk, original.regency_id, original.village_code) == (basri.pk, "73.03", bantaeng_village.code)
        assert (copy.regency_id, copy.village_code, copy.name, copy.no_kk, copy.address) == (
            "64.01", paser_village.code, "Basri Bantaeng", "7303010000000077", "Jl. Bantaeng 7")
        assert Application.objects.get(pk=bantaeng_application.pk).person_id == original.pk
        assert Application.objects.get(pk=paser_application.pk).person_id == copy.pk
        assert Enrolment.objects.get(pk=seat.pk).application.person_id == copy.pk
        assert ImportedTraining.objects.get(pk=imported.pk).person_id == copy.pk
        assert Grant.objects.get(pk=grant.pk).person_id == copy.pk
        assert list(CoachingSession.objects.get(pk=session.pk).attendees.values_list("pk", flat=True)) == [copy.pk]
        assert Application.objects.get(pk=other.pk).person_id == other.person_id
        # Every row of every district now hangs on its own district's record.
        assert not Application.objects.exclude(regency_id=F("person__regency_id")).exists()
    finally:
        _migrate_latest()


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_gives_back_the_data_another_districts_form_overwrote(paser_village, bantaeng_village):
    _migrate_before()
    try:
        staff = UserFactory(username="staf.migrasi", regency=paser_village.subdistrict.regency)
        siti = PersonFactory(name="Siti Bantaeng", no_kk="7303010000000055", village_code=bantaeng_village.code,
                             address="Jl. Bantaeng 9", phone="0811")
        bantaeng_application = ApplicationFactory(person=siti, cycle=ProgramCycleFactory(code="BTG-2026"))
        # What Paser's registration form did before the rule: the person moved to Paser and took
        # Paser's data, with the audit row keeping the record before and after.
        with transaction.atomic():
            before = _person_snapshot(siti)
            Person.objects.filter(pk=siti.pk).update(
                name="Siti Paser", no_kk="6401010000000055", village_code=paser_village.code, regency_id="64.01",
                address="Jl. Paser 5", phone="0822")
            paser_application = ApplicationFactory(person=Person.objects.get(pk=siti.pk),
                                                   cycle=ProgramCycleFactory(code="PSR-2026"))
            audit_record(actor=staff, action="application.register", target=paser_application, regency_code="64.01",
                         before=before, after={**_person_snapshot(Person.objects.get(pk=siti.pk)), "cycle": "PSR-2026"})

        _migrate(AFTER)

        paser_record = Person.objects.get(pk=siti.pk)
        assert (paser_record.regency_id, paser_record.name, paser_record.no_kk) == ("64.01", "Siti Paser",
                                                                                    "6401010000000055")
        assert Application.objects.get(pk=paser_application.pk).person_id == paser_record.pk
        bantaeng_record = Application.objects.get(pk=bantaeng_application.pk).person
        assert bantaeng_record.pk != paser_record.pk
        assert (bantaeng_record.regency_id, bantaeng_record.name, bantaeng_record.no_kk, bantaeng_record.address,
                bantaeng_record.phone, bantaeng_record.village_code) == (
            "73.03", "Siti Bantaeng", "7303010000000055", "Jl. Bantaeng 9", "0811", bantaeng_village.code)
    finally:
        _migrate_latest()
