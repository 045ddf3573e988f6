"""Monitoring pages: the visit list (overdue, due, per officer and per kecamatan) with bulk
assignment, the visit form made for a phone in the field, visit photos, survival figures,
coaching sessions and a graduate's outcome."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import PortalError
from core.forms import id_param
from grants import access, rules
from grants.forms import CoachingForm, OutcomeForm, VisitAssignForm, VisitForm
from grants.models import MonitoringVisit
from grants.monitoring import selectors, services
from grants.schemes.selectors import scheme_get_visible, scheme_list_visible_to
from participants.models import Person
from participants.selectors import person_get_visible
from regions.selectors import regency_list_visible_to
from training.models import Batch

VISITS_PER_PAGE = 50
COACHING_PER_PAGE = 30


@access.view_required
def visit_list(request):
    today = timezone.localdate()
    state = request.GET.get("state", "overdue")
    if state not in selectors.STATES:
        state = "overdue"
    officer, subdistrict = request.GET.get("officer", ""), request.GET.get("kecamatan", "")
    visits = selectors.visit_list_visible_to(user=request.user, today=today, state=state, officer=officer,
                                             subdistrict=subdistrict)
    page = Paginator(visits, VISITS_PER_PAGE).get_page(request.GET.get("page"))
    officers = selectors.officers_visible_to(user=request.user)
    by_officer, by_subdistrict = selectors.overdue_summary(user=request.user, today=today)
    return render(request, "grants/visit_list.html", {
        "page": page, "state": state, "officer": officer, "kecamatan": subdistrict, "today": today,
        "by_officer": by_officer, "by_subdistrict": by_subdistrict,
        "officers": officers, "assign_form": VisitAssignForm(officers=officers),
        "can_manage": request.user.has_perm(access.MANAGE),
        "states": [("overdue", _("Overdue")), ("due", _("Due this week")), ("scheduled", _("All to be made")),
                   ("done", _("Done")), ("all", _("All"))],
        "rows": [(visit, rules.visit_state(due_on=visit.due_on, done=visit.status == "done", today=today))
                 for visit in page.object_list],
    })


@require_POST
@access.manage_required
def visits_assign(request):
    officers = selectors.officers_visible_to(user=request.user)
    form = VisitAssignForm(request.POST, officers=officers)
    ids = [int(v) for v in request.POST.getlist("visit") if id_param(v) is not None]
    back = request.POST.get("next") or ""
    if not back.startswith("/grants/"):
        back = "/grants/visits/"
    if not form.is_valid():
        messages.error(request, _("Choose an officer."))
        return redirect(back)
    visits = selectors.visit_list_visible_to(user=request.user, today=timezone.localdate(), state="all").filter(
        pk__in=ids)
    try:
        changed = services.visits_assign(by=request.user, visits=visits, officer=form.cleaned_data["officer"])
    except PortalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(count)s visits assigned to %(name)s.")
                         % {"count": changed, "name": form.cleaned_data["officer"].get_full_name()
                            or form.cleaned_data["officer"].username})
    return redirect(back)


@access.view_required
def visit_detail(request, pk):
    """The visit form (a phone in the field: one column, big choices, the camera, optional GPS),
    or, once recorded, what was found."""
    visit = selectors.visit_get_visible(user=request.user, pk=pk)
    grant = visit.grant
    items = list(grant.items.exclude(asset_tag="").order_by("position", "pk"))
    form = None
    if visit.status == MonitoringVisit.Status.SCHEDULED and request.user.has_perm(access.MANAGE):
        outcome = selectors.outcome_of(person=grant.person)
        form = VisitForm(request.POST or None, request.FILES or None, items=items,
                         initial={"visited_on": timezone.localdate(),
                                  "outcome": outcome.status if outcome else "self_employed"})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.visit_record(
                    visit=visit, by=request.user, visited_on=data["visited_on"],
                    business_status=data["business_status"], monthly_revenue=data["monthly_revenue"],
                    employees=data["employees"], notes=data["notes"], in_use=form.in_use(), photos=data["photos"],
                    latitude=data["latitude"], longitude=data["longitude"], accuracy=data["accuracy"],
                    outcome=data["outcome"])
            except PortalError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Visit recorded."))
                return redirect("grants:visit-detail", pk=visit.pk)
    checks = {check.item_id: check.in_use for check in visit.asset_checks.all()}
    return render(request, "grants/visit_form.html", {
        "visit": visit, "grant": grant, "form": form, "items": items,
        "item_checks": [(item, checks.get(item.pk)) for item in items], "photos": list(visit.photos.all()),
    }, status=400 if form is not None and request.method == "POST" else 200)


@require_GET
@access.view_required
def visit_photo(request, pk):
    photo = selectors.visit_photo_get_visible(user=request.user, pk=pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type,
                            filename=photo.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@access.view_required
def survival(request):
    today = timezone.localdate()
    scheme = None
    if (scheme_id := id_param(request.GET.get("scheme"))) is not None:
        scheme = scheme_get_visible(user=request.user, pk=scheme_id)
    rows = selectors.survival_table(user=request.user, today=today, scheme=scheme)
    months = selectors.survival_months(rows)
    return render(request, "grants/survival.html", {
        "rows": rows, "months": months, "scheme": scheme, "today": today,
        "schemes": scheme_list_visible_to(user=request.user),
        "labels": [(m, selectors.survival_numerator_label(m), selectors.survival_denominator_label(m))
                   for m in months],
    })


@access.view_required
def coaching_list(request):
    page = Paginator(selectors.coaching_list_visible_to(user=request.user), COACHING_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "grants/coaching_list.html", {"page": page})


@access.manage_required
def coaching_form(request, pk=None):
    session = selectors.coaching_get_visible(user=request.user, pk=pk) if pk else None
    regencies = regency_list_visible_to(user=request.user)
    regency = session.regency if session else (request.user.regency or regencies.first())
    batch_id = id_param(request.GET.get("batch"))
    ids = selectors.graduates_visible_to(user=request.user, batch_id=batch_id).filter(regency=regency).order_by()
    chosen = Q(pk__in=ids.values("pk"))
    if session is not None:
        chosen |= Q(coaching_sessions=session)
    graduates = Person.objects.filter(chosen)
    initial = {"officer": request.user, "held_on": timezone.localdate()}
    if session is not None:
        initial = {"topic": session.topic, "held_on": session.held_on, "place": session.place,
                   "officer": session.officer, "scheme": session.scheme, "notes": session.notes,
                   "attendees": list(session.attendees.all())}
    form = CoachingForm(request.POST or None, initial=initial,
                        officers=selectors.officers_visible_to(user=request.user).filter(regency=regency),
                        schemes=scheme_list_visible_to(user=request.user).filter(regency=regency),
                        graduates=graduates.distinct().order_by("name"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.coaching_session_save(by=request.user, regency=regency, session=session,
                                                   attendees=data["attendees"],
                                                   **{k: data[k] for k in ("topic", "held_on", "place", "officer",
                                                                           "scheme", "notes")})
        except PortalError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Coaching session saved."))
            return redirect("grants:coaching-edit", pk=saved.pk)
    batches = Batch.objects.filter(provider__regency=regency).order_by("-start_date")[:50]
    return render(request, "grants/coaching_form.html", {"form": form, "session": session, "batches": batches,
                                                         "batch_id": batch_id, "regency": regency})


@access.manage_required
def outcome_edit(request, person_id):
    person = person_get_visible(user=request.user, person_id=person_id)
    outcome = selectors.outcome_of(person=person)
    form = OutcomeForm(request.POST or None, initial={
        "status": outcome.status if outcome else "", "confirmed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(person=person, by=request.user, **form.cleaned_data)
        except PortalError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect("participants:person-detail", person_id=person.pk)
    return render(request, "grants/outcome_form.html", {"person": person, "outcome": outcome, "form": form})
