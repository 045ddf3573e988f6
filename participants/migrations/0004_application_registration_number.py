"""Every application gets a registration number, which the applicant keeps to ask for their
status on the public page (issue 13).

PostgreSQL draws it: participants_registration_number() takes 10 characters of
participants.values.REGISTRATION_NUMBER_ALPHABET from the random bits of gen_random_uuid()
(a cryptographic generator, built in since PostgreSQL 13), 5 bits each from bytes whose low 5
bits are all random (a version-4 UUID fixes bits of bytes 6 and 8 only). As the column's default
it numbers every insert (the form's, the import's set-based INSERT ... SELECT, the benches'),
and adding the column with a volatile default gives every existing row its own number.
"""

from django.db import migrations, models
from django.db.models import Func

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION participants_registration_number() RETURNS varchar(10)
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    SELECT string_agg(substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', mod(get_byte(u.b, i), 32) + 1, 1), '' ORDER BY i)
    FROM (SELECT uuid_send(gen_random_uuid()) AS b) u, unnest(ARRAY[0, 1, 2, 3, 4, 9, 10, 11, 12, 13]) AS i
$$
"""
DROP_FUNCTION = "DROP FUNCTION IF EXISTS participants_registration_number()"


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0003_person_per_district"),
    ]

    operations = [
        migrations.RunSQL(CREATE_FUNCTION, DROP_FUNCTION),
        migrations.AddField(
            model_name="application",
            name="registration_number",
            field=models.CharField(
                db_default=Func(function="participants_registration_number", output_field=models.CharField()),
                editable=False, max_length=10, unique=True, verbose_name="registration number",
            ),
        ),
    ]
