"""The training models move here from `programs` (issue: one app per stage of a trainee's path).

Nothing is created or copied: the state takes over the models `programs` 0002 created, and the
database only renames their tables and named indexes from programs_* to training_*, so every
row stays where it is. The content types follow (audit rows and permissions point at them).
`programs` 0003 then drops the models from its own state.
"""

import django.contrib.postgres.constraints
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.db

MOVED_MODELS = [
    "provider", "workshop", "instructor", "instructorcertification", "trainingpackage", "competencyunit",
    "batch", "batchsession", "instructorbooking", "enrolment", "attendance", "reallocationproposal",
]


def content_types_to_training(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label="training").values_list("model", flat=True))
    ContentType.objects.filter(app_label="programs", model__in=[m for m in MOVED_MODELS if m not in taken]).update(
        app_label="training"
    )


def content_types_to_programs(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="training", model__in=MOVED_MODELS).update(app_label="programs")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The provider column of accounts 0003 must exist before its table is renamed.
        ("accounts", "0003_user_provider"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("participants", "0002_initial"),
        ("programs", "0002_training_and_quota_ledger"),
        ("regions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql=[
                        "ALTER TABLE programs_provider RENAME TO training_provider",
                        "ALTER TABLE programs_workshop RENAME TO training_workshop",
                        "ALTER TABLE programs_instructor RENAME TO training_instructor",
                        "ALTER TABLE programs_instructorcertification RENAME TO training_instructorcertification",
                        "ALTER TABLE programs_trainingpackage RENAME TO training_trainingpackage",
                        "ALTER TABLE programs_competencyunit RENAME TO training_competencyunit",
                        "ALTER TABLE programs_batch RENAME TO training_batch",
                        "ALTER TABLE programs_batchsession RENAME TO training_batchsession",
                        "ALTER TABLE programs_instructorbooking RENAME TO training_instructorbooking",
                        "ALTER TABLE programs_enrolment RENAME TO training_enrolment",
                        "ALTER TABLE programs_attendance RENAME TO training_attendance",
                        "ALTER TABLE programs_reallocationproposal RENAME TO training_reallocationproposal",
                        "ALTER TABLE programs_batch_instructors RENAME TO training_batch_instructors",
                        "ALTER INDEX programs_ba_cycle_i_ec8f35_idx RENAME TO training_ba_cycle_i_18f259_idx",
                        "ALTER INDEX programs_en_cycle_i_9ab9d6_idx RENAME TO training_en_cycle_i_11a3d9_idx",
                        "ALTER INDEX programs_en_batch_i_652587_idx RENAME TO training_en_batch_i_39149c_idx",
                    ],
                    reverse_sql=[
                        "ALTER TABLE training_provider RENAME TO programs_provider",
                        "ALTER TABLE training_workshop RENAME TO programs_workshop",
                        "ALTER TABLE training_instructor RENAME TO programs_instructor",
                        "ALTER TABLE training_instructorcertification RENAME TO programs_instructorcertification",
                        "ALTER TABLE training_trainingpackage RENAME TO programs_trainingpackage",
                        "ALTER TABLE training_competencyunit RENAME TO programs_competencyunit",
                        "ALTER TABLE training_batch RENAME TO programs_batch",
                        "ALTER TABLE training_batchsession RENAME TO programs_batchsession",
                        "ALTER TABLE training_instructorbooking RENAME TO programs_instructorbooking",
                        "ALTER TABLE training_enrolment RENAME TO programs_enrolment",
                        "ALTER TABLE training_attendance RENAME TO programs_attendance",
                        "ALTER TABLE training_reallocationproposal RENAME TO programs_reallocationproposal",
                        "ALTER TABLE training_batch_instructors RENAME TO programs_batch_instructors",
                        "ALTER INDEX training_ba_cycle_i_18f259_idx RENAME TO programs_ba_cycle_i_ec8f35_idx",
                        "ALTER INDEX training_en_cycle_i_11a3d9_idx RENAME TO programs_en_cycle_i_9ab9d6_idx",
                        "ALTER INDEX training_en_batch_i_39149c_idx RENAME TO programs_en_batch_i_652587_idx",
                    ],
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name='Instructor',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                    ],
                    options={
                        'verbose_name': 'instructor',
                        'verbose_name_plural': 'instructors',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='TrainingPackage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=50, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('vocation', models.CharField(max_length=100, verbose_name='vocation')),
                        ('competency_based', models.BooleanField(default=False, verbose_name='competency-based (SKKNI)')),
                        ('hours', models.PositiveIntegerField(verbose_name='training hours')),
                        ('class_size', models.PositiveIntegerField(default=16, verbose_name='class size')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                    ],
                    options={
                        'verbose_name': 'training package',
                        'verbose_name_plural': 'training packages',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Batch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('start_date', models.DateField(verbose_name='start date')),
                        ('end_date', models.DateField(verbose_name='end date')),
                        ('capacity', models.PositiveIntegerField(default=16, verbose_name='capacity')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='batches', to='programs.programcycle', verbose_name='program cycle')),
                        ('instructors', models.ManyToManyField(blank=True, related_name='batches', to='training.instructor', verbose_name='instructors')),
                    ],
                    options={
                        'verbose_name': 'batch',
                        'verbose_name_plural': 'batches',
                        'ordering': ['start_date', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='BatchSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('starts_at', models.DateTimeField(verbose_name='starts')),
                        ('ends_at', models.DateTimeField(verbose_name='ends')),
                        ('batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='training.batch', verbose_name='batch')),
                    ],
                    options={
                        'verbose_name': 'session',
                        'verbose_name_plural': 'sessions',
                        'ordering': ['starts_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Enrolment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('enrolled', 'Enrolled'), ('completed', 'Completed'), ('dropped_out', 'Dropped out'), ('withdrawn', 'Withdrawn')], default='enrolled', max_length=12, verbose_name='status')),
                        ('enrolled_at', models.DateTimeField(auto_now_add=True, verbose_name='enrolled')),
                        ('ended_at', models.DateTimeField(blank=True, null=True, verbose_name='ended')),
                        ('end_reason', models.TextField(blank=True, verbose_name='reason')),
                        ('completed_on', models.DateField(blank=True, null=True, verbose_name='completed on')),
                        ('assessment', models.CharField(blank=True, choices=[('kompeten', 'Competent (kompeten)'), ('belum_kompeten', 'Not yet competent (belum kompeten)')], max_length=20, verbose_name='competency assessment')),
                        ('assessed_on', models.DateField(blank=True, null=True, verbose_name='assessed on')),
                        ('certificate_number', models.CharField(blank=True, max_length=100, verbose_name='certificate number')),
                        ('certificate_issuer', models.CharField(blank=True, max_length=100, verbose_name='certificate issuer')),
                        ('certificate_expires_on', models.DateField(blank=True, null=True, verbose_name='certificate valid until')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='enrolments', to='participants.application', verbose_name='application')),
                        ('batch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='enrolments', to='training.batch', verbose_name='batch')),
                        ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programs.programcycle', verbose_name='program cycle')),
                        ('enrolled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='enrolled by')),
                        ('regency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.regency', verbose_name='kabupaten/kota')),
                    ],
                    options={
                        'verbose_name': 'enrolment',
                        'verbose_name_plural': 'enrolments',
                        'ordering': ['batch', 'enrolled_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Attendance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('hadir', 'Present'), ('izin', 'Excused'), ('sakit', 'Sick'), ('alpa', 'Absent')], max_length=6, verbose_name='attendance')),
                        ('recorded_at', models.DateTimeField(auto_now=True, verbose_name='recorded')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='training.batchsession')),
                        ('enrolment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='training.enrolment')),
                    ],
                    options={
                        'verbose_name': 'attendance',
                        'verbose_name_plural': 'attendance',
                    },
                ),
                migrations.CreateModel(
                    name='InstructorBooking',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('starts_at', models.DateTimeField()),
                        ('ends_at', models.DateTimeField()),
                        ('instructor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='training.instructor')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bookings', to='training.batchsession')),
                    ],
                    options={
                        'verbose_name': 'instructor booking',
                        'verbose_name_plural': 'instructor bookings',
                    },
                ),
                migrations.CreateModel(
                    name='InstructorCertification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('scheme', models.CharField(max_length=255, verbose_name='certification scheme')),
                        ('number', models.CharField(max_length=100, verbose_name='certificate number')),
                        ('issuer', models.CharField(max_length=255, verbose_name='issuer')),
                        ('expires_on', models.DateField(blank=True, null=True, verbose_name='valid until')),
                        ('instructor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='certifications', to='training.instructor', verbose_name='instructor')),
                    ],
                    options={
                        'verbose_name': 'instructor certification',
                        'verbose_name_plural': 'instructor certifications',
                        'ordering': ['instructor', 'expires_on'],
                    },
                ),
                migrations.CreateModel(
                    name='Provider',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, unique=True, verbose_name='name')),
                        ('kind', models.CharField(choices=[('blk', 'BLK (district training centre)'), ('bpvp', 'BPVP (Ministry training centre)'), ('lkp', 'LKP (course institute)'), ('skpd', 'Government office (SKPD, kecamatan)'), ('ngo', 'NGO / foundation')], max_length=10, verbose_name='kind')),
                        ('village_code', models.CharField(blank=True, max_length=13, verbose_name='desa/kelurahan code')),
                        ('address', models.TextField(blank=True, verbose_name='address')),
                        ('contact_name', models.CharField(blank=True, max_length=255, verbose_name='contact person')),
                        ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('regency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.regency', verbose_name='kabupaten/kota')),
                    ],
                    options={
                        'verbose_name': 'training provider',
                        'verbose_name_plural': 'training providers',
                        'ordering': ['name'],
                    },
                ),
                migrations.AddField(
                    model_name='instructor',
                    name='provider',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='instructors', to='training.provider', verbose_name='provider'),
                ),
                migrations.AddField(
                    model_name='batch',
                    name='provider',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='batches', to='training.provider', verbose_name='provider'),
                ),
                migrations.CreateModel(
                    name='ReallocationProposal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('pending', 'Waiting for approval'), ('applied', 'Approved and applied'), ('rejected', 'Rejected'), ('superseded', 'Superseded')], default='pending', max_length=12, verbose_name='status')),
                        ('result', models.JSONField(verbose_name='proposed quotas')),
                        ('reason', models.TextField(blank=True, verbose_name='reason')),
                        ('proposed_at', models.DateTimeField(auto_now_add=True, verbose_name='proposed')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided')),
                        ('decision_note', models.TextField(blank=True, verbose_name='decision note')),
                        ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reallocation_proposals', to='programs.programcycle', verbose_name='cycle')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                        ('proposed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='proposed by')),
                    ],
                    options={
                        'verbose_name': 'reallocation proposal',
                        'verbose_name_plural': 'reallocation proposals',
                        'ordering': ['-proposed_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='CompetencyUnit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=50, verbose_name='unit code')),
                        ('title', models.CharField(max_length=255, verbose_name='title')),
                        ('package', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='units', to='training.trainingpackage', verbose_name='training package')),
                    ],
                    options={
                        'verbose_name': 'competency unit',
                        'verbose_name_plural': 'competency units',
                        'ordering': ['package', 'code'],
                    },
                ),
                migrations.AddField(
                    model_name='batch',
                    name='package',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='batches', to='training.trainingpackage', verbose_name='training package'),
                ),
                migrations.CreateModel(
                    name='Workshop',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('capacity', models.PositiveIntegerField(verbose_name='capacity')),
                        ('provider', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='workshops', to='training.provider', verbose_name='provider')),
                    ],
                    options={
                        'verbose_name': 'workshop',
                        'verbose_name_plural': 'workshops',
                        'ordering': ['provider', 'name'],
                    },
                ),
                migrations.AddField(
                    model_name='batchsession',
                    name='workshop',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='training.workshop', verbose_name='workshop'),
                ),
                migrations.AddField(
                    model_name='batch',
                    name='workshop',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='batches', to='training.workshop', verbose_name='workshop'),
                ),
                migrations.AddIndex(
                    model_name='enrolment',
                    index=models.Index(fields=['cycle', 'regency', 'status'], name='training_en_cycle_i_11a3d9_idx'),
                ),
                migrations.AddIndex(
                    model_name='enrolment',
                    index=models.Index(fields=['batch', 'status'], name='training_en_batch_i_39149c_idx'),
                ),
                migrations.AddConstraint(
                    model_name='enrolment',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'withdrawn'), _negated=True), fields=('application',), name='one_seat_per_application'),
                ),
                migrations.AddConstraint(
                    model_name='enrolment',
                    constraint=models.UniqueConstraint(condition=models.Q(('certificate_number', ''), _negated=True), fields=('certificate_issuer', 'certificate_number'), name='unique_certificate_number'),
                ),
                migrations.AddConstraint(
                    model_name='attendance',
                    constraint=models.UniqueConstraint(fields=('session', 'enrolment'), name='unique_attendance_per_session'),
                ),
                migrations.AddConstraint(
                    model_name='instructorbooking',
                    constraint=models.UniqueConstraint(fields=('session', 'instructor'), name='unique_booking_per_session_instructor'),
                ),
                migrations.AddConstraint(
                    model_name='instructorbooking',
                    constraint=django.contrib.postgres.constraints.ExclusionConstraint(expressions=[('instructor', '='), (core.db.TsTzRange('starts_at', 'ends_at'), '&&')], name='no_instructor_double_booking'),
                ),
                migrations.AddConstraint(
                    model_name='reallocationproposal',
                    constraint=models.CheckConstraint(condition=models.Q(('proposed_by__isnull', True), ('decided_by__isnull', True), models.Q(('decided_by', models.F('proposed_by')), _negated=True), _connector='OR'), name='reallocation_decided_by_someone_else'),
                ),
                migrations.AddConstraint(
                    model_name='reallocationproposal',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('cycle',), name='one_pending_reallocation_per_cycle'),
                ),
                migrations.AddConstraint(
                    model_name='competencyunit',
                    constraint=models.UniqueConstraint(fields=('package', 'code'), name='unique_unit_per_package'),
                ),
                migrations.AddConstraint(
                    model_name='workshop',
                    constraint=models.UniqueConstraint(fields=('provider', 'name'), name='unique_workshop_name_per_provider'),
                ),
                migrations.AddConstraint(
                    model_name='batchsession',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='session_ends_after_start'),
                ),
                migrations.AddConstraint(
                    model_name='batchsession',
                    constraint=django.contrib.postgres.constraints.ExclusionConstraint(expressions=[('workshop', '='), (core.db.TsTzRange('starts_at', 'ends_at'), '&&')], name='no_workshop_double_booking'),
                ),
                migrations.AddIndex(
                    model_name='batch',
                    index=models.Index(fields=['cycle', 'provider'], name='training_ba_cycle_i_18f259_idx'),
                ),
                migrations.AddConstraint(
                    model_name='batch',
                    constraint=models.CheckConstraint(condition=models.Q(('end_date__gte', models.F('start_date'))), name='batch_ends_after_start'),
                ),
                migrations.AddConstraint(
                    model_name='batch',
                    constraint=models.CheckConstraint(condition=models.Q(('capacity__gt', 0)), name='batch_capacity_positive'),
                ),
            ],
        ),
        migrations.RunPython(content_types_to_training, content_types_to_programs),
    ]
