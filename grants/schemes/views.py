"""Scheme pages: the list with each scheme's budget, a scheme's page (its ledger, proposals by
status, payment lists and the graduates who qualify), the scheme form, and the district's
letterhead."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.selectors import user_may_see_regency
from core.errors import PortalError
from core.letterhead import letterhead_for
from core.services import letterhead_save
from grants import access
from grants.forms import LetterheadForm, SchemeForm, scheme_initial
from grants.models import Grant, PaymentBatch
from grants.payments.services import payable_grants
from grants.proposals.selectors import grant_list_visible_to, scheme_candidates
from grants.schemes import selectors
from grants.schemes.services import scheme_save
from regions.models import Regency
from regions.selectors import regency_list_visible_to

SCHEMES_PER_PAGE = 20
GRANTS_PER_PAGE = 50


@access.view_required
def scheme_list(request):
    page = Paginator(selectors.scheme_list_visible_to(user=request.user), SCHEMES_PER_PAGE).get_page(
        request.GET.get("page"))
    ledgers = selectors.scheme_ledgers(schemes=page.object_list)
    return render(request, "grants/scheme_list.html", {
        "page": page, "rows": [(scheme, ledgers[scheme.pk]) for scheme in page.object_list],
    })


@access.view_required
def scheme_detail(request, pk):
    scheme = selectors.scheme_get_visible(user=request.user, pk=pk)
    status = request.GET.get("status", "")
    if status not in Grant.Status.values:
        status = ""
    grants = Paginator(grant_list_visible_to(user=request.user, scheme=scheme, status=status,
                                             search=request.GET.get("q", "")), GRANTS_PER_PAGE)
    page = grants.get_page(request.GET.get("page"))
    counts = selectors.scheme_status_counts(scheme=scheme)
    return render(request, "grants/scheme_detail.html", {
        "scheme": scheme, "ledger": selectors.scheme_ledger(scheme=scheme), "page": page, "status": status,
        "status_counts": [(value, label, counts.get(value, 0)) for value, label in Grant.Status.choices],
        "batches": PaymentBatch.objects.filter(scheme=scheme).order_by("-created_at")[:20],
        "payable": payable_grants(scheme=scheme).count() if scheme.kind == "cash" else 0,
        "can_manage": request.user.has_perm(access.MANAGE),
    })


@access.view_required
def scheme_candidates_view(request, pk):
    scheme = selectors.scheme_get_visible(user=request.user, pk=pk)
    page = Paginator(scheme_candidates(scheme=scheme, search=request.GET.get("q", "")), GRANTS_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "grants/scheme_candidates.html", {
        "scheme": scheme, "page": page, "can_manage": request.user.has_perm(access.MANAGE)})


def _scheme_form_view(request, *, scheme=None):
    regencies = regency_list_visible_to(user=request.user)
    initial = scheme_initial(scheme) if scheme else None
    form = SchemeForm(request.POST or None, regencies=regencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = scheme_save(
                by=request.user, regency=data["regency"], scheme=scheme, eligible_cycles=data["eligible_cycles"],
                items=data["items"],
                **{name: data[name] for name in ("code", "name", "cycle", "kind", "amount_per_recipient",
                                                 "budget_ceiling", "budget_line", "require_competent",
                                                 "second_approval_above", "monitoring_months", "is_open")},
            )
        except PortalError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Scheme %(code)s saved.") % {"code": saved.code})
            return redirect("grants:scheme-detail", pk=saved.pk)
    return render(request, "grants/scheme_form.html", {"form": form, "scheme": scheme},
                  status=400 if request.method == "POST" else 200)


@access.manage_required
def scheme_create(request):
    return _scheme_form_view(request)


@access.manage_required
def scheme_edit(request, pk):
    return _scheme_form_view(request, scheme=selectors.scheme_get_visible(user=request.user, pk=pk))


@access.manage_required
def letterhead_edit(request, regency_code):
    if not user_may_see_regency(user=request.user, regency_code=regency_code):
        raise Http404
    regency = Regency.objects.filter(code=regency_code).first()
    if regency is None:
        raise Http404
    letterhead = letterhead_for(regency)
    initial = {name: getattr(letterhead, name) for name in ("government_name", "office_name", "address", "contact",
                                                            "place")}
    form = LetterheadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            letterhead_save(regency=regency, by=request.user, logo=data.get("logo") or None,
                            remove_logo=data["remove_logo"],
                            **{name: data[name] for name in initial})
        except PortalError as exc:
            form.add_error("logo", exc.message)
        else:
            messages.success(request, _("The letterhead of %(district)s is saved.") % {"district": regency.name})
            return redirect("grants:letterhead", regency_code=regency.code)
    return render(request, "grants/letterhead_form.html", {"form": form, "regency": regency,
                                                           "letterhead": letterhead})
