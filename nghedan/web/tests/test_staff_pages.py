"""What staff get beyond citizens: entering petitions from other channels, choosing
where to transfer one."""

import pytest

from nghedan.petitions.models import Channel, Petition
from nghedan.test import submit


def _form(world, **extra) -> dict:
    return {
        "kind": "feedback",
        "topic": world.topic("moi-truong").pk,
        "province": "01",
        "commune": "00004",
        "title": "Phản ánh qua đường dây nóng",
        "body": "Người dân gọi đường dây nóng báo rác tồn đọng ở ngõ 120 Đội Cấn.",
        "signatories": "1",
        **extra,
    }


def test_an_officer_enters_a_hotline_call_with_its_channel(client, world):
    client.force_login(world.officer_a)
    assert 'name="channel"' in client.get("/petitions/new/").content.decode()

    response = client.post("/petitions/new/", _form(world, channel=Channel.HOTLINE))

    assert response.status_code == 302
    petition = Petition.objects.get()
    assert (petition.channel, petition.citizen) == (Channel.HOTLINE, None)


def test_a_citizen_files_through_the_web_whatever_channel_is_posted(client, world):
    client.force_login(world.citizen)
    assert 'name="channel"' not in client.get("/petitions/new/").content.decode()

    client.post("/petitions/new/", _form(world, channel=Channel.HOTLINE))

    assert Petition.objects.get().channel == Channel.WEB


def test_the_handler_picks_a_transfer_target_from_the_agencies_of_the_province(client, world):
    petition = submit(world).petition
    client.force_login(world.officer_a)

    page = client.get(f"/inbox/{petition.code}/").content.decode()

    assert '<datalist id="agency-options">' in page
    assert '<option value="01-so-xay-dung">Sở Xây dựng Thành phố Hà Nội</option>' in page
    assert f'<option value="{world.agency_a.code}">' not in page
    assert '<option value="48-ubnd-tinh">' not in page


def test_a_supervisor_reading_a_petition_gets_no_transfer_targets(client, world):
    petition = submit(world).petition
    client.force_login(world.supervisor)

    assert "agency-options" not in client.get(f"/inbox/{petition.code}/").content.decode()


@pytest.mark.parametrize("group", ["²", "9" * 30])
def test_the_inbox_narrowed_to_a_group_no_id_can_name_is_an_empty_page_not_an_error(
    client, world, group
):
    # "²" is a digit to Python but no number; the other is past any id the database holds.
    petition = submit(world).petition
    client.force_login(world.officer_a)

    response = client.get("/inbox/", {"group": group})

    assert response.status_code == 200
    assert petition.code not in response.content.decode()
