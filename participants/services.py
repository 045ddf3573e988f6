"""Writes of applicants: the registration form, the applicant import (§4, docs/applicants.md) and
its background job, and supporting documents. Each write runs in one transaction with its audit
row."""

import uuid
from datetime import date
from pathlib import Path

from django.core.files.base import File
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.selectors import regency_codes_visible_to
from audit.services import audit_record
from core.copy import copy_from_lines
from core.dates import birth_date_problem
from core.errors import PortalError
from core.identifiers import regency_of
from core.importing import CoverageReport, Problem
from core.jobs import job_create, job_enqueue
from core.models import Job
from core.tabular import open_table
from programs.models import ProgramCycle
from regions.selectors import known_region_codes

from . import tasks
from .applicant_import import (
    ALREADY_STORED,
    COLUMNS,
    INSERT_APPLICATIONS,
    INSERT_PERSONS,
    PERSON_DIFFERS,
    REQUIRED,
    STAGING,
    STORED_ELSEWHERE,
    applicant_rows,
)
from .models import Application, Document, ParticipantsJob, Person
from .values import registered_elsewhere_text

# What a supporting document may be, told by its first bytes (never by its name or the
# browser's claim): a renamed .exe or .txt is refused.
DOCUMENT_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)


class ApplicationDuplicate(PortalError):
    pass


class RegistrationRefused(PortalError):
    """A registration the form must not save; `field` names the form field to show it on."""

    def __init__(self, message, *, field: str):
        super().__init__(message)
        self.field = field


def registration_refusal(*, cycle, today: date, late_reason: str, may_register_late: bool):
    """Why a registration to `cycle` made on `today` is refused, as (field, message), or None.
    After registration closes only staff with the late-registration capability may register,
    and only with a reason (audited). Imports are not limited by these dates (§2)."""
    if cycle.registration_opens is not None and today < cycle.registration_opens:
        return "cycle", _("Registration for %(code)s opens on %(date)s.") % {
            "code": cycle.code, "date": date_format(cycle.registration_opens)}
    if today <= cycle.registration_closes:
        return None
    closed = _("Registration for %(code)s closed on %(date)s.") % {
        "code": cycle.code, "date": date_format(cycle.registration_closes)}
    if not may_register_late:
        return "cycle", closed
    if not late_reason.strip():
        return "late_reason", _("%(closed)s Give the reason for this late registration.") % {"closed": closed}
    return None


def _person_fields(*, no_kk, name, birth_date, sex, village, address, phone) -> dict:
    return {
        "no_kk": no_kk, "name": name.strip(), "birth_date": birth_date, "sex": sex,
        "village_code": village.code, "regency_id": regency_of(village.code),
        "address": address or "", "phone": phone or "",
    }


def _person_snapshot(person: Person) -> dict:
    return {
        "nik": person.nik, "no_kk": person.no_kk, "name": person.name, "birth_date": person.birth_date.isoformat(),
        "sex": person.sex, "village_code": person.village_code, "address": person.address, "phone": person.phone,
    }


@transaction.atomic
def applicant_register(*, by, nik: str, no_kk: str, name: str, birth_date: date, sex: str, village, address: str = "",
                       phone: str = "", education: str, school_status: str, cycle,
                       late_reason: str = "") -> Application:
    """Register a person's application to a program cycle from the staff form.

    A person is known by NIK within a district (the desa's): the district's existing record is
    reused and updated with what staff entered (the KTP address may have changed), never created
    twice. Another district's record of the same NIK is neither read nor changed: a first
    registration here makes this district's own record. One application per NIK and cycle: a
    second one raises ApplicationDuplicate (naming only the district and cycle of another
    district's application). A birth date nobody alive can have, or a cycle whose registration
    is not open (registration_refusal), raises RegistrationRefused."""
    today = timezone.localdate()
    problem = birth_date_problem(birth_date, today=today)
    if problem is not None:
        raise RegistrationRefused(problem, field="birth_date")
    refusal = registration_refusal(cycle=cycle, today=today, late_reason=late_reason,
                                   may_register_late=by.has_perm("accounts.register_late"))
    if refusal is not None:
        raise RegistrationRefused(refusal[1], field=refusal[0])
    late = today > cycle.registration_closes
    fields = _person_fields(no_kk=no_kk, name=name, birth_date=birth_date, sex=sex, village=village,
                            address=address, phone=phone)
    regency_id = fields["regency_id"]
    person = Person.objects.select_for_update().filter(nik=nik, regency_id=regency_id).first()
    before = None
    if person is None:
        person, created = Person.objects.get_or_create(nik=nik, regency_id=regency_id, defaults=fields)
    else:
        created = False
    _refuse_second_application(nik=nik, cycle=cycle, regency_id=regency_id)
    if not created:
        before = _person_snapshot(person)
        for key, value in fields.items():
            setattr(person, key, value)
        person.save()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                person=person, cycle=cycle, regency_id=regency_id, village_code=village.code,
                education=education, school_status=school_status, source=Application.Source.FORM, created_by=by,
            )
    except IntegrityError:
        # Another registration of the same NIK to the same cycle won the race.
        raise ApplicationDuplicate(
            _("This NIK already has an application to %(code)s.") % {"code": cycle.code}
        ) from None
    after = {**_person_snapshot(person), "cycle": cycle.code, "education": education,
             "school_status": school_status, "person_reused": not created}
    if late:
        after["late_reason"] = late_reason.strip()
    audit_record(
        actor=by, action="application.register_late" if late else "application.register", target=application,
        regency_code=application.regency_id, before=before, after=after,
    )
    return application


