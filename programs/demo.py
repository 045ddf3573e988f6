"""The demo's program catalog: two cycles of the demo year in the four demo districts, and one in the
Kalimantan Timur districts."""

from accounts.demo import demo_admin
from core.demo import SEED_REGENCIES, DemoContext

from .services import programs_import_catalog

# Paser, Balikpapan and Samarinda: the Kalimantan Timur cycle's districts.
KALTIM_REGENCIES = ["64.01", "64.71", "64.72"]


def demo_catalog(year: int) -> dict:
    return {
        "programs": [
            {
                "code": f"PSK-{year}",
                "program": "Pelatihan Keterampilan Pemuda Putus Sekolah",
                "year": year,
                "registration_closes": f"{year}-07-31",
                "rules": {"max_age": 20, "school_status": ["putus_sekolah"], "require_dtks": True,
                          "regions": SEED_REGENCIES},
                "quotas": {"64.01": 40, "73.03": 30, "63.09": 25, "62.71": 20},
            },
            {
                "code": f"PKW-{year}",
                "program": "Pelatihan Kewirausahaan Warga Miskin",
                "year": year,
                "registration_closes": f"{year}-09-30",
                "rules": {"min_age": 17, "require_dtks": True, "max_desil": 4, "regions": SEED_REGENCIES},
                "quotas": {"64.01": 30, "73.03": 30, "63.09": 20, "62.71": 20},
            },
            {
                # Within one province, so that its two demo officials can try the four-eyes
                # reallocation: one proposes, the other approves (a cycle reaching other
                # provinces is for a system administrator).
                "code": f"PKT-{year}",
                "program": "Pelatihan Kerja Kalimantan Timur",
                "year": year,
                "registration_closes": f"{year}-07-31",
                "rules": {"min_age": 17, "regions": KALTIM_REGENCIES},
                "quotas": {"64.01": 10, "64.71": 10, "64.72": 10},
            },
        ]
    }


def demo_cycle_codes(year: int) -> list[str]:
    return [entry["code"] for entry in demo_catalog(year)["programs"]]


def seed_catalog(context: DemoContext) -> None:
    programs_import_catalog(data=demo_catalog(context.year), by=demo_admin())
