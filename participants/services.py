"""Writes of applicants: the registration form, stored import uploads and supporting documents.
Each write runs in one transaction with its audit row."""

import uuid
from datetime import date
from pathlib import Path

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from core.errors import PortalError
from core.identifiers import regency_of

from .models import Application, Document, Person

# What a supporting document may be, told by its first bytes (never by its name or the
# browser's claim): a renamed .exe or .txt is refused.
DOCUMENT_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)


class ApplicationDuplicate(PortalError):
    pass


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
                       phone: str = "", education: str, school_status: str, cycle) -> Application:
    """Register a person's application to a program cycle from the staff form.

    A person is known by NIK: an existing person is reused and their details updated with what
    staff entered (the KTP address may have changed), never created twice. One application per
    person and cycle: a second one raises ApplicationDuplicate."""
    fields = _person_fields(no_kk=no_kk, name=name, birth_date=birth_date, sex=sex, village=village,
                            address=address, phone=phone)
    person = Person.objects.select_for_update().filter(nik=nik).first()
    before = None
    if person is None:
        person, created = Person.objects.get_or_create(nik=nik, defaults=fields)
    else:
        created = False
    if not created:
        if Application.objects.filter(person=person, cycle=cycle).exists():
            raise ApplicationDuplicate(
                _("This NIK already has an application to %(code)s.") % {"code": cycle.code}
            )
        before = _person_snapshot(person)
        for key, value in fields.items():
            setattr(person, key, value)
        person.save()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                person=person, cycle=cycle, regency_id=fields["regency_id"], village_code=village.code,
                education=education, school_status=school_status, source=Application.Source.FORM, created_by=by,
            )
    except IntegrityError:
        # Another registration of the same NIK to the same cycle won the race.
        raise ApplicationDuplicate(
            _("This NIK already has an application to %(code)s.") % {"code": cycle.code}
        ) from None
    audit_record(
        actor=by, action="application.register", target=application, regency_code=application.regency_id,
        before=before,
        after={**_person_snapshot(person), "cycle": cycle.code, "education": education,
               "school_status": school_status, "person_reused": not created},
    )
    return application


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
