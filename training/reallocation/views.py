"""Quota pages: the overview of seats per district, the §8 reallocation with its proposal and
four-eyes approval, the quota ledger and the initial allocation tool.

Rows of districts are scoped to the user (a district sees its own, the province all of its
districts); moving seats needs approve_reallocation over every district of the cycle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import PortalError
from programs.selectors import cycle_get
from training.reallocation import selectors
from training.reallocation.forms import InitialAllocationForm, ReallocationDecisionForm, ReallocationProposeForm
from training.reallocation.services import (
    initial_allocation_districts,
    initial_allocation_preview,
    initial_allocation_save,
    reallocation_approve,
    reallocation_propose,
    reallocation_reject,
)
from training.rules import may_decide_proposal

dashboards_required = permission_required("accounts.view_dashboards", raise_exception=True)
approver_required = permission_required("accounts.approve_reallocation", raise_exception=True)
CYCLES_PER_PAGE = 10
LEDGER_PER_PAGE = 50


@login_required
@dashboards_required
def quota_overview(request):
    page = Paginator(selectors.cycles_with_visible_quotas(user=request.user), CYCLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = selectors.quota_overview_rows(user=request.user, cycles=page.object_list)
    cycles = [(cycle, rows[cycle.pk]) for cycle in page.object_list]
    return render(request, "training/quota_overview.html", {"page": page, "cycles": cycles})


def _reallocation_page(request, cycle, *, propose_form=None, decision_form=None, status=200):
    user = request.user
    quota_codes = selectors.cycle_quota_codes(cycle=cycle)
    preview, refusal = None, None
    try:
        preview = selectors.reallocation_compute(cycle=cycle)
    except PortalError as exc:
        refusal = exc.message
    pending = selectors.pending_proposal(cycle=cycle)
    may_manage = bool(quota_codes) and selectors.user_may_manage_quotas(user=user, cycle=cycle)
    names = selectors.regency_names(quota_codes)
    return render(
        request,
        "training/reallocation_detail.html",
        {
            "cycle": cycle,
            "preview": preview,
            "preview_rows": selectors.reallocation_rows_visible_to(user=user, districts=preview.districts, names=names)
            if preview else [],
            "partial": not selectors.user_sees_all_districts(user=user, regency_codes=quota_codes),
            "refusal": refusal,
            "registration_closed": selectors.registration_has_closed(cycle=cycle),
            "pending": pending,
            "pending_rows": selectors.reallocation_rows_visible_to(
                user=user, districts=pending.result.get("districts", []), names=names
            ) if pending else [],
            "may_propose": may_manage,
            # Four eyes: the proposer sees the proposal but no decision form.
            "may_decide": may_manage and pending is not None
            and may_decide_proposal(proposed_by_id=pending.proposed_by_id, user_id=user.pk),
            "own_proposal": pending is not None
            and not may_decide_proposal(proposed_by_id=pending.proposed_by_id, user_id=user.pk),
            "outside_districts": selectors.cycle_districts_outside(user=user, cycle=cycle, quota_codes=quota_codes),
            "history": selectors.proposal_list(cycle=cycle).exclude(status="pending")[:20],
            "propose_form": propose_form or ReallocationProposeForm(),
            "decision_form": decision_form or ReallocationDecisionForm(),
        },
        status=status,
    )


@login_required
@dashboards_required
def reallocation(request, code):
    return _reallocation_page(request, cycle_get(code=code))


@login_required
@approver_required
@require_POST
def reallocation_propose_view(request, code):
    cycle = cycle_get(code=code)
    form = ReallocationProposeForm(request.POST)
    if not form.is_valid():
        return _reallocation_page(request, cycle, propose_form=form, status=400)
    try:
        reallocation_propose(cycle=cycle, by=request.user, reason=form.cleaned_data["reason"])
    except PortalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Reallocation proposed. Another official must approve it before it applies."))
    return redirect("training:reallocation", code=cycle.code)


@login_required
@approver_required
@require_POST
def reallocation_decide(request, code, proposal_id):
    cycle = cycle_get(code=code)
    proposal = selectors.proposal_get(cycle=cycle, proposal_id=proposal_id)
    form = ReallocationDecisionForm(request.POST)
    if not form.is_valid():
        return _reallocation_page(request, cycle, decision_form=form, status=400)
    try:
        if form.approve:
            reallocation_approve(proposal=proposal, by=request.user, note=form.cleaned_data["note"])
        else:
            reallocation_reject(proposal=proposal, by=request.user, note=form.cleaned_data["note"])
    except PortalError as exc:
        messages.error(request, exc.message)
    else:
        if form.approve:
            messages.success(request, _("Reallocation approved: the new quotas apply."))
        else:
            messages.success(request, _("Reallocation rejected: the quotas are unchanged."))
    return redirect("training:reallocation", code=cycle.code)


@login_required
@dashboards_required
def quota_ledger(request, code):
    cycle = cycle_get(code=code)
    page = Paginator(selectors.quota_ledger_visible_to(user=request.user, cycle=cycle), LEDGER_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "training/quota_ledger.html", {"cycle": cycle, "page": page})


@login_required
@approver_required
def initial_allocation(request, code):
    cycle = cycle_get(code=code)
    districts = initial_allocation_districts(cycle=cycle)
    if not selectors.user_may_manage_quotas(user=request.user, cycle=cycle, regency_codes=districts):
        raise PermissionDenied
    form = InitialAllocationForm(request.POST or None)
    lines = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "save" in request.POST:
                initial_allocation_save(
                    cycle=cycle, by=request.user, total=data["total"], weight=data["weight"],
                    minimum=data["minimum"], reason=data["reason"],
                )
                messages.success(request, _("Initial quotas of %(code)s saved.") % {"code": cycle.code})
                return redirect("training:quota-ledger", code=cycle.code)
            lines = initial_allocation_preview(
                cycle=cycle, total=data["total"], weight=data["weight"], minimum=data["minimum"]
            )
        except PortalError as exc:
            form.add_error(None, exc.message)
    names = selectors.regency_names(districts)
    for line in lines or []:
        line["name"] = names.get(line["region"], "")
    return render(
        request,
        "training/quota_initial_allocation.html",
        {
            "cycle": cycle,
            "form": form,
            "lines": lines,
            "districts": [(code, names.get(code, "")) for code in districts],
        },
    )
