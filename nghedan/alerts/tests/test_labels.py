"""Every word an alert stores has a label people read, in both languages."""

import ast
from pathlib import Path

from django.utils import translation

from nghedan.alerts import actions, detectors
from nghedan.alerts.labels import EVENT_LABELS, EVIDENCE_LABELS, event_label, evidence_rows


def _tree(module) -> ast.Module:
    return ast.parse(Path(module.__file__).read_text(encoding="utf-8"))


def _number_keys() -> set[str]:
    """Keys of every `numbers={...}` a detector builds, and the reasons it counts."""
    keys = set()
    for node in ast.walk(_tree(detectors)):
        if isinstance(node, ast.keyword) and node.arg == "numbers" and isinstance(node.value, ast.Dict):
            keys |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "add"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            keys.add(node.args[0].value)
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "reason" for t in node.targets
        ):
            keys |= {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant)}
    return keys


def _event_actions() -> set[str]:
    found = set()
    for node in ast.walk(_tree(actions)):
        if isinstance(node, ast.keyword) and node.arg == "action" and isinstance(node.value, ast.Constant):
            found.add(node.value.value)
    found |= set(actions.TRANSITIONS)
    return {action for action in found if "." not in action}  # "alert.x" names audit rows


def test_every_number_a_detector_stores_has_a_label():
    keys = _number_keys()
    assert {"people", "long_overdue", "overdue_days", "relative_risk", "stories"} <= keys
    assert sorted(keys - set(EVIDENCE_LABELS)) == []


def test_every_step_of_an_alert_history_has_a_label():
    steps = _event_actions()
    assert {"opened", "grew", "assigned", "note", "acknowledge", "close"} <= steps
    assert sorted(steps - set(EVENT_LABELS)) == []


def test_the_numbers_read_as_words_dates_and_shares_in_both_languages():
    numbers = {
        "long_overdue": 3,
        "from": "2026-11-01",
        "communes": ["00004", "00006"],
        "recent_share": 0.4,
        "method": "space-time permutation scan (Kulldorff 2005)",
    }
    with translation.override("vi"):
        assert evidence_rows(numbers) == [
            ("Đơn quá hạn lâu", "3"),
            ("Từ ngày", "01/11/2026"),
            ("Xã, phường", "00004, 00006"),
            ("Tỷ lệ gần đây", "40%"),
            ("Phương pháp", "Quét hoán vị không gian – thời gian (Kulldorff 2005)"),
        ]
        assert event_label("grew") == "Thêm căn cứ mới"
    with translation.override("en"):
        assert evidence_rows(numbers)[0] == ("Long overdue petitions", "3")
        assert evidence_rows({"something_new": 1}) == [("Other figure", "1")]
        assert event_label("acknowledge") == "Alert acknowledged"
