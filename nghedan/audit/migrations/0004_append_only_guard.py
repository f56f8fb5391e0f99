"""Every entry now has its number; and the database refuses UPDATE and DELETE of entries
(TRUNCATE too, and DELETE of the head) with triggers on PostgreSQL and SQLite (audit/
guard.py). `nghedan flush` lifts them for its own transaction only."""

from django.db import migrations, models


def install(apps, schema_editor):
    from nghedan.audit.guard import guard_install

    guard_install(schema_editor.connection)


def remove(apps, schema_editor):
    from nghedan.audit.guard import guard_remove

    guard_remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_reseal_chain"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="số mục"),
        ),
        migrations.RunPython(install, remove),
    ]
