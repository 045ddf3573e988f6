"""The demo's open cycle: the other demo cycles close in July and September of the demo year,
so without this one the public catalog of `make run` would be empty most of the year. Its
registration runs the whole demo year."""

from accounts.demo import demo_admin
from core.demo import DemoContext
from programs.services import programs_import_catalog

# Paser, Tabalong and Palangkaraya.
OPEN_REGENCIES = ["64.01", "63.09", "62.71"]


def demo_open_catalog(year: int) -> dict:
    return {
        "programs": [
            {
                "code": f"PMT-{year}",
                "program": "Pelatihan Menjahit dan Tata Boga",
                "year": year,
                "registration_opens": f"{year}-01-01",
                "registration_closes": f"{year}-12-31",
                "rules": {"min_age": 18, "max_age": 35, "min_education": "smp", "require_dtks": True,
                          "regions": OPEN_REGENCIES},
                "quotas": {"64.01": 24, "63.09": 16, "62.71": 16},
            },
        ]
    }


def seed_open_cycle(context: DemoContext) -> None:
    programs_import_catalog(data=demo_open_catalog(context.year), by=demo_admin())
