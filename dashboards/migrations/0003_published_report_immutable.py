"""A published report never changes: PostgreSQL refuses any UPDATE or DELETE of its rows, whatever
the code path (the model refuses too, but a queryset update or raw SQL would pass it by)."""

from django.db import migrations

FORBID = """
CREATE FUNCTION dashboards_published_report_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a published report never changes (%): publish a new version', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER dashboards_published_report_immutable
    BEFORE UPDATE OR DELETE ON dashboards_publishedreport
    FOR EACH ROW EXECUTE FUNCTION dashboards_published_report_immutable();
"""

ALLOW = """
DROP TRIGGER IF EXISTS dashboards_published_report_immutable ON dashboards_publishedreport;
DROP FUNCTION IF EXISTS dashboards_published_report_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0002_published_report")]

    operations = [migrations.RunSQL(FORBID, ALLOW)]
