"""Legal time limits of petitions: one place computes every due date.

The figures are DeadlineRule rows (seeded with the defaults of DESIGN.md §7, changed in
the admin when the law changes); a clock takes the rule in force on the day it starts.
Counting follows the Civil Code 2015, Arts. 147–148 (see `calendar.py`): a limit starts
the day after the event; a limit in calendar days that ends on a day off ends on the
next working day; a limit in working days counts only working days. Working days skip
weekends, Vietnamese public holidays and the administrator's days off, and include the
make-up working days (ngày làm bù) the administrator entered.
"""

from dataclasses import dataclass
from datetime import date

from nghedan.deadlines.calendar import WorkCalendar, add_limit
from nghedan.deadlines.defaults import DEFAULT_RULES, default_rule_fields
from nghedan.deadlines.kinds import Kind
from nghedan.deadlines.models import DeadlineRule, RuleLevel, Stage
from nghedan.lib.reference import reference_copy

__all__ = [
    "ClockRule",
    "DeadlineError",
    "DueDates",
    "add_limit",  # counted in calendar.py; exported here for callers of this module
    "deadline_rule_in_force",
    "due_dates",
]

LEVELS = (RuleLevel.COMMUNE.value, RuleLevel.PROVINCE.value)
STAGES = ("first", "second")


