"""The shipped default rules (DESIGN.md §7), as plain data.

Migration 0002 seeds the table with a frozen copy of these; `due_dates` falls back to
them only while the rule table is empty (a database flushed by a transactional test,
or one not yet migrated). Change the law in the admin, not here.
"""

from datetime import date

# Seeded rules apply to every clock; the law's own date of effect is in the citation.
SINCE_EVER = date(2000, 1, 1)

COMPLAINTS = "Luật Khiếu nại 2011"
DENUNCIATIONS = "Luật Tố cáo 2018"

DEFAULT_RULES: tuple[dict, ...] = (
    {
        "kind": "feedback",
        "stage": "acceptance",
        "days": 5,
        "working_days": True,
        "citation": "Quyết định 31/2021/QĐ-TTg; quy chế tiếp nhận phản ánh",
    },
    {
        "kind": "feedback",
        "stage": "resolution",
        "days": 10,
        "working_days": True,
        "citation": "Quy định của cơ quan (mặc định 10 ngày làm việc)",
    },
    {
        "kind": "proposal",
        "stage": "acceptance",
        "days": 5,
        "working_days": True,
        "citation": "Quyết định 31/2021/QĐ-TTg; quy chế tiếp nhận kiến nghị",
    },
    {
        "kind": "proposal",
        "stage": "resolution",
        "days": 15,
        "working_days": True,
        "citation": "Quy định của cơ quan (mặc định 15 ngày làm việc)",
    },
    {
        "kind": "complaint",
        "stage": "acceptance",
        "days": 10,
        "working_days": False,
        "citation": f"{COMPLAINTS}, Điều 27",
    },
    {
        "kind": "complaint",
        "stage": "resolution",
        "days": 30,
        "working_days": False,
        "complex_days": 45,
        "remote_days": 45,
        "remote_complex_days": 60,
        "citation": f"{COMPLAINTS}, Điều 28",
    },
    {
        "kind": "complaint",
        "stage": "second_resolution",
        "days": 45,
        "working_days": False,
        "complex_days": 60,
        "remote_days": 60,
        "remote_complex_days": 70,
        "citation": f"{COMPLAINTS}, Điều 37",
    },
    {
        "kind": "denunciation",
        "stage": "acceptance",
        "days": 7,
        "working_days": True,
        "citation": f"{DENUNCIATIONS}, Điều 24",
    },
    {
        "kind": "denunciation",
        "stage": "resolution",
        "days": 30,
        "working_days": False,
        "citation": f"{DENUNCIATIONS}, Điều 30",
    },
    {
        # Complex: one extension of at most 30 days; especially complex: two, each ≤ 30.
        "kind": "denunciation",
        "stage": "extension",
        "days": 30,
        "working_days": False,
        "max_extensions": 2,
        "citation": f"{DENUNCIATIONS}, Điều 30 (vụ việc phức tạp gia hạn 1 lần, "
        "đặc biệt phức tạp 2 lần, mỗi lần không quá 30 ngày)",
    },
)


def default_rule_fields(spec: dict) -> dict:
    """Every field of a DeadlineRule row for one entry of DEFAULT_RULES."""
    return {
        "level": "",
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "max_extensions": 0,
        "valid_from": SINCE_EVER,
        "valid_to": None,
        **spec,
    }
