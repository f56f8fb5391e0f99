"""Saved news pages, feeds and social-post exports become clean articles: the title, the
date in Vietnam time and the body without menus, share buttons, counters, related-news
boxes, comments, footers or cookie banners; copies of one story on several sites are
grouped; bad files are refused with a message in Vietnamese and English. No database."""

import json
import random
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from nghedan.alerts.press import (
    ArticleIn,
    PressError,
    group_syndicated,
    parse_date,
    parse_feed,
    parse_html,
    parse_json_lines,
    read_file,
    syndication_key,
)
from nghedan.lib.text import clean

PAGES = Path(__file__).parent / "pages"
VN = ZoneInfo("Asia/Ho_Chi_Minh")

# Strings from menus, counters, share bars, related boxes, footers, cookie banners and
# inline scripts that every saved page carries and no article body may.
EVERY_PAGE_BOILERPLATE = [
    "Tin cùng chuyên mục",
    "Tin liên quan",
    "Đọc nhiều",
    "Chia sẻ",
    "lượt xem",
    "Bình luận",
    "Trang chủ",
    "Giải trí",
    "Thể thao",
    "cookie",
    "Giấy phép",
    "Bản quyền",
    "Đăng nhập",
    "function",
    "dataLayer",
    "googletag",
    "{",
]

