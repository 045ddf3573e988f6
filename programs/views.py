from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import PortalError
from core.identifiers import InvalidValue
from core.uploads import upload_limit, upload_refused
from programs.catalog import CatalogError, catalog_read
from programs.forms import (
    CATALOG_MAX_BYTES,
    EDUCATION_CHOICES,
    SCHOOL_STATUS_CHOICES,
    CatalogUploadForm,
    CycleForm,
    TargetsForm,
)
from programs.rules_validation import RulesError
from programs.selectors import (
    cycle_districts_of,
    cycle_editable_by,
    cycle_get,
    cycle_list,
    cycle_quotas_manageable_by,
    own_regency_codes,
    target_provinces_visible_to,
    target_table_visible_to,
)
from programs.services import (
    CycleSaveError,
    TargetsRefused,
    cycle_refusal_message,
    programs_cycle_save,
    programs_import_catalog,
    targets_set,
)
from programs.targets import clean_year

manage_programs_required = permission_required("accounts.manage_programs", raise_exception=True)
CYCLES_PER_PAGE = 20


def rule_lines(cycle) -> list[str]:
    """The cycle's rules in words, for the list and detail pages."""
    rules = cycle.rules or {}
    lines = []
    if rules.get("min_age") is not None:
        lines.append(_("Age at least %(age)s") % {"age": rules["min_age"]})
    if rules.get("max_age") is not None:
        lines.append(_("Age at most %(age)s") % {"age": rules["max_age"]})
    if rules.get("min_age") is not None or rules.get("max_age") is not None:
        if rules.get("age_reference_date"):
            day = date_format(date.fromisoformat(rules["age_reference_date"]))
            lines.append(_("Ages counted on %(date)s") % {"date": day})
        else:
            lines.append(_("Ages counted on the day registration closes"))
    if rules.get("school_status"):
        labels = dict(SCHOOL_STATUS_CHOICES)
        statuses = ", ".join(str(labels.get(status, status)) for status in rules["school_status"])
        lines.append(_("School status: %(statuses)s") % {"statuses": statuses})
    if rules.get("min_education"):
        label = dict(EDUCATION_CHOICES).get(rules["min_education"], rules["min_education"])
        lines.append(_("Education at least %(level)s") % {"level": label})
    if rules.get("require_dtks"):
        lines.append(_("Must be in the DTKS"))
        if rules.get("max_desil") is not None:
            lines.append(_("DTKS desil at most %(desil)s") % {"desil": rules["max_desil"]})
    if rules.get("regions"):
        lines.append(_("Living in %(regions)s") % {"regions": ", ".join(rules["regions"])})
    return lines


@manage_programs_required
def program_list(request):
    page = Paginator(cycle_list(), CYCLES_PER_PAGE).get_page(request.GET.get("page"))
    for cycle in page:
        cycle.rule_lines = rule_lines(cycle)
    return render(
        request,
        "programs/program_list.html",
        {"page": page, "own_codes": own_regency_codes(user=request.user)},
    )


@manage_programs_required
def cycle_detail(request, code):
    cycle = cycle_get(code=code)
    return render(request, "programs/cycle_detail.html", {
        "cycle": cycle,
        "rule_lines": rule_lines(cycle),
        "own_codes": own_regency_codes(user=request.user),
        "may_edit": cycle_editable_by(user=request.user, cycle=cycle),
        "may_allocate": cycle_quotas_manageable_by(user=request.user, cycle=cycle),
    })


def _cycle_form_view(request, *, cycle):
    form = CycleForm(request.POST if request.method == "POST" else None, user=request.user, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = programs_cycle_save(
                by=request.user,
                cycle=cycle,
                code=data.get("code"),
                program=data["program"],
                year=data["year"],
                registration_opens=data["registration_opens"],
                registration_closes=data["registration_closes"],
                rules=data["rules"],
                quotas=data["quotas"],
            )
        except (RulesError, CycleSaveError) as exc:
            form.add_error(exc.key if exc.key in form.fields else None, exc.message)
        except PortalError as exc:
            form.add_error(None, exc.message)
        else:
            if result.outcome == "created":
                messages.success(request, _("Cycle %(code)s created.") % {"code": result.cycle.code})
            elif result.outcome == "updated":
                messages.success(request, _("Cycle %(code)s saved.") % {"code": result.cycle.code})
            else:
                messages.info(request, _("Nothing changed."))
            for message in result.messages:
                messages.warning(request, message)
            return redirect("programs:cycle-detail", code=result.cycle.code)
    return render(request, "programs/cycle_form.html", {"form": form, "cycle": cycle})


@manage_programs_required
def cycle_create(request):
    return _cycle_form_view(request, cycle=None)


@manage_programs_required
def cycle_edit(request, code):
    cycle = cycle_get(code=code)
    if not cycle_editable_by(user=request.user, cycle=cycle):
        raise PermissionDenied(cycle_refusal_message(code=cycle.code, districts=cycle_districts_of(cycle)))
    return _cycle_form_view(request, cycle=cycle)


@manage_programs_required
@upload_limit(CATALOG_MAX_BYTES)
def catalog_import(request):
    if request.method == "POST":
        form = CatalogUploadForm(request.POST, request.FILES)
    else:
        form = CatalogUploadForm()
    refusal = None
    refused = upload_refused(request, form, message=CatalogUploadForm.too_large_message())
    if not refused and request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = catalog_read(content=upload.read(), filename=upload.name)
            summary = programs_import_catalog(data=data, by=request.user)
        except CatalogError as exc:
            refusal = exc
        else:
            messages.success(
                request,
                _("Programs: %(created)s created, %(updated)s updated, %(unchanged)s unchanged") % summary,
            )
            for message in summary["messages"]:
                messages.warning(request, message)
            return redirect("programs:program-list")
    return render(request, "programs/catalog_import.html", {"form": form, "refusal": refusal})


# --- the districts' yearly targets (§11) -------------------------------------------------------

manage_targets_required = permission_required("accounts.manage_targets", raise_exception=True)


def _year_param(request) -> int:
    raw = request.GET.get("year", "")
    if not raw:
        return timezone.localdate().year
    try:
        return clean_year(raw)
    except InvalidValue:
        raise Http404 from None


@manage_targets_required
def target_list(request):
    """The year's target of every district the user works for, edited in one form; each change
    is audited with the target before and after."""
    year = _year_param(request)
    provinces = target_provinces_visible_to(user=request.user)
    province_code = request.GET.get("province") or (provinces[0].code if provinces else "")
    if provinces and province_code not in {p.code for p in provinces}:
        raise Http404
    rows = target_table_visible_to(user=request.user, year=year, province_code=province_code) if provinces else []
    form = TargetsForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            changed = targets_set(by=request.user, year=year, targets=form.targets())
        except TargetsRefused as exc:
            form.add_error(None, exc.message)
        else:
            if changed:
                messages.success(request, _("Targets of %(year)s saved (%(count)s changed).")
                                 % {"year": year, "count": changed})
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(f"{reverse('programs:target-list')}?year={year}&province={province_code}")
    return render(request, "programs/target_list.html", {
        "form": form, "year": year, "provinces": provinces, "province_code": province_code,
        "years": range(year - 2, year + 3),
    }, status=400 if request.method == "POST" else 200)
