"""`nghedan reception compliance --month YYYY-MM [--json]`: per leader, reception days
held against the legal minimum, citizens received and commitments kept."""

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from nghedan.reception.compliance import compliance_for_month


def _month(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError as error:
        raise CommandError(
            f"Tháng không hợp lệ: {value!r}, cần dạng YYYY-MM. / "
            f"Invalid month {value!r}: use YYYY-MM."
        ) from error


class Command(BaseCommand):
    help = "Citizen reception: compliance with the legal minimum per leader."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        compliance = commands.add_parser("compliance", help="reception days held vs required")
        compliance.add_argument("--month", required=True, help="YYYY-MM")
        compliance.add_argument("--agency", default="", help="agency code")
        compliance.add_argument("--json", action="store_true")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        return getattr(self, f"_{action}")(**options)

    def _compliance(self, *, month: str, agency: str, json: bool, **_: Any) -> None:
        from django.contrib.auth import get_user_model

        leaders = get_user_model().objects.filter(role="leader", is_active=True)
        if agency:
            leaders = leaders.filter(agency__code=agency)
        rows = compliance_for_month(month=_month(month), leaders=leaders)
        if json:
            self.stdout.write(_dumps([row.as_dict() for row in rows]))
            return
        for row in rows:
            mark = "đạt" if row.meets_minimum else "CHƯA ĐẠT"
            self.stdout.write(
                f"{row.name:<30} {row.role:<24} {row.agency_name:<45} "
                f"{row.held_days}/{row.required_days} ngày ({mark}); "
                f"cam kết {row.commitments_kept}/{row.commitments_made} đã thực hiện, "
                f"{row.commitments_overdue} quá hạn"
            )
        if not rows:
            self.stdout.write("Không có lãnh đạo nào. / No leaders.")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
