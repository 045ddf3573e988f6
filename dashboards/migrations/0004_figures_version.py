"""The version of the data behind the dashboards' figures (dashboards/figures_cache.py): a
sequence that every statement writing one of the tables they read advances, through a
statement-level trigger on each (INSERT, UPDATE, DELETE, TRUNCATE; once per statement, so a bulk
import of 100,000 rows costs one nextval)."""

from django.db import migrations

TABLES = (
    "participants_application", "participants_person", "verification_eligibilityresult", "training_enrolment",
    "training_batch", "training_importedtraining", "training_provider", "training_trainingpackage",
    "programs_programcycle", "programs_districttarget", "grants_grant", "grants_grantscheme",
    "grants_kurreferral", "grants_monitoringvisit",
)

FORWARD = """
CREATE SEQUENCE dashboards_figures_version;
-- A new database starts beyond every version an older one could have cached figures under.
SELECT setval('dashboards_figures_version', (extract(epoch FROM clock_timestamp()) * 1000000)::bigint);
CREATE FUNCTION dashboards_figures_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('dashboards_figures_version');
    RETURN NULL;
END;
$$;
""" + "".join(
    f"CREATE TRIGGER dashboards_figures_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION dashboards_figures_version_bump();\n"
    for table in TABLES
)

BACKWARD = "".join(f"DROP TRIGGER IF EXISTS dashboards_figures_version ON {table};\n" for table in TABLES) + """
DROP FUNCTION IF EXISTS dashboards_figures_version_bump();
DROP SEQUENCE IF EXISTS dashboards_figures_version;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0003_published_report_immutable"),
        ("participants", "0002_initial"),
        ("verification", "0004_eligibilityrun_regency_codes"),
        ("training", "0003_imported_training"),
        ("programs", "0004_district_target"),
        ("grants", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
