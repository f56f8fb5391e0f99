"""`nghedan keys …`: the keys of the personal data encrypted at rest.

new     print a fresh key to put first in NGHEDAN_FIELD_KEYS
status  count, per encrypted column, the values under the current key, under an old one,
        and those no key opens (reads only)
rotate  re-encrypt under the current key every value still under an old one, in batches;
        safe to stop and run again: what is already under the current key is only counted

Rotating a key: put the new key first in NGHEDAN_FIELD_KEYS and keep the old ones after it
(NGHEDAN_FIELD_KEYS=new,old), restart, run `nghedan keys rotate`; once it reports nothing
left under an old key, the old keys can be removed.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from nghedan.lib.crypto import FieldCount, field_keys_rotate, new_field_key


class Command(BaseCommand):
    help = "Khoá mã hoá dữ liệu cá nhân: tạo khoá mới, xem tình trạng, mã hoá lại bằng khoá mới."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("new", help="in một khoá mới / print a fresh key")
        for name, text in (
            ("status", "đếm giá trị theo khoá / count values by key"),
            ("rotate", "mã hoá lại bằng khoá hiện hành / re-encrypt under the current key"),
        ):
            sub = commands.add_parser(name, help=text)
            sub.add_argument("--batch-size", type=int, default=500)
            sub.add_argument("--json", action="store_true")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "new":
            self.stdout.write(new_field_key())
            return
        batch_size = options["batch_size"]
        if batch_size < 1:
            raise CommandError("--batch-size phải lớn hơn 0 / must be at least 1")
        write = action == "rotate"
        counts = field_keys_rotate(
            batch_size=batch_size,
            write=write,
            progress=None if options["json"] or not write else self._progress,
        )
        if write:
            from nghedan.audit.log import audit_record

            audit_record(
                actor=None,
                actor_label="keys",
                action="field_keys.rotated",
                data={count.field: _numbers(count) for count in counts},
            )
        if options["json"]:
            self.stdout.write(json.dumps([_numbers(c) | {"field": c.field} for c in counts]))
        else:
            self._report(counts, write=write)
        if any(count.unreadable for count in counts):
            raise CommandError(
                "Có giá trị không khoá nào mở được: thiếu khoá cũ trong NGHEDAN_FIELD_KEYS? / "
                "Some values open with no key: is an old key missing from NGHEDAN_FIELD_KEYS?"
            )

    def _progress(self, count: FieldCount) -> None:
        self.stderr.write(
            f"  {count.field}: {count.checked} đã xem / checked, {count.old} mã hoá lại / rotated"
        )

    def _report(self, counts: list[FieldCount], *, write: bool) -> None:
        moved = "mã hoá lại / rotated" if write else "dưới khoá cũ / under an old key"
        for count in counts:
            self.stdout.write(
                f"{count.field}: {count.checked} giá trị / values; {count.old} {moved}; "
                f"{count.current} đã dùng khoá hiện hành / already current; "
                f"{count.unreadable} không mở được / unreadable"
            )
        total = sum(count.old for count in counts)
        self.stdout.write(
            f"Tổng / total: {total} {moved}; "
            f"{sum(count.current for count in counts)} đã dùng khoá hiện hành / already current"
        )


def _numbers(count: FieldCount) -> dict:
    return {
        "checked": count.checked,
        "old": count.old,
        "current": count.current,
        "unreadable": count.unreadable,
    }