# file -> what the article is: title, date, source, key sentences, page-specific boilerplate.
ARTICLES = {
    "phusa-boi-thuong-dat.html": {
        "title": "Hàng trăm hộ dân xã Tân Phú Đông phản đối giá bồi thường đất làm khu công nghiệp",
        "published": datetime(2026, 11, 24, 8, 15, tzinfo=VN),  # Thứ ba, 24/11/2026 08:15 (GMT+7)
        "source": "Báo Phù Sa Điện Tử",
        "url": "https://phusadientu.example/xa-hoi/dan-sinh/hang-tram-ho-dan-xa-tan-phu-dong-phan-doi-gia-boi-thuong-dat-20261124081500123.htm",
        "sentences": [
            "hơn 200 hộ dân xã Tân Phú Đông, tỉnh Đồng Tháp tập trung trước trụ sở UBND xã",
            "Mức giá bồi thường được UBND tỉnh phê duyệt là 185.000 đồng/m² đối với đất trồng lúa",
            "Bồi thường chưa tới một phần ba thì bà con lấy gì mua đất chỗ khác mà làm ăn",
            "Người dân đề nghị tỉnh thuê đơn vị tư vấn độc lập xác định lại giá đất cụ thể trước khi chi trả tiền bồi thường.",
        ],
        "boilerplate": [
            "Thứ Năm, 26/11/2026",  # the site's "today" in the top bar
            "Thứ ba, 24/11/2026",
            "Đồng Tháp phê duyệt quy hoạch",
            "Người dân mong sớm nhận tiền bồi thường",
            "Mong chính quyền sớm giải quyết",
            "Cấp nước sạch cho hơn 2.000 hộ",
            "Giá lúa tăng mạnh",
            "Tags",
            "In bài",
            "Sao chép liên kết",
            "Sức khoẻ",
            "Ghi rõ nguồn",
        ],
    },
    "mientay-boi-thuong-dat.html": {
        "title": "Dân xã Tân Phú Đông kéo đến trụ sở xã phản đối giá bồi thường đất",
        "published": datetime(2026, 11, 24, 10, 40, tzinfo=VN),  # 24-11-2026 - 10:40
        "source": "Tin Nhanh Miền Tây",  # from "<title>… | Tin Nhanh Miền Tây"
        "url": "https://tinnhanhmientay.example/tin-tuc/dan-xa-tan-phu-dong-keo-den-tru-so-xa-phan-doi-gia-boi-thuong-dat-a58213.html",
        "sentences": [
            "phản đối mức giá bồi thường đất nông nghiệp mà họ cho là quá thấp so với giá thị trường.",
            "một số hộ chưa nhận được quyết định thu hồi đất nhưng đã được thông báo bàn giao mặt bằng",
            "Trong khi chưa có ý kiến chỉ đạo, xã sẽ không cưỡng chế bàn giao mặt bằng",
        ],
        "boilerplate": [
            "Hôm nay",
            "Đường dây nóng",
            "Cập nhật",
            "Lượt xem",
            "Các tin khác",
            "Mưa lớn gây ngập cục bộ",
            "Ý kiến bạn đọc",
            "Ủng hộ bà con",
            "Tin mới nhất",
            "Giá xăng giảm",
            "Gửi email",
            "Quay lại",
            "VIEWSTATE",
            "Ẩm thực",
        ],
    },
    "moitruongxanh-kenh-o-nhiem.html": {
        "title": "Nhà máy chế biến thuỷ sản xả thải, kênh Xáng Mới đen ngòm bốc mùi",
        "published": datetime(2026, 11, 20, 14, 30, tzinfo=VN),  # article:published_time
        "source": "Môi Trường Xanh",
        "url": "https://moitruongxanh.example/moi-truong/nha-may-che-bien-thuy-san-xa-thai-kenh-xang-moi-den-ngom-boc-mui-post41877.html",
        "sentences": [
            "người dân sống hai bên kênh Xáng Mới ở xã Thạnh An, TP Cần Thơ ngộp thở",
            "Bầy vịt nhà tôi thả xuống kênh chết mất mười mấy con",
            "xã đã nhận được đơn phản ánh của 37 hộ dân",
            "trả lại nguồn nước sạch cho hàng trăm hộ sống dựa vào kênh.",
        ],
        "boilerplate": [
            "Hoàng Yến",
            "Xem nhiều nhất",
            "Có thể bạn quan tâm",
            "Rác thải nhựa",
            "Điện mặt trời",
            "Biến đổi khí hậu",
            "eMagazine",
            "Chấp nhận",
            "Chính sách quyền riêng tư",
            "Thích",
            "GTM-",
        ],
    },
    "vungsong-kenh-o-nhiem.html": {
        "title": "Kênh Xáng Mới đen ngòm, bốc mùi nghi do nhà máy thuỷ sản xả thải",
        # The article's <time datetime>, not the "Tin mới" list's times above it.
        "published": datetime(2026, 11, 20, 16, 5, tzinfo=VN),
        "source": "Báo Vùng Sông Nước",
        "url": "https://vungsongnuoc.example/xa-hoi/kenh-xang-moi-den-ngom-boc-mui-nghi-do-nha-may-thuy-san-xa-thai-d90214.html",
        "sentences": [
            "Người dân nghi ngờ một nhà máy chế biến thuỷ sản gần đó xả nước thải chưa qua xử lý ra kênh.",
            "nguồn nước bẩn chảy ra từ một ống cống ngầm phía sau khu nhà xưởng",
            "công ty sẵn sàng phối hợp với cơ quan chức năng kiểm tra.",
        ],
        "boilerplate": [
            "Tin mới",
            "Xe khách lật",
            "Cảnh báo triều cường",
            "Nguồn: Môi Trường Xanh",
            "Từ khoá",
            "Sao chép link",
            "Sửa chữa cầu yếu",
            "sang chiết gas",
            "Không được sao chép",
            "Du lịch",
        ],
    },
    "thoisuso-ngap-duong.html": {
        "title": "Đường tỉnh 935B ngập sâu sau mưa lớn, người dân lội nước đi làm",
        "published": datetime(2026, 11, 23, 16, 45, tzinfo=VN),  # 16:45 23/11/2026
        "source": "Báo Thời Sự Số",
        "url": "https://thoisuso.example/thoi-su/duong-tinh-935b-ngap-sau-sau-mua-lon-nguoi-dan-loi-nuoc-di-lam-1092834.tss",
        "sentences": [
            "nhiều đoạn đường tỉnh 935B qua xã Long Hưng ngập sâu từ 40 đến 60 cm",
            "học sinh phải nhờ phụ huynh cõng qua đoạn ngập để đến trường",
            "Mưa chừng một tiếng là nước ngập tới bắp chân, phải mấy tiếng sau mới rút hết",
            "Người dân được khuyến cáo hạn chế đi qua các đoạn ngập sâu vào buổi tối.",
        ],
        "boilerplate": [
            "Thứ Năm, 26/11/2026",
            "16:45 23/11/2026",
            "Sạt lở bờ sông, 3 căn nhà",
            "Giá vàng",
            "Đội tuyển thắng đậm",
            "Sự kiện",
            "Chia sẻ bài viết",
            "Triều cường vượt báo động 3",
            "Đầu tư hơn 200 tỷ đồng",
            "Đường này ngập mấy năm rồi",
            "Liên hệ quảng cáo",
            "Bất động sản",
        ],
    },
    "giaoduc-sap-tuong-truong.html": {
        "title": "Sập tường rào trường tiểu học, hai học sinh bị thương",
        "published": datetime(2026, 11, 25, 7, 5, tzinfo=VN),  # JSON-LD datePublished
        "source": "Giáo dục & Cộng đồng",
        "url": "https://giaoduccongdong.example/giao-duc/sap-tuong-rao-truong-tieu-hoc-hai-hoc-sinh-bi-thuong-77125.html",
        "sentences": [
            "bức tường rào dài khoảng 15 m của Trường Tiểu học Hoà Bình B (xã Hoà Bình, tỉnh Vĩnh Long) bất ngờ đổ sập",
            "nền đất dưới chân tường bị sụt lún",
            "Tường nứt cả năm nay, lần nào họp phụ huynh cũng kiến nghị.",
            "kiểm tra toàn bộ tường rào, phòng học của các trường trên địa bàn trước mùa mưa bão.",
        ],
        "boilerplate": [
            "Thứ Tư, ngày 25 tháng 11 năm 2026",
            "5.102",
            "Lưu bài",
            "Tuyển sinh lớp 10",
            "Phụ huynh giám sát bữa trưa",
            "Ý kiến bạn đọc",
            "Đề nghị kiểm tra trách nhiệm",
            "Du học",
            "Cấm sao chép",
            "popup",
        ],
    },
}


