"""`nghedan audit verify [--json]`: check that the audit log was not edited, cut or
rewritten. Exit status 0 and "intact, N entries" when it is whole; 1 and the first bad
entry when it is not.

`nghedan audit guard`: put back the database triggers that refuse UPDATE and DELETE of
audit entries (on SQLite a migration that rebuilds the table loses them).
"""

import json
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from nghedan.audit.guard import guard_install, guard_supported
from nghedan.audit.log import audit_verify


class Command(BaseCommand):
    help = "Nhật ký kiểm toán: kiểm tra chuỗi niêm phong, cài lại trigger bảo vệ."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        verify = subcommands.add_parser(
            "verify",
            help="Kiểm tra toàn bộ chuỗi; mã thoát 1 nếu có mục bị sửa, xoá hoặc cắt bớt.",
        )
        verify.add_argument("--json", action="store_true", help="In một đối tượng JSON")
        subcommands.add_parser(
            "guard", help="Cài lại trigger từ chối UPDATE/DELETE trên nhật ký kiểm toán."
        )

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "verify":
            self._verify(as_json=options["json"])
        elif subcommand == "guard":
            self._guard()

    def _verify(self, *, as_json: bool) -> None:
        verdict = audit_verify()
        if as_json:
            self.stdout.write(json.dumps(verdict.as_dict(), ensure_ascii=False))
        elif verdict.intact:
            self.stdout.write(
                f"Nguyên vẹn, {verdict.entries} mục — intact, {verdict.entries} entries"
            )
        else:
            where_vi = where_en = ""
            if verdict.first_bad_seq is not None:
                row = f"#{verdict.first_bad_id}" if verdict.first_bad_id else "đã mất"
                row_en = f"#{verdict.first_bad_id}" if verdict.first_bad_id else "missing"
                where_vi = f" tại mục số {verdict.first_bad_seq} ({row})"
                where_en = f" at entry no. {verdict.first_bad_seq} ({row_en})"
            self.stdout.write(
                f"Hỏng{where_vi}: {verdict.message} — broken{where_en}: {verdict.message_en}"
            )
        if verdict.guarded is False and not as_json:
            self.stderr.write(
                "Cảnh báo: thiếu trigger từ chối sửa, xoá nhật ký; chạy `nghedan audit guard`. "
                "Warning: the triggers that refuse edits of the log are missing; run "
                "`nghedan audit guard`."
            )
        if not verdict.intact:
            raise SystemExit(1)

    def _guard(self) -> None:
        if not guard_supported(connection):
            self.stdout.write(
                f"Cơ sở dữ liệu {connection.vendor} không có trigger bảo vệ — "
                f"no guard for {connection.vendor}."
            )
            return
        with transaction.atomic():
            guard_install(connection)
        self.stdout.write("Đã cài trigger bảo vệ — the guard is installed.")
