"""`nghedan alerts …`: early warning from the command line.

scan    run the detectors now (the workers do it every NGHEDAN_ALERT_SCAN_HOURS)
list    the alerts, newest first (all, or active / open / … ; by province)
import  read press articles and social posts from files (HTML pages, RSS/Atom, JSON lines)
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from nghedan.alerts.detectors import DETECTORS
from nghedan.alerts.models import ACTIVE_STATUSES, Alert, AlertStatus


def _alert_json(alert: Alert) -> dict:
    return {
        "id": alert.pk,
        "kind": alert.kind,
        "status": alert.status,
        "title": alert.title,
        "area": {"code": alert.area.code, "name": str(alert.area)},
        "province": alert.province.code,
        "topic": alert.topic.code if alert.topic else None,
        "numbers": alert.numbers,
        "severity": round(alert.severity, 2),
        "petitions": alert.petitions.count(),
        "articles": alert.articles.count(),
        "opened_at": alert.opened_at.isoformat(),
        "updated_at": alert.updated_at.isoformat(),
        "assignee": alert.assignee.username if alert.assignee else None,
    }


class Command(BaseCommand):
    help = "Early warning: scan for hotspots, list alerts, import articles."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        scan = commands.add_parser("scan", help="run the detectors now")
        scan.add_argument("--detector", choices=sorted(DETECTORS), action="append")
        scan.add_argument("--json", action="store_true")
        listing = commands.add_parser("list", help="list alerts")
        listing.add_argument(
            "--status",
            choices=["active", *AlertStatus.values],
            default="",
            help="active: not closed",
        )
        listing.add_argument("--province", default="", help="official province code")
        listing.add_argument("--json", action="store_true")
        importing = commands.add_parser("import", help="import articles and posts")
        importing.add_argument("files", nargs="+", type=Path)
        importing.add_argument("--source", default="", help="name of the site or platform")
        importing.add_argument("--json", action="store_true")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        return getattr(self, f"_{action}")(**options)

    def _scan(self, *, detector: list[str] | None, json: bool, **_: Any) -> None:
        from nghedan.alerts.actions import alerts_scan

        result = alerts_scan(detectors=detector)
        if json:
            self.stdout.write(
                _dumps(
                    {
                        "opened": [_alert_json(a) for a in result.opened],
                        "grown": [_alert_json(a) for a in result.grown],
                        "unchanged": result.unchanged,
                    }
                )
            )
            return
        self.stdout.write(
            f"Cảnh báo mới / opened: {len(result.opened)}; "
            f"bổ sung / grown: {len(result.grown)}; không đổi / unchanged: {result.unchanged}"
        )
        for alert in [*result.opened, *result.grown]:
            self.stdout.write(f"  #{alert.pk} [{alert.kind}] {alert.area} — {alert.title}")

    def _list(self, *, status: str, province: str, json: bool, **_: Any) -> None:
        alerts = Alert.objects.select_related("area", "province", "topic", "assignee")
        if status == "active":
            alerts = alerts.filter(status__in=ACTIVE_STATUSES)
        elif status:
            alerts = alerts.filter(status=status)
        if province:
            alerts = alerts.filter(province__code=province)
        rows = [_alert_json(alert) for alert in alerts.order_by("-updated_at")]
        if json:
            self.stdout.write(_dumps(rows))
            return
        for row in rows:
            self.stdout.write(
                f"#{row['id']:<5} {row['status']:<12} {row['kind']:<14} "
                f"{row['area']['name']:<40} {row['title']}"
            )
        if not rows:
            self.stdout.write("Không có cảnh báo nào. / No alerts.")

    def _import(self, *, files: list[Path], source: str, json: bool, **_: Any) -> None:
        from nghedan.alerts.actions import articles_import
        from nghedan.alerts.press import PressError, read_file

        created = skipped = 0
        report, dropped = [], []
        for path in files:
            try:
                articles = read_file(path=path)
            except PressError as error:
                raise CommandError(f"{path}: {error.message} / {error.message_en}") from error
            result = articles_import(articles=articles, source=source)
            created += len(result.created)
            skipped += result.skipped
            dropped += [{"title": title, "url": url} for title, url in result.links_dropped]
            for article in result.created:
                report.append(
                    {
                        "id": article.pk,
                        "title": article.title,
                        "published_at": article.published_at.isoformat()
                        if article.published_at
                        else None,
                        "area": article.area.code if article.area else None,
                        "topic": article.topic.code if article.topic else None,
                        "copy_of": article.copy_of_id,
                        "urgent": article.is_urgent,
                    }
                )
        if json:
            self.stdout.write(
                _dumps({"created": report, "skipped": skipped, "links_dropped": dropped})
            )
            return
        self.stdout.write(f"Đã nhập / imported: {created}; đã có / already there: {skipped}")
        for row in report:
            copy = f" (bản sao của #{row['copy_of']})" if row["copy_of"] else ""
            self.stdout.write(f"  #{row['id']} {row['area'] or '—'} {row['title']}{copy}")
        if dropped:
            self.stdout.write(
                "Lưu không kèm liên kết vì liên kết không phải http/https / "
                f"stored without their link, which is not http/https: {len(dropped)}"
            )
            for link in dropped:
                self.stdout.write(f"  {link['title']} — {link['url'][:200]!r}")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
