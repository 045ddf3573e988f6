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


def persons_by_nik_visible_to(*, user, nik: str) -> list[Person]:
    """The records of this NIK in the user's districts (one per district: provincial staff may
    see several), by district."""
    return list(scope_to_user(Person.objects.select_related("regency").filter(nik=nik), user=user)
                .order_by("regency_id"))


def registrations_elsewhere(*, user, nik: str) -> list[dict]:
    """The same NIK's applications in districts the user may not see, as all that may be said of
    them (docs/identifiers.md): {"regency": the district's name, "cycle": the cycle code}, one
    per district and cycle. Never a name, No. KK, address, decision or DTKS data. One query."""
    visible = scope_to_user(Application.objects.all(), user=user).values("pk")
    rows = (Application.objects.filter(person__nik=nik).exclude(pk__in=visible)
            .values_list("regency__name", "cycle__code").distinct().order_by("regency__name", "cycle__code"))
    return [{"regency": regency, "cycle": cycle} for regency, cycle in rows]


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
