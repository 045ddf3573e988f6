from django.db import migrations

# One partition per snapshot: an import COPYs into a fresh table, builds its indexes, and
# attaches it only when everything landed; deleting a snapshot drops its table. Each partition
# carries its own indexes (nik, no_kk), built after its rows are loaded.
CREATE = """
CREATE TABLE verification_dtksrecord (
    snapshot_id bigint NOT NULL,
    line integer NOT NULL,
    id_dtks varchar(50) NOT NULL DEFAULT '',
    nik varchar(16) NOT NULL,
    no_kk varchar(16) NOT NULL,
    name varchar(255) NOT NULL,
    birth_date date NULL,
    sex varchar(1) NOT NULL DEFAULT '',
    village_code varchar(13) NOT NULL,
    address text NOT NULL DEFAULT '',
    desil smallint NULL
) PARTITION BY LIST (snapshot_id);
"""

DROP = "DROP TABLE IF EXISTS verification_dtksrecord CASCADE;"


class Migration(migrations.Migration):
    dependencies = [("verification", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
