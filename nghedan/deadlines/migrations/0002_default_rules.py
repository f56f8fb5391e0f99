"""Seed the default legal time limits of DESIGN.md §7.

A frozen copy of nghedan/deadlines/defaults.py as it stood when this migration was
written; later changes of the law are rows added in the admin (or a new migration).
"""

import datetime

from django.db import migrations

RULES = [
    {
        "level": "",
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "max_extensions": 0,
        "valid_from": datetime.date(2000, 1, 1),
        "valid_to": None,
        "kind": "feedback",
        "stage": "acceptance",
        "days": 5,
        "working_days": True,
        "citation": "Quyết định 31/2021/QĐ-TTg; quy chế tiếp nhận phản ánh",
    },
    {
        "level": "",
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "max_extensions": 0,
        "valid_from": datetime.date(2000, 1, 1),
        "valid_to": None,
        "kind": "feedback",
        "stage": "resolution",
        "days": 10,
        "working_days": True,
        "citation": "Quy định của cơ quan (mặc định 10 ngày làm việc)",
    },
    {
        "level": "",
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "max_extensions": 0,
        "valid_from": datetime.date(2000, 1, 1),
        "valid_to": None,
        "kind": "proposal",
        "stage": "acceptance",
        "days": 5,
        "working_days": True,
        "citation": "Quyết định 31/2021/QĐ-TTg; quy chế tiếp nhận kiến nghị",
    },
    {
        "level": "",
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "max_extensions": 0,
        "valid_from": datetime.date(2000, 1, 1),
        "valid_to": None,
        "kind": "proposal",
        "stage": "resolution",
        "days": 15,
        "working_days": True,
        "citation": "Quy định của cơ quan (mặc định 15 ngày làm việc)",
    },
    {
        "level": "",
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "max_extensions": 0,
        "valid_from": datetime.date(2000, 1, 1),
        "valid_to": None,
        "kind": "complaint",
        "stage": "acceptance",
        "days": 10,
        "working_days": False,
        "citation": "Luật Khiếu nại 2011, Điều 27",
    },
    {
        "level": "",
        "complex_days": 45,
        "remote_days": 45,
        "remote_complex_days": 60,
        "max_extensions": 0,
        "valid_from": datetime.date(2000, 1, 1),
        "valid_to": None,
        "kind": "complaint",
        "stage": "resolution",
        "days": 30,
        "working_days": False,
        "citation": "Luật Khiếu nại 2011, Điều 28",
    },
    {
        "level": "",
        "complex_days": 60,
        "remote_days": 60,
        "remote_complex_days": 70,
        "max_extensions": 0,
        "valid_from": datetime.date(2000, 1, 1),
        "valid_to": None,
        "kind": "complaint",
        "stage": "second_resolution",
        "days": 45,
        "working_days": False,
        "citation": "Luật Khiếu nại 2011, Điều 37",
    },
    {
        "level": "",
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "max_extensions": 0,
        "valid_from": datetime.date(2000, 1, 1),
        "valid_to": None,
        "kind": "denunciation",
        "stage": "acceptance",
        "days": 7,
        "working_days": True,
        "citation": "Luật Tố cáo 2018, Điều 24",
    },
    {
        "level": "",
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "max_extensions": 0,
        "valid_from": datetime.date(2000, 1, 1),
        "valid_to": None,
        "kind": "denunciation",
        "stage": "resolution",
        "days": 30,
        "working_days": False,
        "citation": "Luật Tố cáo 2018, Điều 30",
    },
    {
        "level": "",
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "max_extensions": 2,
        "valid_from": datetime.date(2000, 1, 1),
        "valid_to": None,
        "kind": "denunciation",
        "stage": "extension",
        "days": 30,
        "working_days": False,
        "citation": "Luật Tố cáo 2018, Điều 30 (vụ việc phức tạp gia hạn 1 lần, đặc biệt phức tạp 2 "
        "lần, mỗi lần không quá 30 ngày)",
    },
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for row in RULES:
        DeadlineRule.objects.get_or_create(
            kind=row["kind"],
            level=row["level"],
            stage=row["stage"],
            valid_from=row["valid_from"],
            defaults=row,
        )


def unseed(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for row in RULES:
        DeadlineRule.objects.filter(
            kind=row["kind"], level=row["level"], stage=row["stage"], valid_from=row["valid_from"]
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
