"""`nghedan deadlines due --kind KIND --level LEVEL --received YYYY-MM-DD [...]`: the
acceptance and resolution due dates of a petition, counted as `due_dates` counts them.

    nghedan deadlines due --kind complaint --level commune --received 2026-05-04
    nghedan deadlines due --kind denunciation --level province --received 2026-05-04 \\
        --complex --extensions 2 --json
"""

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from nghedan.deadlines.kinds import Kind
from nghedan.deadlines.services import LEVELS, DeadlineError, due_dates


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"Ngày không hợp lệ cho {option}: {value!r} (dạng YYYY-MM-DD). "
            f"Invalid date for {option}: {value!r} (use YYYY-MM-DD)."
        ) from None


class Command(BaseCommand):
    help = "Thời hạn giải quyết đơn thư: tính hạn thụ lý và hạn giải quyết."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        due = subcommands.add_parser(
            "due",
            help="In hạn thụ lý và hạn giải quyết của một đơn.",
            description="Hạn giải quyết tính từ --accepted nếu có, nếu không từ hạn thụ lý.",
        )
        # Kind and level are checked in handle() so that a bad value gets our message.
        due.add_argument("--kind", required=True, help=f"Loại đơn: {', '.join(Kind.values)}")
        due.add_argument("--level", required=True, help=f"Cấp: {', '.join(LEVELS)}")
        due.add_argument("--received", required=True, help="Ngày tiếp nhận, YYYY-MM-DD")
        due.add_argument("--accepted", help="Ngày thụ lý, YYYY-MM-DD")
        due.add_argument("--stage", default="first", help="first (lần đầu) hoặc second (lần hai)")
        due.add_argument("--remote", action="store_true", help="Vùng sâu, vùng xa, khó khăn")
        due.add_argument("--complex", action="store_true", help="Vụ việc phức tạp")
        due.add_argument("--extensions", type=int, default=0, help="Số lần gia hạn")
        due.add_argument("--json", action="store_true", help="In một đối tượng JSON")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "due":
            self._due(**options)

    def _due(self, **options: Any) -> None:
        kind, level = options["kind"], options["level"]
        if kind not in Kind.values:
            raise CommandError(
                f"Loại đơn không hợp lệ: {kind!r} (chọn một trong {', '.join(Kind.values)}). "
                f"Unknown kind {kind!r} (one of {', '.join(Kind.values)})."
            )
        received = _date(options["received"], "--received")
        accepted = _date(options["accepted"], "--accepted") if options["accepted"] else None
        try:
            dates = due_dates(
                kind=kind,
                received_on=received,
                accepted_on=accepted,
                stage=options["stage"],
                level=level,
                remote=options["remote"],
                complex=options["complex"],
                extensions=options["extensions"],
            )
        except DeadlineError as exc:
            raise CommandError(f"{exc.message} {exc.message_en}") from exc
        if options["json"]:
            payload = {
                "acceptance_due": dates.acceptance_due.isoformat(),
                "resolution_due": dates.resolution_due.isoformat(),
                "explanation": dates.explanation,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(f"Hạn thụ lý:      {dates.acceptance_due:%d/%m/%Y}")
        self.stdout.write(f"Hạn giải quyết:  {dates.resolution_due:%d/%m/%Y}")
        self.stdout.write(dates.explanation)
