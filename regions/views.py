from django.shortcuts import render

from .models import Subdistrict, Village


def subdistrict_options(request):
    regency = request.GET.get("regency", "")
    subdistricts = Subdistrict.objects.filter(regency_id=regency).only("code", "name") if regency else []
    return render(request, "regions/partials/_options.html", {"options": subdistricts})


def village_options(request):
    subdistrict = request.GET.get("subdistrict", "")
    villages = Village.objects.filter(subdistrict_id=subdistrict).only("code", "name") if subdistrict else []
    return render(request, "regions/partials/_options.html", {"options": villages})
