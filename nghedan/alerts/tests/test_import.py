"""`nghedan alerts import` stores saved news pages, feeds and posts: place, topic,
urgency, and which article another one is a syndicated copy of."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from nghedan.alerts.models import Article
from nghedan.areas.services import areas_load

PAGES = Path(__file__).parent / "pages"
pytestmark = pytest.mark.django_db


def _import(capsys, *names) -> dict:
    call_command("alerts", "import", *[str(PAGES / name) for name in names], "--json")
    return json.loads(capsys.readouterr().out)


def test_syndicated_copies_of_a_story_point_at_the_first_copy(world, capsys):
    result = _import(capsys, "phusa-boi-thuong-dat.html", "mientay-boi-thuong-dat.html")

    first, second = (Article.objects.get(pk=row["id"]) for row in result["created"])
    copies = {a.pk: a.copy_of_id for a in (first, second)}
    assert sorted(copies.values(), key=lambda v: v or 0) == [None, min(first.pk, second.pk)]


def test_different_stories_are_not_copies(world, capsys):
    result = _import(capsys, "phusa-boi-thuong-dat.html", "moitruongxanh-kenh-o-nhiem.html")

    assert [row["copy_of"] for row in result["created"]] == [None, None]


def test_importing_the_same_page_twice_stores_it_once(world, capsys):
    _import(capsys, "thoisuso-ngap-duong.html")
    again = _import(capsys, "thoisuso-ngap-duong.html")

    assert again == {"created": [], "skipped": 1, "links_dropped": []}
    assert Article.objects.count() == 1


def test_feeds_and_posts_are_imported_with_their_dates(world, capsys):
    result = _import(capsys, "phusa-xa-hoi.rss", "moitruongxanh.atom", "mang-xa-hoi.jsonl")

    assert len(result["created"]) == 4 + 3 + 5
    assert Article.objects.filter(kind="post").count() == 5
    assert Article.objects.filter(published_at__isnull=False).count() >= 10


def test_a_collapsed_wall_is_read_as_urgent(world, capsys):
    areas_load()  # every province, so the story's place can be found

    (row,) = _import(capsys, "giaoduc-sap-tuong-truong.html")["created"]

    assert row["urgent"] is True


def test_an_unreadable_file_is_refused_in_both_languages(world, tmp_path):
    empty = tmp_path / "trong.html"
    empty.write_text("", encoding="utf-8")

    with pytest.raises(CommandError, match=" / "):
        call_command("alerts", "import", str(empty))
