"""The graduates' outcomes join the tables whose writes advance the figures' data version
(migration 0004): the dashboards' outcome counts are now kept in the figures cache."""

from django.db import migrations

FORWARD = ("CREATE TRIGGER dashboards_figures_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
           "grants_graduateoutcome FOR EACH STATEMENT EXECUTE FUNCTION dashboards_figures_version_bump();")
BACKWARD = "DROP TRIGGER IF EXISTS dashboards_figures_version ON grants_graduateoutcome;"


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0004_figures_version"),
        ("grants", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
