"""Publishing the year's official figures: one transaction writes the frozen snapshot and its
audit row. A publication is never changed; a correction is the next version."""

import zlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from core.errors import PortalError, lazy_fill
from dashboards.access import may_publish
from dashboards.models import PublishedReport
from dashboards.scope import area_of

from .snapshot import figures_diff, figures_snapshot


@transaction.atomic
def report_publish(*, by, year: int, note: str = "") -> PublishedReport:
    """Freeze the year's figures of the official's area as its next version. Refused when there
    are no figures, or when nothing changed since the latest version (a correction must correct
    something); two officials publishing at once get consecutive versions."""
    if not may_publish(by):
        raise PermissionDenied
    area = area_of(by)
    # One publisher at a time per year and area, so that versions are consecutive.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [year, zlib.crc32(f"dashboards:{area.code}".encode())])
    computed_at = timezone.now()
    # Frozen in the portal's language, whatever the publisher's interface speaks: every reader
    # sees the same titles, and a correction is compared with its previous version row by row.
    with translation.override(settings.LANGUAGE_CODE):
        figures = figures_snapshot(year=year, regency_codes=area.regency_codes, user=by)
    if not figures["indicators"]["districts"]:
        raise PortalError(lazy_fill(_("There are no figures for %(year)s to publish."), {"year": year}))
    latest = PublishedReport.objects.filter(year=year, scope=area.code).order_by("-version").first()
    if latest is not None and not figures_diff(latest.figures, figures):
        raise PortalError(lazy_fill(_("Nothing has changed since version %(version)s; there is nothing to correct."),
                                    {"version": latest.version}))
    report = PublishedReport.objects.create(
        year=year, scope=area.code, scope_name=area.name, version=1 if latest is None else latest.version + 1,
        figures=figures, note=note.strip(), computed_at=computed_at, published_by=by,
    )
    total = figures["indicators"]["total"]
    audit_record(actor=by, action="dashboards.publish", target=report,
                 regency_code=area.code if "." in area.code else "",
                 after={"year": year, "area": area.code, "version": report.version, "note": report.note,
                        "trained": total["trained"], "applicants": total["applicants"],
                        "corrects": None if latest is None else latest.version})
    return report
