"""Proposal pages: the list, entering a proposal for a graduate (with their training path beside
it), a proposal's page with its workflow, the approval page with the remaining budget before and
after, the handover and its BAST PDF, and the KUR referral."""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import PortalError
from core.letterhead import letterhead_for
from grants import access, rules
from grants.forms import (
    BUSINESS_TYPES,
    BankAccountForm,
    GrantForm,
    HandoverForm,
    KurDecisionForm,
    KurReferralForm,
    NoteForm,
    ReasonForm,
    grant_initial,
)
from grants.models import Grant, GrantScheme
from grants.monitoring.selectors import officers_visible_to, outcome_of
from grants.proposals import pdf, selectors, services
from grants.schemes.selectors import scheme_get_visible
from regions.selectors import regency_list_visible_to
from training.records.selectors import person_training_paths

GRANTS_PER_PAGE = 50


def _training_context(person) -> dict:
    return {"paths": person_training_paths(person=person)}


@access.view_required
def grant_list(request):
    status = request.GET.get("status", "")
    if status not in Grant.Status.values:
        status = ""
    grants = selectors.grant_list_visible_to(user=request.user, status=status, search=request.GET.get("q", ""))
    page = Paginator(grants, GRANTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "grants/grant_list.html", {"page": page, "status": status,
                                                      "statuses": Grant.Status.choices})


@access.approve_required
def approval_list(request):
    page = Paginator(selectors.approvals_waiting(user=request.user), GRANTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "grants/approval_list.html", {"page": page})


def _grant_form_page(request, *, scheme, enrolment, grant=None):
    officers = officers_visible_to(user=request.user)
    form = GrantForm(request.POST or None, scheme=scheme, regencies=regency_list_visible_to(user=request.user),
                     officers=officers, initial=grant_initial(grant) if grant else None)
    problems = services.grant_eligibility_problems(scheme=scheme, enrolment=enrolment) if grant is None else []
    if request.method == "POST" and form.is_valid():
        try:
            if grant is None:
                grant = services.grant_create(by=request.user, scheme=scheme, enrolment=enrolment,
                                              **form.service_arguments())
                messages.success(request, _("Proposal saved as a draft. Submit it when it is complete."))
            else:
                services.grant_update(by=request.user, grant=grant, **form.service_arguments())
                messages.success(request, _("Proposal saved."))
        except PortalError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("grants:grant-detail", pk=grant.pk)
    return render(request, "grants/grant_form.html", {
        "form": form, "scheme": scheme, "enrolment": enrolment, "person": enrolment.application.person,
        "grant": grant, "problems": problems, "business_types": BUSINESS_TYPES,
        **_training_context(enrolment.application.person),
    }, status=400 if request.method == "POST" else 200)


@access.manage_required
def grant_create(request, pk, enrolment_id):
    scheme = scheme_get_visible(user=request.user, pk=pk)
    enrolment = selectors.enrolment_for_proposal(scheme=scheme, enrolment_id=enrolment_id)
    return _grant_form_page(request, scheme=scheme, enrolment=enrolment)


@access.manage_required
def grant_edit(request, pk):
    grant = selectors.grant_get_visible(user=request.user, pk=pk)
    if grant.status != Grant.Status.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("grants:grant-detail", pk=grant.pk)
    return _grant_form_page(request, scheme=grant.scheme, enrolment=grant.enrolment, grant=grant)


def _detail_context(request, grant) -> dict:
    user = request.user
    checked = [grant.verified_by_id, grant.approved_by_id]
    refusal = rules.four_eyes_refusal(user_id=user.pk, proposed_by_id=grant.proposed_by_id,
                                      submitted_by_id=grant.submitted_by_id,
                                      earlier_checker_ids=[c for c in checked if c])
    may_manage, may_approve = user.has_perm(access.MANAGE), user.has_perm(access.APPROVE)
    status = grant.status
    return {
        "grant": grant, "scheme": grant.scheme, "person": grant.person, "items": list(grant.items.all()),
        "handover": selectors.handover_of(grant), "referral": selectors.kur_referral_of(grant),
        "payments": list(grant.payments.all()), "visits": list(grant.visits.all()),
        "outcome": outcome_of(person=grant.person), "own": refusal == rules.NOT_YOUR_OWN,
        "may_edit": may_manage and status == Grant.Status.DRAFT,
        "may_submit": may_manage and status == Grant.Status.DRAFT,
        "may_verify": may_manage and status == Grant.Status.SUBMITTED and refusal is None,
        "may_approve": may_approve and status in rules.APPROVE_FROM and refusal is None,
        "may_reject": refusal is None and (
            (may_manage and status == Grant.Status.SUBMITTED) or (may_approve and status in rules.APPROVE_FROM)),
        "may_cancel": may_manage and status in Grant.COMMITTED,
        "may_return": may_manage and status in (Grant.Status.DISBURSED, Grant.Status.HANDED_OVER),
        "may_handover": may_manage and selectors.handover_of(grant) is None and (
            (grant.scheme.kind == GrantScheme.Kind.EQUIPMENT and status == Grant.Status.APPROVED)
            or (grant.scheme.kind == GrantScheme.Kind.CASH and status == Grant.Status.DISBURSED)),
        "may_change_account": may_manage and grant.scheme.kind == GrantScheme.Kind.CASH
        and status in Grant.COMMITTED,
        "account_form": BankAccountForm(initial={"bank_name": grant.bank_name,
                                                 "bank_account_number": grant.bank_account_number,
                                                 "bank_account_name": grant.bank_account_name}),
        "may_refer": may_manage and grant.scheme.kind == GrantScheme.Kind.KUR and status == Grant.Status.APPROVED,
        "note_form": NoteForm(), "reason_form": ReasonForm(),
        **_training_context(grant.person),
    }


