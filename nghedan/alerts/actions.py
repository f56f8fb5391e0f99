"""Writes of early warning: findings become alerts (growing the open one for the same
issue), leaders move alerts through their lifecycle, and articles are imported.

Each runs in one transaction and records one AlertEvent (mirrored in the audit log);
people are told by a job enqueued in the same transaction.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from nghedan.accounts.discipline import require_fit_for_citizen_duty
from nghedan.accounts.models import User
from nghedan.alerts import policy
from nghedan.alerts.detectors import DETECTORS, Finding
from nghedan.alerts.models import ACTIVE_STATUSES, Alert, AlertEvent, AlertStatus, Article
from nghedan.audit.log import audit_record
from nghedan.jobs.registry import enqueue
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, TransitionNotAllowed, not_permitted
from nghedan.lib.links import http_url
from nghedan.lib.text import clean

# action -> (statuses it may start from, status it leads to)
TRANSITIONS = {
    "acknowledge": ({AlertStatus.OPEN}, AlertStatus.ACKNOWLEDGED),
    "handle": ({AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED}, AlertStatus.HANDLED),
    "close": (
        {AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.HANDLED},
        AlertStatus.CLOSED,
    ),
}


def _event(
    *,
    alert: Alert,
    actor: User | AnonymousUser | None,
    action: str,
    text: str = "",
    data: dict | None = None,
    from_status: str = "",
    to_status: str = "",
) -> AlertEvent:
    event = AlertEvent.objects.create(
        alert=alert,
        at=clock.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        text=text,
        data=data or {},
    )
    audit_record(
        actor=event.actor,
        actor_label="" if event.actor else "system",
        action=f"alert.{action}",
        target=alert,
        data={"alert": alert.pk, "from": from_status, "to": to_status, **(data or {})},
    )
    return event


@dataclass(frozen=True)
class ScanResult:
    opened: list[Alert]
    grown: list[Alert]
    unchanged: int


def alerts_scan(*, detectors: Iterable[str] | None = None, **options: Any) -> ScanResult:
    """Run the detectors and record what they found."""
    opened, grown, unchanged = [], [], 0
    for name in detectors or DETECTORS:
        if name == "surge":
            kwargs = {key: value for key, value in options.items() if key != "group_ids"}
        elif name == "mass" and "group_ids" in options:
            kwargs = {"group_ids": options["group_ids"]}
        else:
            kwargs = {}
        for finding in DETECTORS[name](**kwargs):
            alert, outcome = alert_record(finding=finding)
            if outcome == "opened":
                opened.append(alert)
            elif outcome == "grew":
                grown.append(alert)
            else:
                unchanged += 1
    return ScanResult(opened, grown, unchanged)


def alert_record(*, finding: Finding) -> tuple[Alert, str]:
    """Open an alert for a finding, or make the active alert of the same issue grow with
    the new evidence. Returns the alert and "opened", "grew" or "same"."""
    from nghedan.areas.models import Area

    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update()
            .filter(key=finding.key, status__in=ACTIVE_STATUSES)
            .first()
        )
        now = clock.now()
        if alert is None:
            area = Area.objects.get(pk=finding.area_id)
            alert = Alert.objects.create(
                kind=finding.kind,
                key=finding.key,
                area=area,
                province_id=area.parent_id or area.pk,
                topic_id=finding.topic_id,
                title=finding.title,
                numbers=finding.numbers,
                severity=finding.severity,
                opened_at=now,
                updated_at=now,
            )
            alert.petitions.set(finding.petition_ids)
            alert.articles.set(finding.article_ids)
            _event(
                alert=alert,
                actor=None,
                action="opened",
                to_status=AlertStatus.OPEN,
                data={"numbers": finding.numbers},
            )
            enqueue("alerts.notify", payload={"alert_id": alert.pk}, key=f"alert-opened:{alert.pk}")
            return alert, "opened"
        known_petitions = set(alert.petitions.values_list("pk", flat=True))
        known_articles = set(alert.articles.values_list("pk", flat=True))
        new_petitions = finding.petition_ids - known_petitions
        new_articles = finding.article_ids - known_articles
        if not new_petitions and not new_articles and finding.numbers == alert.numbers:
            return alert, "same"
        alert.petitions.add(*new_petitions)
        alert.articles.add(*new_articles)
        alert.numbers = finding.numbers
        alert.title = finding.title
        alert.severity = max(alert.severity, finding.severity)
        alert.updated_at = now
        alert.save(update_fields=["numbers", "title", "severity", "updated_at"])
        _event(
            alert=alert,
            actor=None,
            action="grew",
            data={
                "numbers": finding.numbers,
                "new_petitions": len(new_petitions),
                "new_articles": len(new_articles),
            },
        )
        return alert, "grew"


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().get(pk=alert.pk)


def alert_transition(
    *, acting_user: User | None, alert: Alert, action: str, note: str = ""
) -> Alert:
    """Acknowledge, handle or close an alert (leaders of its place); a note says what was
    done and is required to mark it handled or closed."""
    if action not in TRANSITIONS:
        raise ActionError("bad_action", _("Thao tác không hợp lệ."))
    with transaction.atomic():
        alert = _locked(alert)
        if not policy.can_act(acting_user, alert):
            raise not_permitted()
        sources, target = TRANSITIONS[action]
        if alert.status not in sources:
            raise TransitionNotAllowed(
                "transition_not_allowed",
                _("Cảnh báo đang ở trạng thái không cho phép thao tác này."),
            )
        note = clean(note)
        if action in ("handle", "close") and len(note) < 5:
            raise ActionError("note_required", _("Vui lòng ghi rõ đã xử lý thế nào."), field="note")
        from_status = alert.status
        alert.status = target
        alert.updated_at = clock.now()
        if alert.assignee_id is None:
            alert.assignee = acting_user
        alert.save(update_fields=["status", "updated_at", "assignee"])
        _event(
            alert=alert,
            actor=acting_user,
            action=action,
            from_status=from_status,
            to_status=target,
            text=note,
        )
        return alert


def alert_assign(*, acting_user: User | None, alert: Alert, assignee: User) -> Alert:
    """Give the alert to a leader of its place, who is told."""
    with transaction.atomic():
        alert = _locked(alert)
        if not policy.can_act(acting_user, alert):
            raise not_permitted()
        if alert.status == AlertStatus.CLOSED:
            raise TransitionNotAllowed("alert_closed", _("Cảnh báo đã đóng."))
        if not policy.can_act(assignee, alert) or assignee.is_admin_role:
            raise ActionError(
                "bad_assignee",
                _("Chỉ giao cho lãnh đạo cơ quan của địa bàn này."),
                field="assignee",
            )
        # Handling a hotspot is work with the people: not for an official under discipline.
        require_fit_for_citizen_duty(
            user=assignee, on=clock.today(), duty="mass_mobilisation", field="assignee"
        )
        alert.assignee = assignee
        alert.updated_at = clock.now()
        alert.save(update_fields=["assignee", "updated_at"])
        _event(alert=alert, actor=acting_user, action="assigned", data={"assignee": assignee.pk})
        enqueue(
            "alerts.notify",
            payload={"alert_id": alert.pk, "assignee_id": assignee.pk},
            key=f"alert-assigned:{alert.pk}:{assignee.pk}:{alert.updated_at.timestamp()}",
        )
        return alert


def alert_note(*, acting_user: User | None, alert: Alert, text: str) -> AlertEvent:
    with transaction.atomic():
        alert = _locked(alert)
        if not policy.can_act(acting_user, alert):
            raise not_permitted()
        text = clean(text)
        if len(text) < 2:
            raise ActionError("note_required", _("Vui lòng nhập nội dung ghi chú."), field="text")
        alert.updated_at = clock.now()
        alert.save(update_fields=["updated_at"])
        return _event(alert=alert, actor=acting_user, action="note", text=text)


@dataclass(frozen=True)
class ImportResult:
    created: list[Article]
    skipped: int  # already imported (same URL)
    # Stored without their link, which was not an http(s) address: (title, link as given).
    links_dropped: list[tuple[str, str]] = field(default_factory=list)


def articles_import(*, articles: Sequence, source: str = "") -> ImportResult:
    """Store articles and posts read from files or feeds: the place and topic they are
    about, urgency and feeling, and which earlier article they are a syndicated copy of.

    Only an http(s) link is kept: any other (`javascript:`, `data:`, relative, too long)
    would be a link leaders click on the alert page, so the article is stored without it
    and named in `links_dropped`."""
    from nghedan.areas.places import place_suggest
    from nghedan.language.duplicates import signature, signature_bytes, signature_from, similarity
    from nghedan.language.pipeline import topic_suggest
    from nghedan.language.signals import signals_read
    from nghedan.petitions.models import Topic

    topics = {t.code: t for t in Topic.objects.all()}
    created, skipped, dropped = [], 0, []
    for item in articles:
        url = http_url(item.url)
        if url and Article.objects.filter(url=url).exists():
            skipped += 1
            continue
        if item.url and not url:
            dropped.append((item.title, item.url))
        text = f"{item.title}. {item.text}"
        place = place_suggest(text=text)
        prediction = topic_suggest(text=text)
        signals = signals_read(text)
        values = signature(item.text or item.title)
        copy_of = None
        if values is not None:
            window = Article.objects.filter(copy_of__isnull=True).exclude(signature=b"")
            if item.published:
                low = item.published - timedelta(days=14)
                window = window.filter(published_at__gte=low)
            for other in window.order_by("published_at")[:2000]:
                theirs = signature_from(other.signature)
                if theirs is not None and similarity(values, theirs) >= 0.8:
                    copy_of = other
                    break
        with transaction.atomic():
            article = Article.objects.create(
                kind=item.kind,
                source=(item.source or source)[:200],
                url=url,
                external_id=item.external_id[:300],
                title=item.title[:500],
                text=item.text,
                published_at=item.published,
                imported_at=clock.now(),
                area=place.area if place else None,
                topic=topics.get(prediction.label) if prediction else None,
                is_urgent=signals.is_urgent,
                is_negative=signals.is_negative,
                signals={
                    "urgency": {c: list(w) for c, w in signals.urgency},
                    "negative_words": list(signals.negative_words),
                    "place_reason": place.reason if place else "",
                },
                copy_of=copy_of,
                signature=signature_bytes(values),
            )
            audit_record(
                actor=None,
                actor_label="import",
                action="article.imported",
                target=article,
                data={"url": article.url, "copy_of": copy_of.pk if copy_of else None},
            )
        created.append(article)
    return ImportResult(created, skipped, dropped)
