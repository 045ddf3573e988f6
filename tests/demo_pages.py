"""The seeded demo and a representative URL of every page kind for each demo account: the
accessibility sweep (tests/browser) and the date-and-number style sweep (tests/core) walk them."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

PASSWORD = "portal-test-pass"


def demo_seed(*, tmp_path, settings) -> None:
    """Regions, `seed_demo` (200 applicants) and one known password for every demo account."""
    from accounts.models import User

    settings.DEMO_LOGINS_FILE = tmp_path / "demo-logins.txt"
    call_command("load_regions", stdout=StringIO())
    call_command("seed_demo", "--applicants", "200", stdout=StringIO())
    for user in User.objects.all():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


def first(queryset):
    row = queryset.order_by("pk").first()
    assert row is not None, f"the demo has no {queryset.model.__name__} for this page"
    return row


def pages_by_role() -> dict[str, list[str]]:
    """Representative URLs of every page kind, per demo account."""
    from core.models import Job
    from grants.models import CoachingSession, Grant, GrantScheme, MonitoringVisit, PaymentBatch, VillageNeed
    from participants.models import Application
    from programs.models import ProgramCycle
    from training.models import Batch, BatchSession, Instructor, Provider, TrainingPackage

    cycle = first(ProgramCycle.objects.filter(code__startswith="PSK-"))
    paser_batch = first(Batch.objects.filter(provider__regency__code="64.01", sessions__isnull=False).distinct())
    session = first(BatchSession.objects.filter(batch=paser_batch))
    provider = paser_batch.provider
    instructor = first(Instructor.objects.filter(provider=provider))
    package = first(TrainingPackage.objects.all())
    application = first(Application.objects.filter(person__regency__code="64.01"))
    scheme = first(GrantScheme.objects.filter(regency__code="64.01"))
    grant = first(Grant.objects.filter(regency__code="64.01"))
    job = Job.objects.filter(regency_code="64.01").order_by("pk").first()

    def url(name, *args, query=""):
        return reverse(name, args=args) + query

    common = [url("core:dashboard"), url("core:about"), url("password_change"), url("account-me")]
    staff = common + [
        url("programs:program-list"), url("programs:cycle-detail", cycle.code), url("programs:catalog-import"),
        url("programs:cycle-create"),
        url("participants:application-list"), url("participants:register"), url("participants:applicant-import"),
        url("participants:person-detail", application.person_id),
        url("participants:application-documents", application.pk),
        url("verification:cycle-list"), url("verification:cycle-detail", cycle.code),
        url("verification:application-list", cycle.code), url("verification:application-detail", application.pk),
        url("verification:snapshot-list"), url("verification:snapshot-upload"),
        url("training:quota-overview"), url("training:quota-ledger", cycle.code),
        url("training:reallocation", cycle.code),
        url("training:results-import"),
        url("grants:scheme-list"), url("grants:scheme-detail", scheme.pk), url("grants:scheme-create"),
        url("grants:scheme-candidates", scheme.pk), url("grants:letterhead", "64.01"),
        url("grants:grant-list"), url("grants:grant-detail", grant.pk), url("grants:visit-list"),
        url("grants:survival"), url("grants:coaching-list"), url("grants:coaching-create"),
        url("grants:village-need-list"), url("grants:village-need-create"), url("grants:village-need-summary"),
    ]
    payment = PaymentBatch.objects.filter(regency__code="64.01").order_by("pk").first()
    if payment:
        staff.append(url("grants:payment-batch", payment.pk))
    visit = MonitoringVisit.objects.filter(regency__code="64.01").order_by("pk").first()
    if visit:
        staff.append(url("grants:visit-detail", visit.pk))
    coaching = CoachingSession.objects.filter(regency__code="64.01").order_by("pk").first()
    if coaching:
        staff.append(url("grants:coaching-edit", coaching.pk))
    need = VillageNeed.objects.filter(regency__code="64.01").order_by("pk").first()
    if need:
        staff.append(url("grants:village-need-edit", need.pk))
    if job:
        staff.append(url("core:job-detail", job.pk))
    blk = common + [
        url("training:batch-list"), url("training:batch-detail", paser_batch.pk),
        url("training:batch-edit", paser_batch.pk),
        url("training:batch-create", provider.pk), url("training:waiting-list"),
        url("training:attendance", paser_batch.pk, session.pk), url("training:attendance-overview", paser_batch.pk),
        url("training:results", paser_batch.pk), url("training:provider-detail", provider.pk),
        url("training:provider-edit", provider.pk),
        url("training:provider-calendar", provider.pk, query="?view=month"),
        url("training:provider-calendar", provider.pk),
        url("training:workshop-create", provider.pk), url("training:instructor-list"),
        url("training:instructor-detail", instructor.pk), url("training:instructor-calendar", instructor.pk),
        url("training:certification-create", instructor.pk), url("training:package-list"),
        url("training:package-detail", package.pk), url("training:results-import"),
    ]
    dashboards = [
        url("dashboards:funnel"), url("dashboards:targets"), url("dashboards:quota"), url("dashboards:breakdowns"),
        url("dashboards:breakdowns", query="?dim=desa"), url("dashboards:grants"), url("dashboards:published-list"),
    ]
    staff += dashboards + [url("dashboards:people", query="?step=applicants")]
    official = common + [
        url("training:quota-overview"), url("training:reallocation", cycle.code), url("programs:target-list"),
        url("grants:approval-list"), url("grants:grant-list"), url("grants:grant-detail", grant.pk),
        url("grants:survival"),
    ] + dashboards
    admin = common + [
        url("training:provider-list"), url("training:provider-create"), url("training:package-create"),
        url("training:initial-allocation", cycle.code), url("programs:program-list"),
        url("programs:cycle-edit", cycle.code),
        url("participants:application-list"), url("training:batch-list"),
    ]
    anonymous = [url("login"), url("password_reset"), url("public:catalog"), url("public:cycle-detail", cycle.code),
                 url("public:cycle-detail", first(ProgramCycle.objects.filter(code__startswith="PMT-")).code),
                 url("public:precheck"), url("public:status")]
    assert Provider.objects.exists()
    return {"": anonymous, "staf.paser": staff, "blk.paser": blk, "pejabat.paser": official,
            "pejabat.kaltim": official[:6], "admin": admin}


