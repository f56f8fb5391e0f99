"""Filing through the web form is rate-limited per account or address; what was typed
is kept when the limit is reached."""

from nghedan.petitions.models import Petition


def _form(world, title: str) -> dict:
    return {
        "kind": "feedback",
        "topic": world.topic("moi-truong").pk,
        "province": "01",
        "commune": "00004",
        "title": title,
        "body": "Rác tồn đọng ở đầu ngõ 120 Đội Cấn nhiều ngày, đề nghị thu gom.",
        "signatories": "1",
        "publish_consent": "on",
    }


def test_a_visitor_over_the_limit_keeps_what_they_typed_and_files_nothing(client, world, settings):
    settings.NGHEDAN_INTAKE_RATE = "1/hour"
    assert client.post("/petitions/new/", _form(world, "Lần thứ nhất")).status_code == 302

    response = client.post("/petitions/new/", _form(world, "Lần thứ hai"))

    assert response.status_code == 429
    page = response.content.decode()
    assert "Bạn đã gửi quá nhiều đơn trong thời gian ngắn" in page
    assert 'value="Lần thứ hai"' in page
    assert list(Petition.objects.values_list("title", flat=True)) == ["Lần thứ nhất"]


def test_an_officer_entering_petitions_from_the_desk_is_not_limited(client, world, settings):
    settings.NGHEDAN_INTAKE_RATE = "1/hour"
    client.force_login(world.officer_a)

    statuses = [
        client.post(
            "/petitions/new/", {**_form(world, f"Đơn {n}"), "channel": "reception"}
        ).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 302]
