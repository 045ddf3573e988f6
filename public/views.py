"""The residents' pages: no login, nothing personal shown, nothing stored but the audit row
of a status lookup."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.throttling import client_ip
from participants.values import registration_number_display
from verification.rules import CycleRules

from .forms import PrecheckForm, StatusLookupForm
from .poster import cycle_poster_pdf
from .rules import OTHER_REGENCY, PrecheckAnswer, precheck_reasons, reasons_in_plain_words, status_in_plain_words
from .selectors import (
    public_catalog_version,
    public_cycle_get,
    public_cycles_of_regency,
    public_cycles_open,
    public_regencies_of,
    region_names,
)
from .services import application_status_lookup, status_lookup_throttled


def _share(request, *, title: str, description: str, path: str | None = None) -> dict:
    """The Open Graph and Twitter tags of a shared link (WhatsApp reads og:*)."""
    return {"og": {"title": title, "description": description,
                   "url": request.build_absolute_uri(path or request.path),
                   "image": request.build_absolute_uri(static("img/og-public.png"))}}


@login_not_required
@require_GET
def catalog(request):
    today = timezone.localdate()
    version = public_catalog_version()
    every = public_cycles_open(today=today, version=version)
    regency_code = request.GET.get("kabupaten") or ""
    regencies = public_regencies_of(every)
    if regency_code not in dict(regencies):
        regency_code = ""
    cycles = public_cycles_of_regency(every, regency_code) if regency_code else every
    context = {
        "cycles": cycles, "regencies": regencies, "regency_code": regency_code, "today": today,
        "catalog_version": version,
        "regency_name": dict(regencies).get(regency_code, ""),
        **_share(request, title=_("Skills trainings open for registration"),
                 description=_("Free skills trainings for residents: who may join, seats, dates and where "
                               "to register."),
                 path=request.get_full_path()),
    }
    return render(request, "public/catalog.html", context)


@login_not_required
@require_GET
def cycle_detail(request, code):
    today = timezone.localdate()
    public = public_cycle_get(code=code, today=today)
    if public is None:
        raise Http404
    context = {
        "public": public, "cycle": public.cycle, "today": today, "is_open": public.is_open_on(today),
        "not_yet_open": public.cycle.registration_opens is not None and today < public.cycle.registration_opens,
        **_share(request, title=public.cycle.program.name,
                 description="; ".join(public.who_may_join) + ". "
                 + _("Seats: %(seats)s") % {"seats": public.total_seats}),
    }
    return render(request, "public/cycle_detail.html", context)


@login_not_required
@require_GET
def cycle_poster(request, code):
    public = public_cycle_get(code=code, today=timezone.localdate())
    if public is None:
        raise Http404
    page_url = request.build_absolute_uri(reverse("public:cycle-detail", args=[public.code]))
    response = HttpResponse(cycle_poster_pdf(public, page_url=page_url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="poster-{public.code}.pdf"'
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def precheck(request):
    """The anonymous pre-check: answers in, which open programs out. Nothing is stored."""
    cycles = public_cycles_open(today=timezone.localdate())
    # The districts the open cycles take applicants from, and "another": a resident of any other
    # district is outside every cycle limited to districts (as the real check finds them).
    regency_choices = [*public_regencies_of(cycles), (OTHER_REGENCY, _("Another kabupaten/kota"))]
    form = PrecheckForm(request.POST or None, regency_choices=regency_choices)
    results = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answer = PrecheckAnswer(birth_date=data["birth_date"], school_status=data["school_status"],
                                education=data["education"], regency_code=data["regency"])
        results = []
        for public in cycles:
            reasons = precheck_reasons(answer, public.rules)
            results.append({"public": public, "qualifies": not reasons,
                            "why_not": reasons_in_plain_words(reasons, public.rules,
                                                              region_names=public.region_names)})
        results.sort(key=lambda r: not r["qualifies"])
    return render(request, "public/precheck.html", {"form": form, "results": results})


@login_not_required
@require_http_methods(["GET", "POST"])
def status(request):
    """An application's status by its registration number and the applicant's birth date."""
    if request.method == "POST" and status_lookup_throttled(ip=client_ip(request)):
        return render(request, "public/too_many_tries.html", status=429)
    form = StatusLookupForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        lookup = application_status_lookup(registration_number=form.cleaned_data["registration_number"],
                                           birth_date=form.cleaned_data["birth_date"], ip=client_ip(request))
        answer = {"number": registration_number_display(lookup.asked), "found": lookup.facts is not None}
        if lookup.facts is not None:
            facts = lookup.facts
            cycle = facts.cycle
            rules = CycleRules.from_cycle_rules(cycle.rules, registration_closes=cycle.registration_closes)
            names = region_names(rules.regions)
            answer["cycle"] = cycle
            answer["words"] = status_in_plain_words(
                automatic=facts.automatic, decision=facts.decision, enrolment=facts.enrolment,
                reasons=facts.reasons, rules=rules, region_names=names,
                registration_closes=cycle.registration_closes)
    return render(request, "public/status.html", {"form": form, "answer": answer})
