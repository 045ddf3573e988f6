"""Pages of the training side: providers with their workshops and instructors, the shared
package catalogue, batches with their sessions, and provider/instructor calendars.

Who may do what:
- viewing needs `manage_training` or `view_dashboards`, and rows are scoped by the selectors
  (a row outside the user's scope answers 404);
- a system admin creates providers; a provider's own BLK admin (or a system admin) edits it,
  its workshops, instructors, certificates and batches (`user_may_edit_provider`);
- the package catalogue, shared by every provider, is edited by system admins and provincial
  staff only (`user_may_edit_packages`).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import PortalError
from training.courses import selectors
from training.courses.calendar import DateOutOfRange, grid_for, group_by_day
from training.courses.forms import (
    SESSION_PREFIX,
    BatchFilterForm,
    BatchForm,
    CertificationForm,
    InstructorForm,
    PackageForm,
    ProviderForm,
    SessionFormSet,
    WorkshopForm,
    session_rows,
    spans_to_rows,
)
from training.courses.services import (
    BatchSaveError,
    batch_save,
    certification_delete,
    certification_save,
    instructor_save,
    package_save,
    provider_save,
    workshop_save,
)
from training.enrolment import selectors as enrolment_selectors
from training.models import Provider
from training.records import selectors as records_selectors

PROVIDERS_PER_PAGE = 25
INSTRUCTORS_PER_PAGE = 25
PACKAGES_PER_PAGE = 25
BATCHES_PER_PAGE = 25


def training_viewer_required(view):
    """Signed in, and allowed to look at the training pages (BLK admins, staff, officials)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.has_perm("accounts.manage_training") or user.has_perm("accounts.view_dashboards")):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def training_manager_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("accounts.manage_training"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _require_provider_editor(user, provider: Provider) -> None:
    if not selectors.user_may_edit_provider(user=user, provider=provider):
        raise PermissionDenied


def _page(request, queryset, per_page):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


# --- providers -------------------------------------------------------------------------------


@training_viewer_required
def provider_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in Provider.Kind.values else ""
    page = _page(request, selectors.provider_list_visible_to(user=request.user, kind=kind), PROVIDERS_PER_PAGE)
    return render(request, "training/provider_list.html", {
        "page": page, "kind": kind, "kinds": Provider.Kind.choices,
        "may_create": request.user.is_system_admin,
    })


@training_viewer_required
def provider_detail(request, pk):
    provider = selectors.provider_get_visible_or_404(user=request.user, pk=pk)
    today = timezone.localdate()
    return render(request, "training/provider_detail.html", {
        "provider": provider,
        "workshops": provider.workshops.order_by("name"),
        "instructors": selectors.flag_instructors(
            selectors.instructor_list_visible_to(user=request.user, provider_id=provider.pk), on=today
        ),
        "may_edit": selectors.user_may_edit_provider(user=request.user, provider=provider),
    })


@login_required
def provider_create(request):
    if not request.user.is_system_admin:
        raise PermissionDenied
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        provider = provider_save(by=request.user, **form.cleaned_data)
        messages.success(request, _("Provider %(name)s created.") % {"name": provider.name})
        return redirect("training:provider-detail", pk=provider.pk)
    return render(request, "training/provider_form.html", {"form": form, "provider": None})


@training_viewer_required
def provider_edit(request, pk):
    provider = selectors.provider_get_visible_or_404(user=request.user, pk=pk)
    _require_provider_editor(request.user, provider)
    form = ProviderForm(request.POST or None, instance=provider, may_move=request.user.is_system_admin)
    if request.method == "POST" and form.is_valid():
        provider_save(by=request.user, provider=provider, **form.cleaned_data)
        messages.success(request, _("Provider %(name)s saved.") % {"name": provider.name})
        return redirect("training:provider-detail", pk=provider.pk)
    return render(request, "training/provider_form.html", {"form": form, "provider": provider})


def _workshop_form(request, *, provider, workshop):
    form = WorkshopForm(request.POST or None, instance=workshop, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            workshop_save(by=request.user, provider=provider, workshop=workshop, **form.cleaned_data)
        except PortalError as exc:
            form.add_error("capacity", exc.message)
        else:
            messages.success(request, _("Workshop %(name)s saved.") % {"name": form.cleaned_data["name"]})
            return redirect("training:provider-detail", pk=provider.pk)
    return render(request, "training/provider_workshop_form.html",
                  {"form": form, "provider": provider, "workshop": workshop})


@training_viewer_required
def workshop_create(request, pk):
    provider = selectors.provider_get_visible_or_404(user=request.user, pk=pk)
    _require_provider_editor(request.user, provider)
    return _workshop_form(request, provider=provider, workshop=None)


@training_viewer_required
def workshop_edit(request, pk):
    workshop = selectors.workshop_get_visible_or_404(user=request.user, pk=pk)
    _require_provider_editor(request.user, workshop.provider)
    return _workshop_form(request, provider=workshop.provider, workshop=workshop)


# --- instructors -----------------------------------------------------------------------------


@training_viewer_required
def instructor_list(request):
    providers = selectors.provider_queryset_visible_to(user=request.user).order_by("name")
    try:
        provider_id = int(request.GET.get("provider") or 0)
    except ValueError:
        provider_id = 0
    page = _page(request, selectors.instructor_list_visible_to(user=request.user, provider_id=provider_id),
                 INSTRUCTORS_PER_PAGE)
    selectors.flag_instructors(page.object_list, on=timezone.localdate())
    return render(request, "training/instructor_list.html", {
        "page": page, "providers": providers, "provider_id": provider_id,
    })


@training_viewer_required
def instructor_detail(request, pk):
    instructor = selectors.instructor_get_visible_or_404(user=request.user, pk=pk)
    today = timezone.localdate()
    selectors.flag_instructors([instructor], on=today)
    batches = instructor.batches.select_related("package", "workshop").order_by("-start_date")
    batch_rows = [
        {"batch": batch, "expired": selectors.expired_certifications(list(instructor.certifications.all()),
                                                                     on=batch.end_date)}
        for batch in batches
    ]
    return render(request, "training/instructor_detail.html", {
        "instructor": instructor, "today": today, "batch_rows": batch_rows,
        "expired_ids": {c.pk for c in instructor.expired},
        "may_edit": selectors.user_may_edit_provider(user=request.user, provider=instructor.provider),
    })


def _instructor_form(request, *, provider, instructor):
    form = InstructorForm(request.POST or None, instance=instructor)
    if request.method == "POST" and form.is_valid():
        instructor = instructor_save(by=request.user, provider=provider, instructor=instructor, **form.cleaned_data)
        messages.success(request, _("Instructor %(name)s saved.") % {"name": instructor.name})
        return redirect("training:instructor-detail", pk=instructor.pk)
    return render(request, "training/instructor_form.html",
                  {"form": form, "provider": provider, "instructor": instructor})


@training_viewer_required
def instructor_create(request, pk):
    provider = selectors.provider_get_visible_or_404(user=request.user, pk=pk)
    _require_provider_editor(request.user, provider)
    return _instructor_form(request, provider=provider, instructor=None)


@training_viewer_required
def instructor_edit(request, pk):
    instructor = selectors.instructor_get_visible_or_404(user=request.user, pk=pk)
    _require_provider_editor(request.user, instructor.provider)
    return _instructor_form(request, provider=instructor.provider, instructor=instructor)


def _certification_form(request, *, instructor, certification):
    form = CertificationForm(request.POST or None, instance=certification)
    if request.method == "POST" and form.is_valid():
        certification_save(by=request.user, instructor=instructor, certification=certification, **form.cleaned_data)
        messages.success(request, _("Certificate saved."))
        return redirect("training:instructor-detail", pk=instructor.pk)
    return render(request, "training/instructor_certification_form.html",
                  {"form": form, "instructor": instructor, "certification": certification})


@training_viewer_required
def certification_create(request, pk):
    instructor = selectors.instructor_get_visible_or_404(user=request.user, pk=pk)
    _require_provider_editor(request.user, instructor.provider)
    return _certification_form(request, instructor=instructor, certification=None)


@training_viewer_required
def certification_edit(request, pk):
    certification = selectors.certification_get_visible_or_404(user=request.user, pk=pk)
    _require_provider_editor(request.user, certification.instructor.provider)
    return _certification_form(request, instructor=certification.instructor, certification=certification)


@training_viewer_required
@require_POST
def certification_remove(request, pk):
    certification = selectors.certification_get_visible_or_404(user=request.user, pk=pk)
    instructor = certification.instructor
    _require_provider_editor(request.user, instructor.provider)
    certification_delete(by=request.user, certification=certification)
    messages.success(request, _("Certificate removed."))
    return redirect("training:instructor-detail", pk=instructor.pk)


# --- packages --------------------------------------------------------------------------------


@training_viewer_required
def package_list(request):
    page = _page(request, selectors.package_list(), PACKAGES_PER_PAGE)
    return render(request, "training/package_list.html", {
        "page": page, "may_edit": selectors.user_may_edit_packages(user=request.user),
    })


@training_viewer_required
def package_detail(request, pk):
    package = selectors.package_get_or_404(pk=pk)
    return render(request, "training/package_detail.html", {
        "package": package, "may_edit": selectors.user_may_edit_packages(user=request.user),
    })


def package_editor_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not selectors.user_may_edit_packages(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _package_form(request, *, package):
    form = PackageForm(request.POST or None, instance=package)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        units = data.pop("units")
        try:
            package = package_save(by=request.user, package=package, units=units, **data)
        except PortalError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Package %(code)s saved.") % {"code": package.code})
            return redirect("training:package-detail", pk=package.pk)
    return render(request, "training/package_form.html", {"form": form, "package": package})


@package_editor_required
def package_create(request):
    return _package_form(request, package=None)


@package_editor_required
def package_edit(request, pk):
    return _package_form(request, package=selectors.package_get_or_404(pk=pk))


# --- batches ---------------------------------------------------------------------------------


@training_viewer_required
def batch_list(request):
    providers = selectors.provider_queryset_visible_to(user=request.user)
    filter_form = BatchFilterForm(request.GET or None, providers=providers)
    batches = selectors.batch_list_visible_to(user=request.user, **filter_form.filters())
    user = request.user
    return render(request, "training/batch_list.html", {
        "page": _page(request, batches, BATCHES_PER_PAGE),
        "filter_form": filter_form,
        # A BLK admin schedules for their own provider; a system admin picks one on its page.
        "may_create": user.has_perm("accounts.manage_training") and bool(user.provider_id),
    })


@training_viewer_required
def batch_detail(request, pk):
    batch = selectors.batch_get_visible_or_404(user=request.user, pk=pk)
    context = {
        "batch": batch,
        "seats_used": selectors.batch_seats_used(batch=batch),
        "instructors": selectors.batch_instructors_flagged(batch=batch),
        "sessions": selectors.batch_sessions(batch=batch),
        "may_edit": selectors.user_may_edit_provider(user=request.user, provider=batch.provider),
    }
    # The roster and the training records belong to other parts of the app; their selectors
    # say what their partials need.
    context.update(enrolment_selectors.batch_roster_context(batch=batch, user=request.user))
    context.update(records_selectors.batch_records_context(batch=batch, user=request.user))
    return render(request, "training/batch_detail.html", context)


def _batch_form(request, *, provider, batch):
    """The batch form. "Generate" (action=generate) adds the weekly pattern's sessions to the
    list and shows the form again for review; "Save" saves the batch with the listed sessions
    plus, if a pattern is still filled in, its sessions."""
    generating = request.method == "POST" and request.POST.get("action") == "generate"
    if request.method == "POST":
        sessions = SessionFormSet(request.POST, prefix=SESSION_PREFIX)
        form = BatchForm(request.POST, provider=provider, batch=batch, sessions=sessions,
                         check_schedule=not generating)
    else:
        initial = spans_to_rows((s.starts_at, s.ends_at) for s in batch.sessions.all()) if batch else []
        sessions = SessionFormSet(prefix=SESSION_PREFIX, initial=initial)
        form = BatchForm(provider=provider, batch=batch, sessions=sessions)

    if generating:
        form.is_valid()  # cleans what can be cleaned: the dates and the pattern are enough here
        generated = form.pattern_rows() if sessions.is_valid() else []
        if generated:
            listed = session_rows(sessions)
            seen = {(r["day"], r["starts"], r["ends"]) for r in listed}
            added = [r for r in generated if (r["day"], r["starts"], r["ends"]) not in seen]
            rows = sorted(listed + added, key=lambda r: (r["day"], r["starts"], r["ends"]))
            messages.info(request, _("%(count)s sessions added to the list. Check them, then save.")
                          % {"count": len(added)})
            # The pattern is cleared once it has filled the list, so that rows deleted from the
            # list (a holiday) are not generated again on save.
            data = request.POST.copy()
            for name in BatchForm.PATTERN_FIELDS:
                data.pop(name, None)
            sessions = SessionFormSet(prefix=SESSION_PREFIX, initial=rows)
            form = BatchForm(data, provider=provider, batch=batch, sessions=sessions, check_schedule=False)
        elif not any(name in form.errors for name in BatchForm.PATTERN_FIELDS):
            messages.warning(request, _("Give the start and end dates, tick the weekdays and give the times "
                                        "to generate sessions."))
    elif request.method == "POST" and form.is_valid() and sessions.is_valid():
        data = form.cleaned_data
        try:
            saved = batch_save(
                by=request.user, provider=provider, batch=batch, cycle=data["cycle"], package=data["package"],
                workshop=data["workshop"], name=data["name"], start_date=data["start_date"],
                end_date=data["end_date"], capacity=data["capacity"], instructors=data["instructors"],
                sessions=data["spans"],
            )
        except BatchSaveError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Batch %(name)s saved with %(count)s sessions.")
                             % {"name": saved.name, "count": len(data["spans"])})
            return redirect("training:batch-detail", pk=saved.pk)
    return render(request, "training/batch_form.html", {
        "form": form, "sessions": sessions, "provider": provider, "batch": batch,
        "instructor_flags": form.fields["instructors"].expired_by_pk,
    })


@training_manager_required
def batch_create_own(request):
    """"New batch" of a BLK admin: at their own provider. Others start from a provider's page."""
    if not request.user.provider_id:
        messages.info(request, _("Open the provider's page to schedule a batch there."))
        return redirect("training:provider-list")
    return redirect("training:batch-create", pk=request.user.provider_id)


@training_manager_required
def batch_create(request, pk):
    provider = selectors.provider_get_visible_or_404(user=request.user, pk=pk)
    _require_provider_editor(request.user, provider)
    return _batch_form(request, provider=provider, batch=None)


@training_manager_required
def batch_edit(request, pk):
    batch = selectors.batch_get_visible_or_404(user=request.user, pk=pk)
    _require_provider_editor(request.user, batch.provider)
    return _batch_form(request, provider=batch.provider, batch=batch)


# --- calendars -------------------------------------------------------------------------------


def _calendar_context(request, sessions_between):
    try:
        grid = grid_for(view=request.GET.get("view"), month=request.GET.get("month"), week=request.GET.get("week"),
                        today=timezone.localdate())
    except DateOutOfRange:
        raise BadRequest("calendar date out of range") from None
    sessions = sessions_between(first=grid.first, last=grid.last)
    grid.items_by_day = group_by_day(sessions, day_of=lambda s: timezone.localtime(s.starts_at).date())
    weeks = [[{"day": day, "sessions": grid.items_by_day.get(day, []),
               "outside": grid.view == "month" and day.month != grid.anchor.month} for day in week]
             for week in grid.weeks]
    return {"grid": grid, "weeks": weeks, "today": timezone.localdate()}


@training_viewer_required
def provider_calendar(request, pk):
    provider = selectors.provider_get_visible_or_404(user=request.user, pk=pk)
    context = _calendar_context(
        request, lambda first, last: selectors.provider_sessions_between(provider=provider, first=first, last=last)
    )
    context.update({"provider": provider, "subject": provider.name})
    return render(request, "training/calendar_provider.html", context)


@training_viewer_required
def instructor_calendar(request, pk):
    instructor = selectors.instructor_get_visible_or_404(user=request.user, pk=pk, with_certifications=False)
    context = _calendar_context(
        request,
        lambda first, last: selectors.instructor_sessions_between(instructor=instructor, first=first, last=last),
    )
    context.update({"instructor": instructor, "subject": instructor.name})
    return render(request, "training/calendar_instructor.html", context)
