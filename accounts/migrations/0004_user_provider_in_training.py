"""A BLK admin's provider is now training.Provider: the same table, renamed by training 0001,
so only the state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_user_provider"),
        ("training", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="user",
                    name="provider",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="For BLK admins: the provider whose batches they run.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="staff",
                        to="training.provider",
                        verbose_name="training provider",
                    ),
                ),
            ],
        ),
    ]
