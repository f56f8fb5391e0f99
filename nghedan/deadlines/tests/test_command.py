"""`nghedan deadlines due`: the due dates on the command line, plain and as JSON."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*arguments: str) -> str:
    out = StringIO()
    call_command("deadlines", "due", *arguments, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_due_prints_the_acceptance_and_resolution_dates_in_vietnamese():
    # Complaint received Mon 4 May 2026: accept by Thu 14 May (+10); answer by Sat 13 June
    # (+30), rolled to Mon 15 June.
    output = run("--kind", "complaint", "--level", "commune", "--received", "2026-05-04")

    assert "Hạn thụ lý:      14/05/2026" in output
    assert "Hạn giải quyết:  15/06/2026" in output
    assert "Luật Khiếu nại 2011, Điều 28" in output


def test_due_as_json_gives_iso_dates_and_the_rule_used():
    # Accepted Mon 4 May, remote and complex, second resolution: +70 days = Mon 13 July.
    output = run(
        "--kind", "complaint", "--level", "province", "--received", "2026-05-01",
        "--accepted", "2026-05-04", "--stage", "second", "--remote", "--complex", "--json",
    )  # fmt: skip

    body = json.loads(output)
    assert set(body) == {"acceptance_due", "resolution_due", "explanation"}
    # Received Fri 1 May + 10 = Mon 11 May.
    assert body["acceptance_due"] == "2026-05-11"
    assert body["resolution_due"] == "2026-07-13"
    assert "70 ngày" in body["explanation"]
    assert "Điều 37" in body["explanation"]


def test_due_with_extensions_needs_no_complex_flag_and_says_why_the_case_is_complex():
    output = run(
        "--kind", "denunciation", "--level", "province", "--received", "2026-05-04",
        "--extensions", "2", "--json",
    )  # fmt: skip

    body = json.loads(output)
    assert body["resolution_due"] == "2026-08-11"
    assert "phức tạp (vì đã được gia hạn)" in body["explanation"]


def test_due_with_extensions_for_an_especially_complex_denunciation():
    # Received Mon 4 May: accept in 7 working days, Wed 13 May; then 30 + 2 × 30 = 90 days:
    # 103 May = 11 Aug (Tue).
    output = run(
        "--kind", "denunciation", "--level", "province", "--received", "2026-05-04",
        "--complex", "--extensions", "2", "--json",
    )  # fmt: skip

    assert json.loads(output)["resolution_due"] == "2026-08-11"


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["--kind", "lawsuit", "--level", "commune", "--received", "2026-05-04"], "Unknown kind"),
        (["--kind", "complaint", "--level", "commune", "--received", "4/5/2026"], "Invalid date"),
        (
            ["--kind", "complaint", "--level", "commune", "--received", "2026-05-04",
             "--accepted", "2026-02-30"],
            "Ngày không hợp lệ",
        ),
        (["--kind", "complaint", "--level", "district", "--received", "2026-05-04"], "Cấp"),
        (
            ["--kind", "denunciation", "--level", "commune", "--received", "2026-05-04",
             "--extensions", "-1"],
            "không được âm",
        ),
    ],
)  # fmt: skip
def test_due_refuses_bad_input_with_a_clear_message(arguments, words):
    with pytest.raises(CommandError, match=words):
        run(*arguments)
