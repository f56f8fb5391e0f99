"""`nghedan consultations …`: public consultations from the command line.

groups  opinion groups (as in Pol.is) from votes collected elsewhere: a CSV file with the
        header participant,statement,vote (1 agree, -1 disagree, 0 pass)
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from nghedan.consultations.opinion import OpinionError, opinion_groups, read_votes

DIRECTION = {"agree": "đồng ý", "disagree": "không đồng ý"}


class Command(BaseCommand):
    help = "Public consultations: opinion groups from a vote file."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        groups = commands.add_parser("groups", help="opinion groups from a CSV of votes")
        groups.add_argument(
            "--votes",
            type=Path,
            required=True,
            help="CSV with the header participant,statement,vote (1, -1, 0)",
        )
        groups.add_argument("--json", action="store_true", help="print one JSON object")
        groups.add_argument("--max-k", type=int, default=5, help="most groups to try (5)")
        groups.add_argument("--min-votes", type=int, default=3, help="fewer votes: not grouped (3)")
        groups.add_argument("--seed", type=int, default=0, help="k-means seed (0)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        return getattr(self, f"_{action}")(**options)

    def _groups(
        self, *, votes: Path, json: bool, max_k: int, min_votes: int, seed: int, **_: Any
    ) -> None:
        try:
            matrix = read_votes(votes)
            result = opinion_groups(matrix=matrix, max_k=max_k, min_votes=min_votes, seed=seed)
        except OpinionError as error:
            raise CommandError(f"{error.message} / {error.message_en}") from error
        if json:
            self.stdout.write(_dumps(result.as_dict()))
            return
        self.stdout.write(
            f"Người tham gia / participants: {len(matrix.participants)}; "
            f"ý kiến / statements: {len(matrix.statements)}; "
            f"chưa xếp nhóm (ít phiếu) / ungrouped: {len(result.ungrouped)}"
        )
        silhouette = "" if result.silhouette is None else f" (silhouette {result.silhouette:.2f})"
        self.stdout.write(f"Số nhóm ý kiến / groups: {result.k}{silhouette}")
        for group in range(result.k):
            size = sum(1 for g in result.groups.values() if g == group)
            self.stdout.write(f"\nNhóm {group}: {size} người")
            for rep in result.representative.get(group, []):
                self.stdout.write(
                    f"  {DIRECTION[rep.direction]:<13} {rep.statement} "
                    f"({rep.probability:.0%} trong nhóm, gấp {rep.ratio:.1f} lần, z={rep.z:.1f})"
                )
            if not result.representative.get(group):
                self.stdout.write("  (không có ý kiến tiêu biểu rõ rệt)")
        self.stdout.write("\nĐồng thuận giữa các nhóm / consensus:")
        for item in result.consensus:
            shares = ", ".join(f"nhóm {g}: {p:.0%}" for g, p in item.probability_by_group.items())
            self.stdout.write(f"  {DIRECTION[item.direction]:<13} {item.statement} ({shares})")
        if not result.consensus:
            self.stdout.write("  (không có)")


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