@access.view_required
def grant_detail(request, pk):
    grant = selectors.grant_get_visible(user=request.user, pk=pk)
    return render(request, "grants/grant_detail.html", _detail_context(request, grant))


STEPS = {
    "submit": (access.MANAGE, None), "verify": (access.MANAGE, NoteForm), "reject": (None, ReasonForm),
    "cancel": (access.MANAGE, ReasonForm), "return": (access.MANAGE, ReasonForm),
}


@require_POST
@access.view_required
def grant_step(request, pk, step):
    """Submit, verify, reject, cancel or return: one POST each, then back to the proposal."""
    capability, form_class = STEPS[step]
    if capability and not request.user.has_perm(capability):
        raise PermissionDenied
    grant = selectors.grant_get_visible(user=request.user, pk=pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, _("Give a reason."))
        return redirect("grants:grant-detail", pk=grant.pk)
    data = form.cleaned_data if form else {}
    try:
        if step == "submit":
            services.grant_submit(grant=grant, by=request.user)
            messages.success(request, _("Proposal submitted for verification."))
        elif step == "verify":
            services.grant_verify(grant=grant, by=request.user, note=data["note"])
            messages.success(request, _("Proposal verified. An official can now approve it."))
        elif step == "reject":
            # A submitted proposal is rejected by its verifier; a verified one by an official.
            needed = access.MANAGE if grant.status == Grant.Status.SUBMITTED else access.APPROVE
            if not request.user.has_perm(needed):
                raise PermissionDenied
            services.grant_reject(grant=grant, by=request.user, reason=data["reason"])
            messages.success(request, _("Proposal rejected."))
        elif step == "cancel":
            services.grant_cancel(grant=grant, by=request.user, reason=data["reason"])
            messages.success(request, _("Grant cancelled; its amount is back in the budget."))
        elif step == "return":
            services.grant_return(grant=grant, by=request.user, reason=data["reason"])
            messages.success(request, _("The return of the grant is recorded."))
    except PortalError as exc:
        messages.error(request, exc.message)
    return redirect("grants:grant-detail", pk=grant.pk)


@require_POST
@access.manage_required
def grant_account_view(request, pk):
    """Correct an approved cash grant's bank account (after a failed transfer)."""
    grant = selectors.grant_get_visible(user=request.user, pk=pk)
    form = BankAccountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the bank, the account number and the account holder."))
    else:
        try:
            services.grant_bank_account_change(grant=grant, by=request.user, **form.cleaned_data)
        except PortalError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Bank account changed; the next payment list pays it."))
    return redirect("grants:grant-detail", pk=grant.pk)


@access.approve_required
def grant_approve_view(request, pk):
    """The approval page: the proposal in short, the scheme's budget with what remains before and
    after this grant, and the decision (approve, or reject with a reason)."""
    grant = selectors.grant_get_visible(user=request.user, pk=pk)
    context = _detail_context(request, grant)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.grant_approve(grant=grant, by=request.user, note=form.cleaned_data["note"])
        except PortalError as exc:
            messages.error(request, exc.message)
        else:
            if grant.status == Grant.Status.FIRST_APPROVED:
                messages.success(request, _("First approval recorded. A second official must approve this grant."))
            else:
                messages.success(request, _("Grant approved; its amount is committed in the budget."))
            return redirect("grants:grant-detail", pk=grant.pk)
    context.update(preview=services.approval_preview(grant=grant), form=form)
    return render(request, "grants/grant_approve.html", context)


@access.manage_required
def handover_view(request, pk):
    grant = selectors.grant_get_visible(user=request.user, pk=pk)
    officers = officers_visible_to(user=request.user).filter(regency_id=grant.regency_id)
    letterhead = letterhead_for(grant.scheme.regency)
    form = HandoverForm(request.POST or None, officers=officers,
                        initial={"handed_over_on": timezone.localdate(), "officer": request.user,
                                 "place": letterhead.place or grant.village.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.handover_record(grant=grant, by=request.user, **form.cleaned_data)
        except PortalError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Handover recorded. Print the BAST for both parties to sign."))
            return redirect("grants:grant-detail", pk=grant.pk)
    return render(request, "grants/handover_form.html", {"grant": grant, "form": form,
                                                         "items": list(grant.items.all())})


@require_GET
@access.view_required
def bast_pdf(request, pk):
    grant = selectors.grant_get_visible(user=request.user, pk=pk)
    handover = selectors.handover_of(grant)
    if handover is None:
        raise Http404
    content = pdf.bast_pdf(handover=handover, grant=grant, items=grant.items.all(),
                           letterhead=letterhead_for(grant.scheme.regency))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", handover.number).strip("-").lower()
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bast-{slug}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@access.manage_required
def kur_view(request, pk):
    grant = selectors.grant_get_visible(user=request.user, pk=pk)
    if grant.scheme.kind != GrantScheme.Kind.KUR:
        raise Http404
    referral = selectors.kur_referral_of(grant)
    form = (KurDecisionForm if referral else KurReferralForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if referral is None:
                services.kur_referral_record(grant=grant, by=request.user, **form.cleaned_data)
                messages.success(request, _("Referral to the bank recorded."))
            else:
                services.kur_decision_record(grant=grant, by=request.user, **form.cleaned_data)
                messages.success(request, _("The bank's decision is recorded."))
        except PortalError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("grants:grant-detail", pk=grant.pk)
    return render(request, "grants/kur_form.html", {"grant": grant, "referral": referral, "form": form})
