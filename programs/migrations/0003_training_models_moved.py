"""The training models now live in the `training` app (its 0001 took over their tables): they
leave this app's state, and nothing of theirs is dropped. The quota ledger stays here; its link
to a reallocation proposal now lives in training's join table (training 0002 filled it), so the
old column goes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_user_provider_in_training"),
        ("programs", "0002_training_and_quota_ledger"),
        ("training", "0002_reallocationproposal_quota_changes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='batch',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='batch',
                    name='cycle',
                ),
                migrations.RemoveField(
                    model_name='batch',
                    name='instructors',
                ),
                migrations.RemoveField(
                    model_name='batch',
                    name='package',
                ),
                migrations.RemoveField(
                    model_name='batch',
                    name='provider',
                ),
                migrations.RemoveField(
                    model_name='batch',
                    name='workshop',
                ),
                migrations.RemoveField(
                    model_name='enrolment',
                    name='batch',
                ),
                migrations.RemoveField(
                    model_name='batchsession',
                    name='batch',
                ),
                migrations.RemoveField(
                    model_name='batchsession',
                    name='workshop',
                ),
                migrations.RemoveField(
                    model_name='instructorbooking',
                    name='session',
                ),
                migrations.RemoveField(
                    model_name='competencyunit',
                    name='package',
                ),
                migrations.RemoveField(
                    model_name='enrolment',
                    name='application',
                ),
                migrations.RemoveField(
                    model_name='enrolment',
                    name='cycle',
                ),
                migrations.RemoveField(
                    model_name='enrolment',
                    name='enrolled_by',
                ),
                migrations.RemoveField(
                    model_name='enrolment',
                    name='regency',
                ),
                migrations.RemoveField(
                    model_name='instructor',
                    name='provider',
                ),
                migrations.RemoveField(
                    model_name='instructorcertification',
                    name='instructor',
                ),
                migrations.RemoveField(
                    model_name='instructorbooking',
                    name='instructor',
                ),
                migrations.RemoveField(
                    model_name='provider',
                    name='regency',
                ),
                migrations.RemoveField(
                    model_name='workshop',
                    name='provider',
                ),
                migrations.RemoveField(
                    model_name='reallocationproposal',
                    name='cycle',
                ),
                migrations.RemoveField(
                    model_name='reallocationproposal',
                    name='decided_by',
                ),
                migrations.RemoveField(
                    model_name='reallocationproposal',
                    name='proposed_by',
                ),
                migrations.DeleteModel(
                    name='Attendance',
                ),
                migrations.DeleteModel(
                    name='Batch',
                ),
                migrations.DeleteModel(
                    name='BatchSession',
                ),
                migrations.DeleteModel(
                    name='CompetencyUnit',
                ),
                migrations.DeleteModel(
                    name='TrainingPackage',
                ),
                migrations.DeleteModel(
                    name='Enrolment',
                ),
                migrations.DeleteModel(
                    name='InstructorCertification',
                ),
                migrations.DeleteModel(
                    name='Instructor',
                ),
                migrations.DeleteModel(
                    name='InstructorBooking',
                ),
                migrations.DeleteModel(
                    name='Provider',
                ),
                migrations.DeleteModel(
                    name='Workshop',
                ),
                migrations.DeleteModel(
                    name='ReallocationProposal',
                ),
            ],
        ),
        # Written out in SQL so that the reverse can point the restored column at the proposal
        # table under its current name (training 0001 renames it back afterwards).
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql="ALTER TABLE programs_quotachange DROP COLUMN proposal_id",
                    reverse_sql=[
                        "ALTER TABLE programs_quotachange ADD COLUMN proposal_id bigint NULL"
                        " REFERENCES training_reallocationproposal (id) DEFERRABLE INITIALLY DEFERRED",
                        "CREATE INDEX programs_quotachange_proposal_id ON programs_quotachange (proposal_id)",
                    ],
                ),
            ],
            state_operations=[
                migrations.RemoveField(
                    model_name="quotachange",
                    name="proposal",
                ),
            ],
        ),
    ]
