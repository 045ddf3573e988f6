"""The waiting list, enrolling from it, and withdrawing from a batch's roster."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regions.selectors import village_names
from training.enrolment.forms import EnrolmentForm, WaitingListFilterForm, WithdrawalForm
from training.enrolment.selectors import (
    batch_cycle_codes_visible_to,
    batches_with_free_seats,
    district_seats,
    enrolment_get_manageable_or_404,
    waiting_list,
)
from training.enrolment.services import EnrolmentRefused, enrolment_create, enrolment_withdraw

WAITING_LIST_PER_PAGE = 50
# Who may read the waiting list: BLK admins fill seats from it, Dinas Sosial staff decide the
# applications on it, officials follow the quotas.
READ_CAPABILITIES = ("accounts.manage_training", "accounts.verify_eligibility", "accounts.view_dashboards")


def _require_any(user, capabilities) -> None:
    if not any(user.has_perm(capability) for capability in capabilities):
        raise PermissionDenied


def _require_manage_training(user) -> None:
    _require_any(user, ("accounts.manage_training",))


def batch_page_url(batch_id: int) -> str:
    return reverse("training:batch-detail", args=[batch_id])


def _waiting_list_url(*, cycle_code: str, regency_code: str) -> str:
    return f"{reverse('training:waiting-list')}?cycle={cycle_code}&regency={regency_code}"


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


@login_required
@require_GET
def waiting_list_view(request):
    _require_any(request.user, READ_CAPABILITIES)
    data = request.GET.copy()
    form = WaitingListFilterForm(data, user=request.user)
    runs_training = request.user.has_perm("accounts.manage_training")
    batch_cycles = batch_cycle_codes_visible_to(user=request.user) if runs_training else []
    # Open on the newest cycle (a BLK admin's: the newest they have a batch in) and, for a
    # district user, their own district.
    for key, value in form.default_data(preferred_cycles=batch_cycles).items():
        data.setdefault(key, value)
    if not ("cycle" in data and "regency" in data):
        # Nothing chosen yet: an unbound form, so the page opens without "this field is required".
        form = WaitingListFilterForm(initial=data.dict(), user=request.user)
    context = {"form": form, "listed": False}
    if form.is_bound and form.is_valid():
        cycle, regency = form.cleaned_data["cycle"], form.cleaned_data["regency"]
        seats = district_seats(cycle=cycle, regency=regency)
        page = Paginator(waiting_list(cycle=cycle, regency_code=regency.code), WAITING_LIST_PER_PAGE).get_page(
            request.GET.get("page")
        )
        desa = village_names(application.village_code for application in page.object_list)
        may_enrol = request.user.has_perm("accounts.manage_training") and seats.left > 0
        batches = batches_with_free_seats(user=request.user, cycle=cycle) if may_enrol else []
        context.update({
            "listed": True,
            "cycle": cycle,
            "regency": regency,
            "seats": seats,
            "page": page,
            "rows": [(application, desa.get(application.village_code, "")) for application in page.object_list],
            "batches": batches,
            # The same <option>s in every row's Enrol form: built once, not once per row.
            "batch_options": format_html_join(
                "", '<option value="{}">{} ({}/{})</option>',
                ((batch.pk, batch.name, batch.seats_used, batch.capacity) for batch in batches),
            ),
            "may_enrol": may_enrol,
            "has_batches": cycle.code in batch_cycles,
        })
    return render(request, "training/waiting_list.html", context)


@login_required
@require_POST
def enrolment_create_view(request):
    _require_manage_training(request.user)
    form = EnrolmentForm(request.POST, user=request.user)
    fallback = reverse("training:waiting-list")
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields and form.fields[field].label else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(_safe_next(request, fallback))
    application, batch = form.cleaned_data["application"], form.cleaned_data["batch"]
    fallback = _waiting_list_url(cycle_code=application.cycle.code, regency_code=application.regency_id)
    try:
        enrolment_create(batch=batch, application=application, by=request.user, note=form.cleaned_data["note"])
    except EnrolmentRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("%(name)s is enrolled in %(batch)s.") % {
            "name": application.person.name, "batch": batch.name,
        })
    return redirect(_safe_next(request, fallback))


@login_required
@require_POST
def enrolment_withdraw_view(request, pk):
    _require_manage_training(request.user)
    enrolment = enrolment_get_manageable_or_404(user=request.user, pk=pk)
    form = WithdrawalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the withdrawal."))
        return redirect(batch_page_url(enrolment.batch_id))
    try:
        enrolment_withdraw(enrolment=enrolment, by=request.user, reason=form.cleaned_data["reason"])
    except EnrolmentRefused as refused:
        messages.error(request, refused.message)
    else:
        seats = district_seats(cycle=enrolment.cycle, regency=enrolment.regency)
        values = {"name": enrolment.application.person.name, "district": enrolment.regency.name}
        if seats.next_in_line is not None:
            values["next"] = seats.next_in_line.person.name
            message = _("%(name)s is withdrawn and the seat is free. Next in line for %(district)s: %(next)s.")
        else:
            message = _("%(name)s is withdrawn and the seat is free. Nobody is waiting in %(district)s.")
        messages.success(request, message % values)
    return redirect(batch_page_url(enrolment.batch_id))
