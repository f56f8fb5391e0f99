"""The English catalogues are complete and their compiled files match them."""

import gettext
import re
from pathlib import Path

import pytest

import nghedan

CATALOGUES = sorted(Path(nghedan.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po"))
_ENTRY = re.compile(r'^(?:msgctxt "(.*)"\n)?msgid "(.*)"\nmsgstr "(.*)"$', re.MULTILINE)


def _entries(po: Path) -> dict[tuple[str, str], str]:
    """(context, msgid) -> msgstr; the context is "" for messages without one."""
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text, f"{po} has fuzzy entries"
    return {(ctx, msgid): msgstr for ctx, msgid, msgstr in _ENTRY.findall(text) if msgid}


@pytest.mark.parametrize(
    "po", CATALOGUES, ids=lambda path: str(path.parent.parent.parent.parent.name)
)
def test_every_message_has_an_english_translation_and_the_mo_file_is_current(po):
    entries = _entries(po)
    assert entries, f"no entries read from {po}"
    assert [key for key, msgstr in entries.items() if not msgstr] == []

    with open(po.with_suffix(".mo"), "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    def compiled_text(ctx: str, msgid: str) -> str:
        msgid = msgid.replace('\\"', '"')
        return catalogue.pgettext(ctx, msgid) if ctx else catalogue.gettext(msgid)

    missing = [
        key for key, msgstr in entries.items() if compiled_text(*key) == key[1] and msgstr != key[1]
    ]
    assert missing == [], "the .mo file is older than the .po file: run msgfmt"


def test_there_is_a_catalogue_for_the_pages_and_one_for_the_api():
    assert {path.parts[-5] for path in CATALOGUES} == {"nghedan", "api"}