def _page(name: str) -> ArticleIn:
    (article,) = read_file(path=PAGES / name)
    return article


def _contains(text: str, phrase: str) -> bool:
    return clean(phrase).lower() in text.lower()


@pytest.mark.parametrize("name", ARTICLES)
def test_a_saved_page_gives_its_title_date_source_and_address(name):
    expected = ARTICLES[name]

    article = _page(name)

    assert article.title == clean(expected["title"])
    assert article.published == expected["published"]
    assert article.published.utcoffset() == timedelta(hours=7)
    assert article.published.isoformat().endswith("+07:00")
    assert article.source == expected["source"]
    assert article.url == expected["url"]
    assert article.external_id == expected["url"]
    assert article.kind == "article"


@pytest.mark.parametrize("name", ARTICLES)
def test_a_saved_page_body_holds_the_article_s_key_sentences(name):
    article = _page(name)

    for sentence in ARTICLES[name]["sentences"]:
        assert _contains(article.text, sentence), sentence


@pytest.mark.parametrize("name", ARTICLES)
def test_a_saved_page_body_holds_none_of_the_page_s_boilerplate(name):
    article = _page(name)

    for phrase in EVERY_PAGE_BOILERPLATE + ARTICLES[name]["boilerplate"]:
        assert not _contains(article.text, phrase), phrase
    assert not _contains(article.text, article.title)  # the title is not repeated in the body


def test_the_body_is_clean_text_with_paragraphs_separated_by_a_blank_line():
    article = _page("phusa-boi-thuong-dat.html")

    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) >= 6
    assert all(p == p.strip() and "\n" not in p and "  " not in p for p in paragraphs)
    assert article.text == unicodedata.normalize("NFC", article.text) == clean(article.text)
    assert "<" not in article.text and "&nbsp;" not in article.text


def test_a_lead_kept_beside_the_body_is_part_of_the_text_and_comes_first():
    article = _page("moitruongxanh-kenh-o-nhiem.html")

    assert article.text.startswith("MTX – Nhiều ngày nay, người dân sống hai bên kênh Xáng Mới")


def test_a_page_read_from_str_and_from_bytes_is_the_same_article():
    raw = (PAGES / "thoisuso-ngap-duong.html").read_bytes()

    assert parse_html(content=raw) == parse_html(content=raw.decode("utf-8"))


def test_the_given_address_wins_over_the_page_s_own():
    raw = (PAGES / "thoisuso-ngap-duong.html").read_bytes()

    article = parse_html(content=raw, url="https://mirror.example/bai-1.html")

    assert article.url == article.external_id == "https://mirror.example/bai-1.html"


def test_the_vietnamese_date_line_is_read_when_the_page_has_no_date_metadata():
    raw = (PAGES / "giaoduc-sap-tuong-truong.html").read_text(encoding="utf-8")
    start = raw.index('<script type="application/ld+json">')
    without_json_ld = raw[:start] + raw[raw.index("</script>", start) + len("</script>") :]

    article = parse_html(content=without_json_ld)

    # "Thứ Tư, ngày 25 tháng 11 năm 2026": the day, no time of day.
    assert article.published == datetime(2026, 11, 25, tzinfo=VN)
    assert article.title == "Sập tường rào trường tiểu học, hai học sinh bị thương"


