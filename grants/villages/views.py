"""Village-need pages: what each village meeting proposed, the district's summary by kecamatan
and training type, and creating a cycle (or choosing a batch) from a summary row."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import user_may_see_regency
from core.errors import PortalError
from grants import access, rules
from grants.forms import NEED_LINES, CycleFromNeedsForm, LinkBatchForm, VillageNeedForm
from grants.villages import selectors, services
from programs.models import ProgramCycle
from programs.services import CycleSaveError
from regions.selectors import regency_list_visible_to
from training.models import Batch, TrainingPackage


@access.view_required
def need_list(request):
    needs = selectors.village_need_list_visible_to(user=request.user, subdistrict=request.GET.get("kecamatan", ""))
    return render(request, "grants/village_need_list.html", {"needs": needs[:500]})


@access.manage_required
def need_form(request, pk=None):
    need = selectors.village_need_get_visible(user=request.user, pk=pk) if pk else None
    initial = None
    if need is not None:
        initial = {"village": need.village, "meeting_date": need.meeting_date, "potential": need.potential,
                   "tags": ", ".join(need.potential_tags), "notes": need.notes}
        for number, line in enumerate(need.lines.all()[:NEED_LINES]):
            initial[f"type_{number}"], initial[f"families_{number}"] = line.training_type, line.interested_families
    form = VillageNeedForm(request.POST or None, regencies=regency_list_visible_to(user=request.user),
                           initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            need = services.village_need_save(by=request.user, need=need, village=data["village"],
                                              meeting_date=data["meeting_date"], potential=data["potential"],
                                              tags=data["tag_list"], notes=data["notes"], lines=data["lines"])
        except PortalError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The needs of %(village)s are saved.") % {"village": need.village.name})
            return redirect("grants:village-need-list")
    vocations = sorted(set(TrainingPackage.objects.values_list("vocation", flat=True)))
    return render(request, "grants/village_need_form.html", {"form": form, "need": need, "vocations": vocations},
                  status=400 if request.method == "POST" else 200)


@access.view_required
def need_summary(request):
    rows = selectors.village_need_summary(user=request.user)
    return render(request, "grants/village_need_summary.html", {"rows": rows,
                                                               "can_manage": request.user.has_perm(access.MANAGE)})


def _row_lines(request):
    regency = request.GET.get("regency", "")
    key = rules.training_key(request.GET.get("key", ""))
    subdistrict = request.GET.get("kecamatan", "")
    if not regency or not key or not user_may_see_regency(user=request.user, regency_code=regency):
        raise Http404
    lines = list(selectors.need_lines_for(user=request.user, regency_code=regency, training_key=key,
                                          subdistrict=subdistrict))
    if not lines:
        raise Http404
    return regency, key, subdistrict, lines


@access.manage_required
def need_create_cycle(request):
    """A program cycle for a summary row (a training type in a kecamatan, or in the district),
    its quota the interested families; the row's lines keep the link to it."""
    if not request.user.has_perm("accounts.manage_programs"):
        raise PermissionDenied
    regency, key, subdistrict, lines = _row_lines(request)
    families = sum(line.interested_families for line in lines)
    year = timezone.localdate().year + 1
    label = lines[0].training_type
    form = CycleFromNeedsForm(request.POST or None, initial={
        "code": f"{label.upper().replace(' ', '-')[:20]}-{regency.replace('.', '')}-{year}",
        "program": _("Skills training %(training)s") % {"training": label}, "year": year, "quota": families})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = services.village_needs_create_cycle(by=request.user, lines=lines, **data)
        except (PortalError, CycleSaveError) as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Cycle %(code)s created from the village needs; they stay linked to it.")
                             % {"code": cycle.code})
            return redirect("grants:village-need-summary")
    batches = Batch.objects.filter(provider__regency_id=regency).select_related("cycle").order_by("-start_date")[:100]
    return render(request, "grants/village_need_cycle_form.html", {
        "form": form, "lines": lines, "families": families, "label": label, "subdistrict": subdistrict,
        "link_form": LinkBatchForm(batches=Batch.objects.filter(pk__in=[b.pk for b in batches])),
        "query": request.GET.urlencode(), "existing_cycles": ProgramCycle.objects.filter(
            pk__in=[line.cycle_id for line in lines if line.cycle_id]),
    })


@access.manage_required
def need_link_batch(request):
    regency, key, subdistrict, lines = _row_lines(request)
    form = LinkBatchForm(request.POST or None, batches=Batch.objects.filter(provider__regency_id=regency))
    if request.method == "POST" and form.is_valid():
        try:
            services.village_needs_link_batch(by=request.user, lines=lines, batch=form.cleaned_data["batch"])
        except PortalError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The village needs are linked to %(batch)s.")
                             % {"batch": form.cleaned_data["batch"].name})
        return redirect("grants:village-need-summary")
    return redirect(f"{reverse('grants:village-need-cycle')}?{request.GET.urlencode()}")
