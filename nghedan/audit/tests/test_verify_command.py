"""`nghedan audit verify [--json]`: exit status 0 and "intact, N entries" for a whole log;
1 and the first bad entry for an edited, thinned or cut one."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from nghedan.audit.models import AuditEntry
from nghedan.audit.tests.support import as_database_owner, delete_rows, reseal_from, some_history


def _verify(*args: str) -> tuple[int, str]:
    """(exit status, what it printed)."""
    out = StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=StringIO())
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_an_intact_log_passes_with_its_number_of_entries(world):
    some_history(world)

    assert _verify() == (0, "Nguyên vẹn, 5 mục — intact, 5 entries\n")


def test_an_intact_log_passes_in_json_with_its_head(world):
    entries = some_history(world)

    status, out = _verify("--json")

    assert status == 0
    assert json.loads(out) == {
        "intact": True,
        "entries": 5,
        "head": entries[-1].hash,
        "problem": None,
        "first_bad": None,
        "message": "",
        "message_en": "",
        "guarded": True,
    }


def test_an_edited_entry_fails_and_is_named(world):
    entries = some_history(world)
    edited = entries[1]

    with as_database_owner():
        AuditEntry.objects.filter(pk=edited.pk).update(data={**edited.data, "to": "declined"})

    status, out = _verify()
    assert status == 1
    assert out == (
        f"Hỏng tại mục số 2 (#{edited.pk}): Nội dung mục này không khớp dấu niêm phong (đã bị "
        "sửa hoặc niêm phong lại không có khoá). — broken at entry no. 2 "
        f"(#{edited.pk}): its content does not match its seal (edited, or re-sealed without "
        "the key).\n"
    )
    status, out = _verify("--json")
    assert (status, json.loads(out)["first_bad"]) == (1, {"seq": 2, "id": edited.pk})


def test_a_middle_entry_deleted_and_the_rest_resealed_without_the_key_fails(world):
    entries = some_history(world)

    delete_rows(entries[2])
    reseal_from([entries[0], entries[1], entries[3], entries[4]], 2)

    status, out = _verify("--json")
    report = json.loads(out)
    assert (status, report["problem"], report["first_bad"]) == (
        1,
        "edited",
        {"seq": 3, "id": entries[3].pk},
    )
    assert report["entries"] == 2


@pytest.mark.parametrize("cut", [1, 2])
def test_the_newest_entries_deleted_fail_at_the_first_one_missing(world, cut):
    entries = some_history(world)

    delete_rows(*entries[-cut:])

    status, out = _verify("--json")
    report = json.loads(out)
    assert (status, report["problem"], report["first_bad"], report["entries"]) == (
        1,
        "truncated",
        {"seq": 6 - cut, "id": None},
        5 - cut,
    )
    status, out = _verify()
    assert status == 1
    assert out.startswith(f"Hỏng tại mục số {6 - cut} (đã mất): Thiếu các mục mới nhất")
