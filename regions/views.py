"""Option lists for the cascading region picker (regions.forms.VillagePickerField).

They list public reference data, so any logged-in user may read every region; login is still
required by the project's LoginRequiredMiddleware. `?format=json` answers
[{"code": ..., "name": ...}] for scripts; otherwise `<option>` elements for htmx.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import subdistrict_list, village_list


@require_GET
def subdistrict_options(request):
    regency_code = request.GET.get("regency", "").strip()
    rows = subdistrict_list(regency_code=regency_code) if regency_code else []
    return _options_response(request, rows)


@require_GET
def village_options(request):
    subdistrict_code = request.GET.get("subdistrict", "").strip()
    rows = village_list(subdistrict_code=subdistrict_code) if subdistrict_code else []
    return _options_response(request, rows)


def _options_response(request, rows):
    options = [{"code": row.code, "name": row.name} for row in rows]
    if request.GET.get("format") == "json":
        return JsonResponse(options, safe=False)
    return render(request, "regions/partials/_options.html", {"options": options})
