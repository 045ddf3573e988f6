"""Reads of village needs and their summary by kecamatan and training type."""

from django.db.models import Count, QuerySet, Sum

from accounts.selectors import get_visible_or_404, scope_to_user
from grants.models import VillageNeed, VillageNeedLine


def village_need_list_visible_to(*, user, subdistrict: str = "") -> QuerySet[VillageNeed]:
    needs = scope_to_user(VillageNeed.objects.select_related("village__subdistrict", "recorded_by")
                          .prefetch_related("lines"), user=user)
    if subdistrict:
        needs = needs.filter(village__subdistrict_id=subdistrict)
    return needs.order_by("village__subdistrict_id", "village__name", "-meeting_date")


def village_need_get_visible(*, user, pk: int) -> VillageNeed:
    return get_visible_or_404(VillageNeed.objects.select_related("village__subdistrict").prefetch_related("lines"),
                              user=user, pk=pk)


def village_need_summary(*, user, regency_code: str | None = None) -> list[dict]:
    """Per kabupaten, kecamatan and training type: the desa that asked, the interested families,
    and the cycles and batches already created or chosen from it. Two queries."""
    lines = scope_to_user(VillageNeedLine.objects.all(), user=user, regency_field="need__regency")
    if regency_code:
        lines = lines.filter(need__regency_id=regency_code)
    rows = list(
        lines.values("need__regency_id", "need__regency__name", "need__village__subdistrict_id",
                     "need__village__subdistrict__name", "training_key")
        .annotate(villages=Count("need__village", distinct=True), families=Sum("interested_families"))
        .order_by("need__regency_id", "need__village__subdistrict_id", "-families", "training_key")
    )
    labels, cycles, batches = {}, {}, {}
    for line in lines.values("training_key", "training_type", "need__village__subdistrict_id", "cycle__code",
                             "cycle_id", "batch__name", "batch_id"):
        key = (line["need__village__subdistrict_id"], line["training_key"])
        labels.setdefault(line["training_key"], line["training_type"])
        if line["cycle_id"]:
            cycles.setdefault(key, {})[line["cycle_id"]] = line["cycle__code"]
        if line["batch_id"]:
            batches.setdefault(key, {})[line["batch_id"]] = line["batch__name"]
    return [
        {
            "regency_code": row["need__regency_id"], "regency_name": row["need__regency__name"],
            "subdistrict_code": row["need__village__subdistrict_id"],
            "subdistrict_name": row["need__village__subdistrict__name"],
            "training_key": row["training_key"], "training_type": labels.get(row["training_key"], row["training_key"]),
            "villages": row["villages"], "families": row["families"],
            "cycles": sorted(cycles.get((row["need__village__subdistrict_id"], row["training_key"]), {}).values()),
            "batches": sorted(batches.get((row["need__village__subdistrict_id"], row["training_key"]), {}).values()),
        }
        for row in rows
    ]


def need_lines_for(*, user, regency_code: str, training_key: str, subdistrict: str = "") -> QuerySet[VillageNeedLine]:
    """The lines a summary row stands for (a training type in a district, or in one kecamatan)."""
    lines = scope_to_user(VillageNeedLine.objects.select_related("need__village"), user=user,
                          regency_field="need__regency")
    lines = lines.filter(need__regency_id=regency_code, training_key=training_key)
    if subdistrict:
        lines = lines.filter(need__village__subdistrict_id=subdistrict)
    return lines
