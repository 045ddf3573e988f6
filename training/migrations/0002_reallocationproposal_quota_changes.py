"""A reallocation names the quota ledger rows its approval wrote. Until now each ledger row
pointed at its proposal (programs_quotachange.proposal_id); the ledger stays in `programs`, so
the link is turned around: the join table is created here and filled from that column, and
`programs` 0003 drops the column."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("programs", "0002_training_and_quota_ledger"),
        ("training", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="reallocationproposal",
            name="quota_changes",
            field=models.ManyToManyField(
                blank=True, related_name="reallocation_proposals", to="programs.quotachange",
                verbose_name="quota changes",
            ),
        ),
        migrations.RunSQL(
            sql="""
                INSERT INTO training_reallocationproposal_quota_changes (reallocationproposal_id, quotachange_id)
                SELECT proposal_id, id FROM programs_quotachange WHERE proposal_id IS NOT NULL
            """,
            reverse_sql="""
                UPDATE programs_quotachange q SET proposal_id = l.reallocationproposal_id
                FROM training_reallocationproposal_quota_changes l WHERE l.quotachange_id = q.id
            """,
        ),
    ]