class DeadlineError(Exception):
    """Bad input for a due date, or no rule for it. `message` is in Vietnamese,
    `message_en` in English."""

    def __init__(self, code: str, message: str, message_en: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_en = message_en


@dataclass(frozen=True)
class ClockRule:
    """The limit one clock runs under: `days` is the figure for this case (remote or
    complex already applied); `rule_id` the DeadlineRule row it came from (None for a
    shipped default)."""

    days: int
    working_days: bool
    citation: str
    rule_id: int | None = None


@dataclass(frozen=True)
class DueDates:
    acceptance_due: date
    resolution_due: date
    acceptance_rule: ClockRule
    resolution_rule: ClockRule
    extension_rule: ClockRule | None = None
    extensions: int = 0
    explanation: str = ""


def deadline_rules() -> list[DeadlineRule]:
    """Every rule, this process's copy (lib/reference: read again after a change in the
    admin); a petition's due dates take two or three of them. Read-only."""
    return reference_copy("deadlines.rules", lambda: list(DeadlineRule.objects.all()))


def deadline_rule_in_force(*, kind: str, level: str, stage: str, on: date) -> DeadlineRule:
    """The rule for `kind` at `stage` in force on `on`: one for `level` itself before one
    for any level, the latest `valid_from` first. The shipped defaults stand in only
    while the table is empty; a table with rows but none that fits is an error."""
    rules = deadline_rules()
    rows = [
        rule
        for rule in rules
        if rule.kind == kind
        and rule.stage == stage
        and rule.level in (level, RuleLevel.ANY)
        and rule.valid_from <= on
        and (rule.valid_to is None or rule.valid_to >= on)
    ]
    found = max(rows, key=lambda rule: (rule.level == level, rule.valid_from), default=None)
    if found is not None:
        return found
    if not rules:
        for spec in DEFAULT_RULES:
            if (spec["kind"], spec["stage"]) == (kind, stage):
                return DeadlineRule(**default_rule_fields(spec))
    raise DeadlineError(
        "no_rule",
        f"Chưa có quy định thời hạn cho {kind}, giai đoạn {stage}, cấp {level or 'bất kỳ'} "
        f"áp dụng ngày {on:%d/%m/%Y}.",
        f"No deadline rule for {kind}, stage {stage}, level {level or 'any'} "
        f"in force on {on.isoformat()}.",
    )


def _clock(rule: DeadlineRule, *, remote: bool, complex: bool) -> ClockRule:
    return ClockRule(
        days=rule.days_for(remote=remote, complex=complex),
        working_days=rule.working_days,
        citation=rule.citation,
        rule_id=rule.pk,
    )


def _days_text(days: int, working_days: bool) -> str:
    return f"{days} ngày làm việc" if working_days else f"{days} ngày"


def _check(*, kind: str, level: str, stage: str, extensions: int) -> None:
    if kind not in Kind.values:
        raise DeadlineError(
            "bad_kind",
            f"Loại đơn không hợp lệ: {kind!r} (chọn một trong {', '.join(Kind.values)}).",
            f"Unknown kind {kind!r} (one of {', '.join(Kind.values)}).",
        )
    if level not in LEVELS:
        raise DeadlineError(
            "bad_level",
            f"Cấp không hợp lệ: {level!r} (commune hoặc province).",
            f"Unknown level {level!r} (commune or province).",
        )
    if stage not in STAGES:
        raise DeadlineError(
            "bad_stage",
            f"Lần giải quyết không hợp lệ: {stage!r} (first hoặc second).",
            f"Unknown stage {stage!r} (first or second).",
        )
    if extensions < 0:
        raise DeadlineError(
            "bad_extensions",
            "Số lần gia hạn không được âm.",
            "The number of extensions cannot be negative.",
        )


def due_dates(
    *,
    kind: str,
    received_on: date,
    accepted_on: date | None = None,
    stage: str = "first",
    level: str = "commune",
    remote: bool = False,
    complex: bool = False,
    extensions: int = 0,
) -> DueDates:
    """Acceptance due counts from receipt; resolution from acceptance, or from the
    acceptance due date while the petition is not yet accepted. `stage` "second" is a
    complaint's second resolution (khiếu nại lần hai). `remote` (an area flagged
    `is_remote`) and `complex` pick the longer figures the law gives; `extensions` adds
    that many extensions of the kind's extension rule; since only a complex case is ever
    extended, a number of extensions makes the case complex (the explanation says so)."""
    _check(kind=kind, level=level, stage=stage, extensions=extensions)
    complex_by_extension = extensions > 0 and not complex
    complex = complex or extensions > 0
    calendar = WorkCalendar()

    acceptance = deadline_rule_in_force(
        kind=kind, level=level, stage=Stage.ACCEPTANCE, on=received_on
    )
    acceptance_rule = _clock(acceptance, remote=remote, complex=complex)
    acceptance_due = calendar.add_limit(received_on, acceptance_rule)

    resolution_start = accepted_on or acceptance_due
    resolution_stage = Stage.SECOND_RESOLUTION if stage == "second" else Stage.RESOLUTION
    resolution = deadline_rule_in_force(
        kind=kind, level=level, stage=resolution_stage, on=resolution_start
    )
    resolution_rule = _clock(resolution, remote=remote, complex=complex)

    extension_rule = None
    if extensions:
        extension = deadline_rule_in_force(
            kind=kind, level=level, stage=Stage.EXTENSION, on=resolution_start
        )
        if extensions > extension.max_extensions:
            raise DeadlineError(
                "too_many_extensions",
                f"Chỉ được gia hạn tối đa {extension.max_extensions} lần ({extension.citation}).",
                f"At most {extension.max_extensions} extension(s) allowed ({extension.citation}).",
            )
        extension_rule = _clock(extension, remote=remote, complex=False)

    if extension_rule is None:
        resolution_due = calendar.add_limit(resolution_start, resolution_rule)
    elif extension_rule.working_days == resolution_rule.working_days:
        # One limit of the summed days: only its very last day rolls past a day off.
        resolution_due = calendar.add_limit(
            resolution_start,
            resolution_rule,
            days=resolution_rule.days + extensions * extension_rule.days,
        )
    else:
        resolution_due = calendar.add_limit(resolution_start, resolution_rule)
        for _ in range(extensions):
            resolution_due = calendar.add_limit(resolution_due, extension_rule)

    complex_word = "phức tạp (vì đã được gia hạn)" if complex_by_extension else "phức tạp"
    case = [word for flag, word in ((remote, "vùng sâu, vùng xa"), (complex, complex_word)) if flag]
    explanation = (
        f"Thụ lý: {_days_text(acceptance_rule.days, acceptance_rule.working_days)} "
        f"kể từ {received_on:%d/%m/%Y} ({acceptance_rule.citation}). "
        f"Giải quyết{' lần hai' if stage == 'second' else ''}: "
        f"{_days_text(resolution_rule.days, resolution_rule.working_days)} "
        f"kể từ {resolution_start:%d/%m/%Y}"
        f"{''.join('; ' + word for word in case)} ({resolution_rule.citation})."
    )
    if extension_rule is not None:
        explanation += (
            f" Gia hạn {extensions} lần, mỗi lần "
            f"{_days_text(extension_rule.days, extension_rule.working_days)} "
            f"({extension_rule.citation})."
        )
    return DueDates(
        acceptance_due=acceptance_due,
        resolution_due=resolution_due,
        acceptance_rule=acceptance_rule,
        resolution_rule=resolution_rule,
        extension_rule=extension_rule,
        extensions=extensions,
        explanation=explanation,
    )
