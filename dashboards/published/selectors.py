"""Reading publications: those of the areas the user may see."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from dashboards.models import PublishedReport
from dashboards.scope import area_codes_visible_to


def published_reports_visible_to(*, user) -> QuerySet[PublishedReport]:
    codes = area_codes_visible_to(user)
    reports = PublishedReport.objects.select_related("published_by")
    return reports if codes is None else reports.filter(scope__in=codes)


def published_report_get_visible(*, user, pk: int) -> PublishedReport:
    return get_object_or_404(published_reports_visible_to(user=user), pk=pk)


def published_report_previous(report: PublishedReport) -> PublishedReport | None:
    return (PublishedReport.objects.filter(year=report.year, scope=report.scope, version__lt=report.version)
            .order_by("-version").first())
