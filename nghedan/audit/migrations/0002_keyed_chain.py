from django.db import migrations, models


class Migration(migrations.Migration):
    """The numbers of the entries and the sealed count of the head (filled by 0003)."""

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="auditentry",
            options={
                "ordering": ["seq"],
                "verbose_name": "mục nhật ký",
                "verbose_name_plural": "nhật ký kiểm toán",
            },
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(null=True, verbose_name="số mục"),
        ),
        migrations.AddField(
            model_name="audithead",
            name="entries",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="audithead",
            name="seal",
            field=models.CharField(blank=True, default="", max_length=64),
            preserve_default=False,
        ),
    ]
