"""Event actions in one tense: what happened, not what was asked for. Renames the stored
events of the commands ("accept" → "accepted", …). The audit log is append-only and keeps
the names its entries were written with."""

from django.db import migrations, models

RENAMED = {
    "accept": "accepted",
    "decline": "declined",
    "transfer": "transferred",
    "start": "started",
    "extend": "extended",
    "answer_submit": "answer_submitted",
    "answer_return": "answer_returned",
    "answer_publish": "answer_published",
    "reopen": "reopened",
    "appeal": "appealed",
    "withdraw": "withdrawn",
}


def rename(apps, schema_editor, mapping=RENAMED):
    events = apps.get_model("petitions", "PetitionEvent").objects
    for old, new in mapping.items():
        events.filter(action=old).update(action=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("petitions", "0009_rating_stars_created_index")]

    operations = [
        migrations.RunPython(rename, rename_back),
        migrations.AlterField(
            model_name="petitionevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("submitted", "Tiếp nhận đơn"),
                    ("accepted", "Thụ lý"),
                    ("declined", "Không thụ lý"),
                    ("transferred", "Chuyển đơn"),
                    ("started", "Bắt đầu giải quyết"),
                    ("extended", "Gia hạn giải quyết"),
                    ("answer_submitted", "Trình dự thảo trả lời"),
                    ("answer_returned", "Lãnh đạo trả lại dự thảo"),
                    ("answer_published", "Ban hành câu trả lời"),
                    ("rated_closed", "Người gửi đánh giá, kết thúc"),
                    ("rated_reopened", "Người gửi chưa hài lòng, mở lại"),
                    ("reopened", "Người gửi yêu cầu xem xét lại"),
                    ("appealed", "Khiếu nại lần hai"),
                    ("withdrawn", "Rút đơn"),
                    ("auto_closed", "Kết thúc do hết thời hạn đánh giá"),
                    ("overdue_escalated", "Báo lãnh đạo: quá hạn"),
                    ("relabelled", "Đổi lĩnh vực"),
                    ("grouped", "Gộp vào nhóm cùng vụ việc"),
                    ("ungrouped", "Tách khỏi nhóm cùng vụ việc"),
                ],
                max_length=30,
                verbose_name="hành động",
            ),
        ),
    ]
