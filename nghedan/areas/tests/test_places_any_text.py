"""Whatever text an address field, a petition or a batch file holds, the place reader
reads it: mentions are exact slices of the text in order, the suggestion is a loaded area
and the resolver names a commune or nothing, never an exception. The texts are arbitrary
Unicode (see `nghedan/lib/tests/any_text.py`) with every unit word and short name of a
province, with and without a dot."""

import pytest
from hypothesis import given

from nghedan.areas.models import AreaLevel
from nghedan.areas.places import commune_resolve, place_suggest, places_find, province_resolve
from nghedan.areas.places.lexicon import _UNIT_WORDS, PROVINCE_ALIASES
from nghedan.areas.services import areas_load
from nghedan.lib.tests.any_text import FUZZ, any_text, long_texts

HA_NOI, HO_CHI_MINH = "01", "79"
LEVELS = {"province", "commune", "old_district", "old_commune", "old_province"}
WORDS = [*_UNIT_WORDS, *PROVINCE_ALIASES, "Q1", "P12", "F7", "Xuân Mai", "Ba Đình", "Hà Nội"]
TEXTS = any_text(WORDS)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_provinces():
    areas_load(province_codes=[HA_NOI, HO_CHI_MINH])


def _check(text: str) -> None:
    mentions = places_find(text=text)
    end = 0
    for mention in mentions:
        assert mention.text == text[mention.start : mention.end]
        assert end <= mention.start < mention.end <= len(text)
        assert mention.level in LEVELS
        end = mention.end
    suggestion = place_suggest(text=text)
    commune = commune_resolve(text=text)
    province = province_resolve(text=text)
    if suggestion is None:
        assert (commune, province) == (None, None)
        return
    assert suggestion.confidence in ("high", "low")
    assert set(suggestion.mentions) <= set(mentions)
    if commune is not None:
        assert commune == suggestion.area
        assert commune.level == AreaLevel.COMMUNE
    assert province is not None and province.level == AreaLevel.PROVINCE


@FUZZ
@given(text=TEXTS)
def test_any_text_is_read_for_places_without_error(two_provinces, text):
    _check(text)


def test_a_hundred_thousand_characters_are_read_for_places(two_provinces):
    for text in long_texts(WORDS):
        _check(text)


def test_a_number_longer_than_int_allows_is_read_as_a_number(two_provinces):
    number = "1" * 5000

    assert places_find(text=f"phường {number}") == []
    assert places_find(text="phường 0012")[0].text == "phường 0012"


@pytest.mark.parametrize("text", ["TT. Xuân Mai", "tt. Xuân Mai", "TT Xuân Mai", "tt.Xuân Mai"])
def test_a_town_written_tt_with_or_without_its_dot_is_the_old_town(two_provinces, text):
    [mention] = places_find(text=text)

    assert (mention.text, mention.level) == (text, "old_commune")
    assert commune_resolve(text=text) == place_suggest(text=text).area
