"""Reads of applicants, always narrowed to the user's districts (accounts.selectors)."""

from django.db.models import QuerySet

from accounts.selectors import get_visible_or_404, scope_to_user

from .models import Application, Document, Person


def application_list_visible_to(*, user, search: str = "") -> QuerySet[Application]:
    """Applications of the user's districts, newest first; `search` matches a name or a NIK
    (digits typed with or without separators)."""
    applications = scope_to_user(
        Application.objects.select_related("person", "cycle", "cycle__program", "regency", "eligibility"), user=user
    )
    search = (search or "").strip()
    if search:
        compact = search.replace(" ", "").replace(".", "").replace("-", "")
        if compact.isdigit():
            applications = applications.filter(person__nik__startswith=compact)
        else:
            applications = applications.filter(person__name__icontains=search)
    return applications.order_by("-created_at", "-id")


def application_get_visible(*, user, application_id: int) -> Application:
    """One application the user may see; 404 for another district's, as for a missing one."""
    return get_visible_or_404(
        Application.objects.select_related("person", "cycle", "cycle__program", "regency", "eligibility"),
        user=user, pk=application_id,
    )


def person_get_visible(*, user, person_id: int) -> Person:
    return get_visible_or_404(Person.objects.select_related("regency"), user=user, pk=person_id)


def person_by_nik(*, nik: str) -> Person | None:
    """The person with this NIK in any district (a NIK is registered once nationwide)."""
    return Person.objects.select_related("regency").filter(nik=nik).first()


def person_is_visible_to(*, user, person: Person) -> bool:
    return scope_to_user(Person.objects.filter(pk=person.pk), user=user).exists()


def application_list_of_person(*, person: Person) -> QuerySet[Application]:
    return person.applications.select_related("cycle", "eligibility").order_by("-created_at", "-id")


def document_list_of(*, application: Application) -> QuerySet[Document]:
    return application.documents.select_related("uploaded_by").order_by("kind", "-uploaded_at")


def document_get_visible(*, user, document_id: int) -> Document:
    """A document of an application the user may see; 404 otherwise."""
    return get_visible_or_404(
        Document.objects.select_related("application"), user=user, regency_field="application__regency",
        pk=document_id,
    )


def application_status_label(application: Application) -> str:
    """The staff decision if there is one, else the automatic result, else 'not checked yet'."""
    from django.utils.translation import gettext as _

    result = getattr(application, "eligibility", None) if _has_eligibility(application) else None
    if result is not None:
        if result.decision:
            return result.get_decision_display()
        if result.status:
            return result.get_status_display()
    return _("Not checked yet")


def _has_eligibility(application: Application) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        application.eligibility  # noqa: B018
    except ObjectDoesNotExist:
        return False
    return True


def application_paths_of_person(*, person: Person) -> list[dict]:
    """Each application of the person with what followed it, for the training path on the
    person page: the eligibility result and staff decision, then every seat (enrolment) with its
    batch, attendance, result and certificate. Withdrawn seats stay in the list: the path is a
    history. A fixed number of queries (applications, enrolments, two attendance counts),
    however many applications the person has."""
    from django.db.models import Prefetch

    from training.models import Enrolment
    from training.records.selectors import enrolment_attendance_counts

    applications = list(
        person.applications.select_related("cycle__program", "eligibility__decided_by")
        .prefetch_related(Prefetch(
            "enrolments",
            queryset=(
                Enrolment.objects.select_related("batch__provider", "batch__package")
                .order_by("enrolled_at", "pk")
            ),
        ))
        .order_by("-created_at", "-id")
    )
    enrolments = [enrolment for application in applications for enrolment in application.enrolments.all()]
    attendance = enrolment_attendance_counts(enrolments)
    return [
        {
            "application": application,
            "result": application.eligibility if _has_eligibility(application) else None,
            "status": application_status_label(application),
            "enrolments": [{"enrolment": e, "attendance": attendance[e.pk]} for e in application.enrolments.all()],
        }
        for application in applications
    ]
