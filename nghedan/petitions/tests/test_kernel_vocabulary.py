"""The petition kernel's vocabulary is spelt in one place: no other product module lists
petition statuses of its own, or names a petition event by a string."""

import re
from pathlib import Path

import nghedan

PACKAGE = Path(nghedan.__file__).parent
KERNEL = PACKAGE / "petitions" / "lifecycle.py"
# Two or more petition statuses side by side: a set of statuses of one's own.
STATUS_LIST = re.compile(r"\bStatus\.[A-Z_]+\s*,\s*Status\.[A-Z_]+")
# An event of a petition named by a string where the kernel has a name for it.
EVENT_STRING = re.compile(
    r"\bpetition_event_record\([^)]*\baction=\"|"
    r"PetitionEvent\.objects\.filter\([^)]*\baction(__in)?=[(\[]?\"",
    re.S,
)


def _product_modules() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and path != KERNEL
    ]


def test_no_module_but_the_kernel_lists_petition_statuses():
    offenders = [
        f"{path.relative_to(PACKAGE)}: {match.group(0)}"
        for path in _product_modules()
        for match in STATUS_LIST.finditer(path.read_text())
    ]
    assert offenders == []


def test_no_module_names_a_petition_event_by_a_string():
    offenders = [
        f"{path.relative_to(PACKAGE)}: {match.group(0)[:60]}"
        for path in _product_modules()
        for match in EVENT_STRING.finditer(path.read_text())
    ]
    assert offenders == []