def _cp1258(text: str) -> bytes:
    """Vietnamese in windows-1258: a base letter (ă, ê, ơ...) plus a combining tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tone = "".join(c for c in parts if c in tones)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + tone)
    return "".join(out).encode("cp1258")


def test_a_page_in_a_legacy_charset_is_decoded_by_its_meta_charset_and_normalised():
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
        "<title>Người dân phản ánh đường hư hỏng nặng - Báo Cũ</title></head><body>"
        "<h1>Người dân phản ánh đường hư hỏng nặng</h1><div class='date'>08:15 24/11/2026</div>"
        "<div class='content'><p>Tuyến đường liên ấp hư hỏng nặng, ổ gà chi chít, người dân đi lại "
        "rất khó khăn, nhất là vào mùa mưa, học sinh thường xuyên bị té ngã.</p></div></body></html>"
    )

    article = parse_html(content=_cp1258(page))

    assert article.title == "Người dân phản ánh đường hư hỏng nặng"
    assert article.published == datetime(2026, 11, 24, 8, 15, tzinfo=VN)  # "08:15 24/11/2026"
    assert "ổ gà chi chít" in article.text  # precomposed again (NFC)
    assert article.source == "Báo Cũ"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ ba, 24/11/2026 08:15 (GMT+7)", datetime(2026, 11, 24, 8, 15, tzinfo=VN)),
        ("Thứ hai, 23/11/2026 - 21:05", datetime(2026, 11, 23, 21, 5, tzinfo=VN)),
        ("24-11-2026 - 08:15", datetime(2026, 11, 24, 8, 15, tzinfo=VN)),
        ("24/11/2026 - 08:15", datetime(2026, 11, 24, 8, 15, tzinfo=VN)),
        ("08:15 24/11/2026", datetime(2026, 11, 24, 8, 15, tzinfo=VN)),
        ("Cập nhật lúc 16:45 ngày 23/11/2026", datetime(2026, 11, 23, 16, 45, tzinfo=VN)),
        ("ngày 24 tháng 11 năm 2026", datetime(2026, 11, 24, tzinfo=VN)),
        ("Ngày 5 tháng 3 năm 2026, 7h05", datetime(2026, 3, 5, 7, 5, tzinfo=VN)),
        ("24.11.2026 08:15", datetime(2026, 11, 24, 8, 15, tzinfo=VN)),
        ("24/11/2026 08:15 (GMT+9)", datetime(2026, 11, 23, 23, 15, tzinfo=UTC)),
        ("2026-11-20T14:30:00+07:00", datetime(2026, 11, 20, 14, 30, tzinfo=VN)),
        ("2026-11-20T07:30:00.000Z", datetime(2026, 11, 20, 14, 30, tzinfo=VN)),
        ("2026-11-20 14:30", datetime(2026, 11, 20, 14, 30, tzinfo=VN)),
        ("Tue, 24 Nov 2026 08:15:00 +0700", datetime(2026, 11, 24, 8, 15, tzinfo=VN)),
        ("Tue, 24 Nov 2026 01:15:00 GMT", datetime(2026, 11, 24, 8, 15, tzinfo=VN)),
        ("Tue, 24 Nov 2026 08:15:00 GMT+7", datetime(2026, 11, 24, 8, 15, tzinfo=VN)),
    ],
)
def test_dates_are_read_in_vietnamese_iso_and_rfc_822_forms(text, expected):
    found = parse_date(text=text)

    assert found == expected
    assert found.utcoffset() is not None


@pytest.mark.parametrize("text", ["", "không có ngày", "31/02/2026", "24/13/2026", "12/11"])
def test_text_without_a_valid_date_gives_none(text):
    assert parse_date(text=text) is None


def test_syndicated_copies_are_grouped_with_the_earliest_first_and_other_stories_apart():
    names = [
        "mientay-boi-thuong-dat.html",  # 0: copy, 24/11 10:40
        "thoisuso-ngap-duong.html",  # 1
        "vungsong-kenh-o-nhiem.html",  # 2: copy, 20/11 16:05
        "phusa-boi-thuong-dat.html",  # 3: original, 24/11 08:15
        "giaoduc-sap-tuong-truong.html",  # 4
        "moitruongxanh-kenh-o-nhiem.html",  # 5: original, 20/11 14:30
        "phusa-trang-chu.html",  # 6: a home page quoting one story's lead
    ]
    articles = [_page(name) for name in names]

    groups = group_syndicated(articles=articles)

    assert groups == [[3, 0], [1], [5, 2], [4], [6]]


def test_the_same_story_s_copies_have_close_keys_and_different_stories_far_ones():
    land, land_copy, canal, flood = (
        syndication_key(_page(name))
        for name in (
            "phusa-boi-thuong-dat.html",
            "mientay-boi-thuong-dat.html",
            "moitruongxanh-kenh-o-nhiem.html",
            "thoisuso-ngap-duong.html",
        )
    )

    assert (land == land_copy).mean() >= 0.8
    assert (land == canal).mean() < 0.3
    assert (land == flood).mean() < 0.3


def test_every_article_is_in_exactly_one_group_and_undated_copies_come_last():
    text = "Người dân xã Tân Hiệp phản ánh đường liên ấp ngập sâu, xe cộ không đi được, đề nghị nâng đường."
    base = ArticleIn(url="", source="A", title="t", text=text, published=None)
    articles = [
        base,
        replace(base, published=datetime(2026, 11, 24, 9, 0, tzinfo=VN)),
        replace(
            base, text="Trường mầm non thu thêm nhiều khoản ngoài quy định, phụ huynh phản đối."
        ),
        replace(base, published=datetime(2026, 11, 24, 1, 0, tzinfo=UTC)),  # 08:00 in Vietnam
        replace(base, text="", title=""),  # nothing to compare
    ]

    groups = group_syndicated(articles=articles)

    assert groups == [[3, 1, 0], [2], [4]]
    assert sorted(i for group in groups for i in group) == list(range(len(articles)))
    assert group_syndicated(articles=[]) == []


def test_a_threshold_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError):
        group_syndicated(articles=[], threshold=0)


def test_syndication_key_is_none_for_an_article_without_words():
    empty = ArticleIn(url="", source="", title="", text="", published=None)

    assert syndication_key(empty) is None


def test_an_rss_feed_gives_each_item_with_title_link_date_and_plain_text():
    items = read_file(path=PAGES / "phusa-xa-hoi.rss")

    assert [item.title for item in items] == [
        "Hàng trăm hộ dân xã Tân Phú Đông phản đối giá bồi thường đất làm khu công nghiệp",
        "Sạt lở bờ sông Tiền đe doạ hàng chục căn nhà",
        "Cấp nước sạch cho hơn 2.000 hộ dân vùng ven",
        'Người dân phản ánh "ổ gà" dày đặc trên quốc lộ',  # double-escaped &amp;quot;
    ]
    assert [item.published for item in items] == [
        datetime(2026, 11, 24, 8, 15, tzinfo=VN),  # +0700
        datetime(2026, 11, 24, 4, 40, tzinfo=VN),  # 21:40 GMT
        datetime(2026, 11, 22, 15, 0, tzinfo=VN),  # GMT+7
        datetime(2026, 11, 21, 9, 30, tzinfo=VN),  # 21/11/2026 09:30
    ]
    assert (
        items[1].url == "https://phusadientu.example/xa-hoi/sat-lo-bo-song-tien-de-doa-nha-dan.htm"
    )
    assert items[0].external_id == "psdt-20261124081500123"  # the guid
    assert items[2].external_id == items[2].url  # no guid: the link
    assert {item.source for item in items} == {"Báo Phù Sa Điện Tử - Xã hội"}
    assert {item.kind for item in items} == {"article"}
    # HTML in descriptions (CDATA with an image link, escaped tags) becomes plain text;
    # content:encoded, the longer one, wins over the description.
    assert items[0].text.startswith("Sáng 23/11, hơn 200 hộ dân xã Tân Phú Đông")
    assert items[1].text.split("\n\n") == [
        "Đêm 23/11, một đoạn bờ sông Tiền dài khoảng 60 m ở xã Tân Thuận bị sạt lở, kéo theo 3 căn nhà xuống sông.",
        "Chính quyền địa phương đã di dời khẩn cấp 12 hộ dân ra khỏi khu vực nguy hiểm, đồng thời cắm biển cảnh báo và căng dây cấm người qua lại.",
        "Người dân trong vùng sạt lở đề nghị sớm xây kè bảo vệ bờ sông.",
    ]
    assert all("<" not in item.text and "&lt;" not in item.text for item in items)


def test_an_atom_feed_gives_each_entry_with_title_link_date_and_plain_text():
    entries = read_file(path=PAGES / "moitruongxanh.atom")

    assert [entry.title for entry in entries] == [
        "Nhà máy chế biến thuỷ sản xả thải, kênh Xáng Mới đen ngòm bốc mùi",
        "Triều cường đạt đỉnh, nhiều nơi ngập sâu",  # type="html" title, tags stripped
        "Xử phạt cơ sở giết mổ gia súc xả thải ra môi trường",
    ]
    assert [entry.url for entry in entries] == [
        "https://moitruongxanh.example/moi-truong/nha-may-che-bien-thuy-san-xa-thai-kenh-xang-moi-den-ngom-boc-mui-post41877.html",
        "https://moitruongxanh.example/bien-doi-khi-hau/trieu-cuong-dat-dinh.html",
        "https://moitruongxanh.example/moi-truong/xu-phat-co-so-giet-mo.html",  # not the enclosure
    ]
    assert [entry.published for entry in entries] == [
        datetime(2026, 11, 20, 14, 30, tzinfo=VN),  # published, not updated
        datetime(2026, 11, 18, 8, 15, tzinfo=VN),  # only updated, in UTC
        datetime(2026, 11, 15, 10, 0, tzinfo=VN),
    ]
    assert entries[0].external_id == "tag:moitruongxanh.example,2026:post-41877"
    assert {entry.source for entry in entries} == {"Môi Trường Xanh"}
    assert entries[0].text.startswith("Nhiều ngày nay, người dân sống hai bên kênh Xáng Mới")
    assert entries[1].text == (
        "Đỉnh triều cường trên sông Hậu vượt báo động 3 khoảng 12 cm.\n\n"
        "Nhiều tuyến đường nội ô ngập sâu từ 20 đến 40 cm vào giờ tan tầm."
    )
    assert entries[2].text == "Cơ sở bị phạt 180 triệu đồng và buộc khắc phục hậu quả."  # xhtml


def test_a_feed_s_source_can_be_named_by_the_caller():
    raw = (PAGES / "moitruongxanh.atom").read_text(encoding="utf-8")

    entries = parse_feed(content=raw, source="MTX (RSS)")

    assert {entry.source for entry in entries} == {"MTX (RSS)"}


def test_a_feed_with_xml_entity_declarations_is_refused():
    raw = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        "<rss><channel><item><title>&b;</title></item></channel></rss>"
    )

    with pytest.raises(PressError) as refused:
        parse_feed(content=raw)

    assert "ENTITY" in refused.value.message and "entities" in refused.value.message_en


ENTITIES_REFUSED = (
    "Nguồn tin có khai báo thực thể XML (<!ENTITY>), không được nhận",
    "The feed declares XML entities (<!ENTITY>), which are not accepted",
)


def test_a_billion_laughs_feed_is_refused_before_anything_expands():
    # Ten levels of ten: expanded, the title would be 10^9 "lol"s.
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    raw = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(levels)}]>'
        '<rss version="2.0"><channel><title>Báo</title>'
        "<item><title>&lol9;</title><link>https://bao.example/a</link></item>"
        "</channel></rss>"
    )

    with pytest.raises(PressError) as refused:
        parse_feed(content=raw.encode("utf-8"))

    assert (refused.value.message, refused.value.message_en) == ENTITIES_REFUSED


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE rss [<!ENTITY % xxe SYSTEM "file:///etc/passwd"> %xxe;]>',
    ],
    ids=["general-entity", "parameter-entity"],
)
def test_a_feed_reaching_for_a_local_file_through_an_entity_is_refused(doctype):
    raw = (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>Báo</title>'
        "<item><title>Tin</title><description>&amp;xxe;</description></item>"
        "</channel></rss>"
    )

    with pytest.raises(PressError) as refused:
        parse_feed(content=raw)

    assert (refused.value.message, refused.value.message_en) == ENTITIES_REFUSED


def test_a_feed_s_external_doctype_is_never_read(tmp_path):
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY leak "BI-MAT-NOI-BO">', encoding="utf-8")

    def feed(title: str) -> str:
        return (
            f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{secret.as_uri()}">'
            f'<rss version="2.0"><channel><title>Báo</title><item><title>{title}</title>'
            "<link>https://bao.example/a</link></item></channel></rss>"
        )

    (item,) = parse_feed(content=feed("Tin thường"))
    with pytest.raises(PressError) as refused:
        parse_feed(content=feed("Tin &leak;"))  # defined only in the unread file

    assert item.title == "Tin thường"
    assert "undefined entity &leak;" in refused.value.message_en
    assert "BI-MAT-NOI-BO" not in str(refused.value)


@pytest.mark.parametrize("content", ["/etc/passwd", "https://bao.example/rss.xml"])
def test_feed_content_that_names_a_file_or_an_address_is_neither_opened_nor_fetched(content):
    with pytest.raises(PressError) as refused:
        parse_feed(content=content)

    assert refused.value.message_en.startswith("The feed is not valid XML")


def test_entities_a_saved_page_declares_are_never_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("BI-MAT-NOI-BO", encoding="utf-8")
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}"><!ENTITY a "aaaaaaaaaa">]>'
        "<html><head><title>Bài báo</title></head><body><h1>Đèn đường hỏng cả tháng</h1>"
        "<p>Người dân phản ánh &xxe; &a; đèn đường ở ấp Phú Hoà hỏng cả tháng nay.</p>"
        "</body></html>"
    )

    article = parse_html(content=page)

    assert article.title == "Đèn đường hỏng cả tháng"
    assert article.text == "Người dân phản ánh &xxe; &a; đèn đường ở ấp Phú Hoà hỏng cả tháng nay."


@pytest.mark.parametrize(
    ("content", "english"),
    [
        ("<?xml version='1.0'?><urlset><url><loc>x</loc></url></urlset>", "not an RSS or Atom"),
        ("<rss><channel><item><title>Mất thẻ đóng", "not valid XML"),
    ],
)
def test_xml_that_is_not_a_readable_feed_is_refused(content, english):
    with pytest.raises(PressError) as refused:
        parse_feed(content=content)

    assert english in refused.value.message_en
    assert refused.value.message  # and in Vietnamese


def test_json_lines_social_posts_parse_with_their_platform_address_and_date():
    posts = read_file(path=PAGES / "mang-xa-hoi.jsonl")

    assert len(posts) == 5  # the blank line is skipped
    assert {post.kind for post in posts} == {"post"}
    assert [post.external_id for post in posts] == [
        "fb-7781001",
        "zl-55120",
        "tt-90031",
        "440017",
        "fb-7781042",
    ]
    assert [post.source for post in posts] == ["Facebook", "Zalo", "TikTok", "", "Facebook"]
    assert posts[0].url == "https://social.example/groups/cho-tan-phu-dong/posts/7781001"
    assert [post.published for post in posts] == [
        datetime(2026, 11, 23, 7, 42, tzinfo=VN),  # ISO 8601 with offset
        datetime(2026, 11, 23, 19, 5, tzinfo=VN),  # no offset: Vietnam time
        datetime(2026, 11, 24, 20, 15, tzinfo=VN),  # RFC 822
        datetime(2026, 11, 25, 7, 0, tzinfo=VN),  # Unix seconds
        None,
    ]
    assert posts[1].text == (
        "Cống chỗ cầu Rạch Sậy bị nghẹt, mưa có 1 tiếng mà nước ngập tới bắp chân.\n"
        "Ai đi đường tỉnh 935B thì tránh đoạn chợ Long Hưng nha."
    )
    # A post has no title: its first line, cut at a word.
    assert (
        posts[1].title
        == "Cống chỗ cầu Rạch Sậy bị nghẹt, mưa có 1 tiếng mà nước ngập tới bắp chân."
    )
    assert posts[0].title.endswith("…") and len(posts[0].title) <= 101
    assert posts[0].text.startswith(posts[0].title[:-1])


def test_posts_without_a_platform_take_the_one_the_caller_names():
    line = json.dumps({"id": 1, "text": "Đèn đường hỏng cả tháng nay."}, ensure_ascii=False)

    (post,) = parse_json_lines(content=line, source="Diễn đàn")

    assert post.source == "Diễn đàn"


def test_a_json_array_of_posts_is_read_too():
    content = json.dumps([{"id": "a", "text": "Nước sinh hoạt có mùi lạ."}], ensure_ascii=False)

    (post,) = parse_json_lines(content=content.encode("utf-8"))

    assert post.external_id == "a" and post.text == "Nước sinh hoạt có mùi lạ."


def _lines(*third: str) -> str:
    good = json.dumps({"id": "1", "text": "Rác thải tràn ra đường."}, ensure_ascii=False)
    return "\n".join([good, good.replace('"1"', '"2"'), *third])


@pytest.mark.parametrize(
    ("third_line", "vietnamese", "english"),
    [
        (
            '{"id": "3", "text": "thiếu ngoặc"',
            "Dòng 3 không phải JSON hợp lệ",
            "Line 3 is not valid JSON",
        ),
        (
            '["không", "phải", "đối tượng"]',
            "Dòng 3 không phải một đối tượng JSON",
            "Line 3 is not a JSON object",
        ),
        ('{"id": "3", "text": "   "}', "Dòng 3 không có nội dung", "Line 3 has no text"),
        (
            '{"id": "3", "text": "x", "published": "hôm qua"}',
            "Dòng 3: không đọc được ngày đăng",
            "Line 3: cannot read the publication date",
        ),
        (
            '{"id": "3", "text": "x", "url": ["a"]}',
            'Dòng 3: trường "url" phải là chuỗi',
            'Line 3: the field "url" must be a string',
        ),
    ],
)
def test_a_bad_json_line_raises_with_its_line_number_in_both_languages(
    third_line, vietnamese, english
):
    with pytest.raises(PressError) as refused:
        parse_json_lines(content=_lines(third_line))

    assert refused.value.message.startswith(vietnamese)
    assert refused.value.message_en.startswith(english)
    assert vietnamese in str(refused.value) and english in str(refused.value)


def test_a_bad_item_of_a_json_array_is_named_by_its_position():
    content = json.dumps([{"text": "Được."}, {"text": ""}])

    with pytest.raises(PressError) as refused:
        parse_json_lines(content=content)

    assert refused.value.message.startswith("Mục 2 không có nội dung")
    assert refused.value.message_en.startswith("Item 2 has no text")


@pytest.mark.parametrize("content", ["[" * 100_000, '{"a": ' * 100_000])
def test_absurdly_nested_json_is_refused_as_invalid_not_a_crash(content):
    with pytest.raises(PressError, match="Line 1 is not valid JSON"):
        parse_json_lines(content=content)


def test_a_bad_line_in_a_file_is_reported_with_its_number(tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text(_lines("không phải json"), encoding="utf-8")

    with pytest.raises(
        PressError, match="Dòng 3 không phải JSON hợp lệ / Line 3 is not valid JSON"
    ):
        read_file(path=path)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("suffix", [".html", ".xml", ".jsonl", ".txt"])
def test_an_empty_file_is_refused(tmp_path, content, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(content)

    with pytest.raises(PressError) as refused:
        read_file(path=path)

    assert "trống" in refused.value.message and "empty" in refused.value.message_en


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        random.Random(20261124).randbytes(4096),
    ],
    ids=["png", "pdf", "random"],
)
@pytest.mark.parametrize("suffix", [".html", ".rss", ".jsonl", ".bin"])
def test_a_binary_file_is_refused_whatever_its_name(tmp_path, content, suffix):
    path = tmp_path / f"saved{suffix}"
    path.write_bytes(content)

    with pytest.raises(PressError) as refused:
        read_file(path=path)

    assert "không phải văn bản" in refused.value.message
    assert "not text" in refused.value.message_en


def test_binary_content_given_directly_is_refused_too():
    with pytest.raises(PressError):
        parse_html(content=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(PressError):
        parse_json_lines(content=b"\x00\x01\x02\x03" * 100)


def test_a_missing_file_or_a_folder_is_refused_clearly(tmp_path):
    for path in (tmp_path / "khong-co.html", tmp_path):
        with pytest.raises(PressError) as refused:
            read_file(path=path)
        assert "Không đọc được tệp" in refused.value.message
        assert "cannot be read" in refused.value.message_en


def test_a_file_of_unknown_kind_is_refused_clearly(tmp_path):
    path = tmp_path / "ghi-chu.txt"
    path.write_text("Ghi chú: gọi lại cho anh Ba về vụ ngập đường.", encoding="utf-8")

    with pytest.raises(PressError) as refused:
        read_file(path=path)

    assert "Không nhận ra loại tệp ghi-chu.txt" in refused.value.message
    assert "not recognised" in refused.value.message_en


def test_a_file_is_recognised_by_its_content_when_its_name_does_not_say(tmp_path):
    feed = tmp_path / "tai-ve"
    feed.write_bytes((PAGES / "phusa-xa-hoi.rss").read_bytes())
    page = tmp_path / "bai-bao.txt"
    page.write_bytes((PAGES / "thoisuso-ngap-duong.html").read_bytes())
    posts = tmp_path / "xuat.txt"
    posts.write_bytes((PAGES / "mang-xa-hoi.jsonl").read_bytes())
    misnamed = tmp_path / "nguon-tin.html"  # a feed saved as .html is still a feed
    misnamed.write_bytes((PAGES / "moitruongxanh.atom").read_bytes())

    assert len(read_file(path=feed)) == 4
    assert read_file(path=page)[0].title.startswith("Đường tỉnh 935B ngập sâu")
    assert len(read_file(path=posts)) == 5
    assert len(read_file(path=misnamed)) == 3


def test_a_page_with_no_recognisable_article_gives_its_best_block_without_crashing():
    home = _page("phusa-trang-chu.html")

    assert home.title == "Báo Phù Sa Điện Tử"
    assert home.published is None
    assert "hơn 200 hộ dân xã Tân Phú Đông" in home.text  # the densest block: the top story
    assert "Thời sự" not in home.text and "Bản quyền" not in home.text


@pytest.mark.parametrize(
    "content",
    [
        "<html><body><div>Chỉ một dòng chữ</div></body></html>",
        "<ul><li><a href='/a'>Liên kết một</a></li><li><a href='/b'>Liên kết hai</a></li></ul>",
        "Văn bản trần, không có thẻ HTML nào, nhưng vẫn là một bài viết ngắn.",
        "<table><tr><td>Ô một<td>Ô hai, có dấu phẩy, và chữ<tr><td>Ô ba</table>",
        "<div><p>Đoạn chưa đóng <b>chữ đậm <i>nghiêng</div></span></p></p>" * 3,
    ],
)
def test_odd_pages_give_some_text_without_crashing(content):
    article = parse_html(content=content)

    assert article.text or article.title
    assert article.published is None


def test_a_page_with_no_text_at_all_is_refused():
    with pytest.raises(PressError) as refused:
        parse_html(content="<html><head><script>var a = 1;</script></head><body> </body></html>")

    assert "The page has no text" in refused.value.message_en


def test_a_very_large_page_is_read():
    page = (PAGES / "phusa-boi-thuong-dat.html").read_text(encoding="utf-8")
    related = "".join(
        f'<li><a href="/tin-{i}.htm">Tin số {i} về dân sinh</a><p>Tóm tắt tin số {i}, ngắn gọn.</p></li>'
        for i in range(40)
    )
    box = f'<div class="box-category"><h3>Tin cùng chuyên mục</h3><ul>{related}</ul></div>'
    big = page.replace("</body>", box * (2_000_000 // len(box) + 1) + "</body>")
    assert len(big.encode("utf-8")) > 2_000_000

    article = parse_html(content=big.encode("utf-8"))

    assert article.title == ARTICLES["phusa-boi-thuong-dat.html"]["title"]
    assert "Tin số 7 về dân sinh" not in article.text
    assert _contains(article.text, "Bồi thường chưa tới một phần ba")


def test_deeply_nested_markup_is_read():
    deep = "<html><body>" + "<div>" * 20_000 + "<p>Nội dung nằm sâu trong nhiều lớp thẻ.</p>"

    article = parse_html(content=deep)

    assert article.text == "Nội dung nằm sâu trong nhiều lớp thẻ."


def test_an_article_refuses_a_naive_date_and_an_unknown_kind():
    with pytest.raises(ValueError):
        ArticleIn(url="", source="", title="t", text="x", published=datetime(2026, 11, 24))
    with pytest.raises(ValueError):
        ArticleIn(url="", source="", title="t", text="x", published=None, kind="video")