def _refuse_second_application(*, nik: str, cycle, regency_id: str) -> None:
    """ApplicationDuplicate when the NIK already applied to `cycle`: in this district, said as
    before; in another, said only as the district and cycle (identifiers.md)."""
    other = (Application.objects.filter(person__nik=nik, cycle=cycle).select_related("regency")
             .order_by(Case(When(regency_id=regency_id, then=0), default=1), "pk").first())
    if other is None:
        return
    if other.regency_id == regency_id:
        raise ApplicationDuplicate(_("This NIK already has an application to %(code)s.") % {"code": cycle.code})
    raise ApplicationDuplicate(registered_elsewhere_text(regency_name=other.regency.name, cycle_code=cycle.code))


def document_content_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, JPEG or PNG told by its first bytes; None otherwise."""
    for signature, content_type, extension in DOCUMENT_SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


@transaction.atomic
def document_upload(*, by, application: Application, kind: str, upload) -> Document:
    """Store a supporting document of an application. The caller has checked that `by` may see
    the application and that the content is a PDF, JPEG or PNG."""
    upload.seek(0)
    detected = document_content_type(upload.read(16))
    upload.seek(0)
    if detected is None:
        raise PortalError(_("Only PDF, JPEG or PNG files are accepted."))
    content_type, extension = detected
    stored_name = f"{uuid.uuid4().hex}{extension}"
    document = Document(
        application=application, kind=kind, original_name=Path(upload.name or "").name[:255] or stored_name,
        content_type=content_type, size=upload.size, uploaded_by=by,
    )
    document.file.save(stored_name, File(upload), save=False)
    # The file is on disk before the row: if the row or its audit fails, remove the file again.
    try:
        document.save()
        audit_record(
            actor=by, action="document.upload", target=document, regency_code=application.regency_id,
            after={"application": application.pk, "kind": kind, "file_name": document.original_name,
                   "content_type": content_type, "size": document.size},
        )
    except Exception:
        document.file.delete(save=False)
        raise
    return document


# --- the applicant import (§4) -----------------------------------------------------------------


def applicants_import(*, path: Path, file_name: str, by=None, job=None, regency_codes: set[str] | None = None,
                      current_year: int | None = None, progress=None) -> CoverageReport:
    """Import the applicant file. `regency_codes` limits the rows to a user's districts (None:
    any district, as the command does). Raises core.tabular.FileRefused for a refused file.
    The report names the kabupaten/kota of the rows imported (§9: JSON as for import_dtks)."""
    report = CoverageReport()
    current_year = current_year or timezone.localdate().year
    cycles = dict(ProgramCycle.objects.values_list("code", "id"))
    known_regencies, known_villages = known_region_codes()
    now = timezone.now()
    with transaction.atomic():
        table = open_table(path, columns=COLUMNS, required=REQUIRED, file_name=file_name)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS applicant_staging")
            cursor.execute(STAGING)
            rows = applicant_rows(table, cycles=cycles, regency_codes=regency_codes, report=report,
                                  current_year=current_year, today=timezone.localdate(),
                                  known_regencies=known_regencies, known_villages=known_villages, progress=progress)
            copy_from_lines(cursor, "COPY applicant_staging FROM STDIN", rows)
            cursor.execute(ALREADY_STORED)
            stored = [(line, _("This NIK already has an application to %(code)s") % {"code": code})
                      for line, code in cursor.fetchall()]
            cursor.execute(STORED_ELSEWHERE)
            own = {line for line, _m in stored}
            stored += [(line, registered_elsewhere_text(regency_name=regency, cycle_code=code))
                       for line, regency, code in cursor.fetchall() if line not in own]
            if stored:
                for line, message in stored:
                    report.errors.append(Problem(line, "nik", message))
                report.rejected += len(stored)
                cursor.execute("DELETE FROM applicant_staging WHERE line = ANY(%s)", [[line for line, _m in stored]])
            cursor.execute(PERSON_DIFFERS)
            for (line,) in cursor.fetchall():
                report.warnings.append(Problem(line, "nik", _(
                    "A person with this NIK is already registered in this district with another name, birth date "
                    "or sex; the registered data is kept"
                )))
            cursor.execute("SELECT DISTINCT regency FROM applicant_staging ORDER BY regency")
            report.districts = [code for (code,) in cursor.fetchall()]
            cursor.execute(INSERT_PERSONS, {"now": now})
            cursor.execute(INSERT_APPLICATIONS, {"now": now, "job": job.pk if job else None,
                                                 "user": by.pk if by is not None and by.pk else None})
            report.imported = cursor.rowcount
            if report.imported > 1000:
                # Fresh statistics, so that the eligibility run right after plans hash joins.
                cursor.execute("ANALYZE participants_person, participants_application")
        if report.imported or report.rejected:
            audit_record(actor=by, action="applicants.import", target=job,
                         after={"file": file_name, "imported": report.imported, "rejected": report.rejected})
    return report


@transaction.atomic
def applicants_import_start(*, stored_path: str, file_name: str, by) -> Job:
    """Queue an applicant import; rows are limited to the user's districts."""
    codes = regency_codes_visible_to(user=by)
    job = job_create(
        kind=ParticipantsJob.APPLICANT_IMPORT, by=by, regency_code=by.regency_id or "",
        params={"regency_codes": codes}, input_file=stored_path, input_name=file_name,
    )
    job_enqueue(job, tasks.import_applicants)
    return job
