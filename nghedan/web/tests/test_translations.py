"""The English catalogues are complete and their compiled files match them."""

import gettext
import re
from pathlib import Path

import pytest

import nghedan

CATALOGUES = sorted(Path(nghedan.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po"))
_ENTRY = re.compile(r'^msgid "(.*)"\nmsgstr "(.*)"$', re.MULTILINE)


def _entries(po: Path) -> dict[str, str]:
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text, f"{po} has fuzzy entries"
    return {msgid: msgstr for msgid, msgstr in _ENTRY.findall(text) if msgid}


@pytest.mark.parametrize(
    "po", CATALOGUES, ids=lambda path: str(path.parent.parent.parent.parent.name)
)
def test_every_message_has_an_english_translation_and_the_mo_file_is_current(po):
    entries = _entries(po)
    assert entries, f"no entries read from {po}"
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []

    with open(po.with_suffix(".mo"), "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    missing = [
        msgid
        for msgid in entries
        if catalogue.gettext(msgid.replace('\\"', '"')) == msgid and entries[msgid] != msgid
    ]
    assert missing == [], "the .mo file is older than the .po file: run msgfmt"


def test_there_is_a_catalogue_for_the_pages_and_one_for_the_api():
    assert {path.parts[-5] for path in CATALOGUES} == {"nghedan", "api"}
