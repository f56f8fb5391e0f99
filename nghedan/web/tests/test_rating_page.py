"""Rating an answer on the petition's page: what went well apart from what did not, what a
low rating will do said before, what it did said after, and a complaint's appeal kept in
reach."""

from django.test import Client
from django.urls import reverse

from nghedan.petitions.models import Status
from nghedan.web.tests.scenes import GIVEN, flashed, log_in
from nghedan.web.tests.test_visible_words import visible_text


def _page(client, code: str) -> str:
    return client.get(reverse("track_detail", args=[code])).content.decode()


def test_the_form_puts_good_and_bad_reasons_apart_and_says_a_low_rating_reopens(world):
    scene = GIVEN["answered"](world)
    client = Client()
    log_in(client, world, "citizen")

    html = _page(client, scene.petition.code)

    good, bad = html.split('data-testid="reasons-good"')[1].split('data-testid="reasons-bad"')
    assert 'value="timely"' in good and 'value="late"' not in good
    assert 'value="late"' in bad and 'value="timely"' not in bad.split("</fieldset>")[0]
    assert "Dưới 3 sao, đơn được mở lại" in visible_text(html)


def test_after_a_low_rating_the_petitioner_is_told_it_was_reopened(world):
    scene = GIVEN["answered"](world)
    client = Client()
    log_in(client, world, "citizen")

    response = client.post(
        reverse("track_rate", args=[scene.petition.code]), {"stars": "2", "reasons": ["late"]}
    )

    scene.petition.refresh_from_db()
    assert scene.petition.status == Status.REOPENED
    assert flashed(response) == [
        "Cảm ơn bạn đã đánh giá. Vì bạn chưa hài lòng, đơn đã được mở lại để cơ quan giải "
        "quyết tiếp."
    ]


def test_a_complaint_rated_low_keeps_its_appeal_on_the_page(world):
    scene = GIVEN["complaint-answered"](world)
    client = Client()
    log_in(client, world, "citizen")
    before = visible_text(_page(client, scene.petition.code))
    assert "hãy gửi khiếu nại lần hai" in before
    assert "Khiếu nại lần hai" in before

    response = client.post(
        reverse("track_rate", args=[scene.petition.code]),
        {"stars": "1", "reasons": ["not_solved"]},
    )

    scene.petition.refresh_from_db()
    assert scene.petition.status == Status.CLOSED
    assert flashed(response) == [
        "Cảm ơn bạn đã đánh giá. Nếu không đồng ý với quyết định giải quyết, bạn có thể gửi "
        "khiếu nại lần hai ngay trên trang này."
    ]
    after = _page(client, scene.petition.code)
    assert reverse("track_appeal", args=[scene.petition.code]) in after
