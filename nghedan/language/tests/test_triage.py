"""A petition filed without a topic takes the model's suggestion when it is confident and
waits in the triage queue when it is not; officers' labels teach the next model."""

import pytest
from django.test import Client

from nghedan.jobs.runner import run_pending
from nghedan.language.actions import petition_analyse
from nghedan.language.models import Head, PetitionAnalysis, TextModel
from nghedan.language.pipeline import topic_suggest
from nghedan.language.tests.test_signals import FLOODS_TYPED_ANY_WAY
from nghedan.language.training import decision_examples, model_active, model_train
from nghedan.lib.errors import ActionError
from nghedan.petitions.actions import petition_accept, petition_relabel
from nghedan.petitions.models import PetitionEvent, TopicSource
from nghedan.test import submit

FLOODED_ROAD = (
    "Đường Đội Cấn bị ngập sâu mỗi khi mưa, cống thoát nước bị tắc, ổ gà to giữa đường, "
    "xe máy đi qua rất nguy hiểm. Đề nghị sửa đường và nạo vét cống."
)
VAGUE = "Kính gửi quý cơ quan, tôi có việc muốn trình bày, mong được xem xét sớm. Xin cảm ơn."


@pytest.mark.django_db
def test_the_first_model_is_built_from_the_shipped_corpus_with_its_scores(world):
    model = model_active(Head.TOPIC)
    record = TextModel.objects.get(head=Head.TOPIC, is_active=True)

    assert "giao-thong-ha-tang" in model.labels
    assert record.source == "seed"
    assert record.metrics["examples"] > 200  # the shipped test slice
    assert 0 < record.metrics["macro_f1_ci95"][0] <= record.metrics["macro_f1"]


@pytest.mark.django_db
def test_a_clear_petition_without_a_topic_takes_the_confident_suggestion(world):
    petition = submit(world, topic=None, title="Đường ngập, ổ gà", body=FLOODED_ROAD).petition

    assert petition.topic.code == "giao-thong-ha-tang"
    assert petition.topic_source == TopicSource.MODEL


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        *(text for text, _ in FLOODS_TYPED_ANY_WAY),
        "ngap qua, duong truoc nha ngap sau, xe ko di dc",
        "cong tac, mua xong duong ngap ca tuan k rut dc",
    ],
)
def test_a_flood_typed_without_diacritics_or_in_shorthand_gets_its_topic(world, settings, text):
    prediction = topic_suggest(text=text)

    assert prediction.label == "giao-thong-ha-tang"
    assert prediction.confidence >= settings.NGHEDAN_TOPIC_CONFIDENCE


@pytest.mark.django_db
def test_a_flood_petition_typed_without_diacritics_is_filed_under_its_topic_and_urgent(world):
    petition = submit(
        world,
        topic=None,
        title="duong ngap",
        body="duong ngap nuoc sau mua, nha dan bi vao nuoc, de nghi xu ly gap",
    ).petition

    run_pending()

    assert (petition.topic.code, petition.topic_source) == ("giao-thong-ha-tang", TopicSource.MODEL)
    analysis = PetitionAnalysis.objects.get(petition=petition)
    assert analysis.is_urgent
    assert analysis.urgency == [{"category": "flood", "words": ["bi vao nuoc"]}]


@pytest.mark.django_db
def test_a_vague_petition_without_a_topic_goes_to_triage_not_to_a_guess(world, settings):
    settings.NGHEDAN_TOPIC_CONFIDENCE = 0.9

    petition = submit(world, topic=None, title="Xin trình bày", body=VAGUE).petition

    assert petition.topic.code == "khac"
    assert petition.topic_source == TopicSource.TRIAGE


@pytest.mark.django_db
def test_the_inbox_triage_view_lists_only_petitions_nobody_could_classify(world, settings):
    settings.NGHEDAN_TOPIC_CONFIDENCE = 0.99
    vague = submit(world, topic=None, title="Xin trình bày", body=VAGUE).petition
    chosen = submit(world, title="Rác ở ngõ 120").petition
    client = Client()
    client.force_login(world.officer_a)

    page = client.get("/inbox/", {"view": "triage"}).content.decode()

    assert vague.code in page
    assert chosen.code not in page


@pytest.mark.django_db
def test_the_officer_relabels_a_triaged_petition_and_it_becomes_an_example(world, settings):
    settings.NGHEDAN_TOPIC_CONFIDENCE = 0.99
    petition = submit(world, topic=None, title="Xin trình bày", body=VAGUE).petition

    petition_relabel(acting_user=world.officer_a, petition=petition, topic=world.topic("y-te"))

    petition.refresh_from_db()
    assert petition.topic.code == "y-te"
    assert petition.topic_source == TopicSource.OFFICER
    event = PetitionEvent.objects.get(petition=petition, action="relabelled")
    assert event.data == {"from": "khac", "to": "y-te", "was": "triage"}
    assert [e.label for e in decision_examples(Head.TOPIC)] == ["y-te"]


@pytest.mark.django_db
def test_an_officer_of_another_agency_cannot_relabel_and_nothing_changes(world):
    petition = submit(world).petition

    with pytest.raises(ActionError):
        petition_relabel(acting_user=world.officer_b, petition=petition, topic=world.topic("y-te"))

    petition.refresh_from_db()
    assert petition.topic.code == "moi-truong"
    assert not PetitionEvent.objects.filter(action="relabelled").exists()


@pytest.mark.django_db
def test_accepted_petitions_teach_the_agency_type_and_the_topic(world):
    accepted = submit(world).petition
    petition_accept(acting_user=world.officer_a, petition=accepted)
    submit(world, title="Chưa thụ lý")

    assert [e.label for e in decision_examples(Head.TOPIC)] == ["moi-truong"]
    assert [e.label for e in decision_examples(Head.AGENCY_TYPE)] == ["ubnd-xa"]


@pytest.mark.django_db
def test_a_retrained_model_replaces_the_active_one_only_if_it_scores_at_least_as_well(world):
    first = model_train(head=Head.TOPIC)
    # Officers label a few petitions; the retrained model is compared on the same slice.
    for body in (FLOODED_ROAD, FLOODED_ROAD + " Lần hai.", FLOODED_ROAD + " Xin cảm ơn."):
        petition = submit(world, title="Đường", body=body, topic="moi-truong").petition
        petition_relabel(
            acting_user=world.officer_a, petition=petition, topic=world.topic("giao-thong-ha-tang")
        )

    second = model_train(head=Head.TOPIC)

    assert first.promoted
    compared = second.model.metrics["compared_with"]
    assert compared["version"] == first.model.version
    assert second.promoted == (second.model.metrics["macro_f1"] >= compared["macro_f1"])
    assert TextModel.objects.filter(head=Head.TOPIC, is_active=True).count() == 1


@pytest.mark.django_db
def test_the_agency_model_waits_for_enough_decisions(world):
    outcome = model_train(head=Head.AGENCY_TYPE)

    assert outcome.model is None
    assert not outcome.promoted
    assert model_active(Head.AGENCY_TYPE) is None


@pytest.mark.django_db
def test_the_officer_sees_suggestion_place_urgency_and_group_on_the_petition(world):
    petition = submit(
        world,
        title="Cây đổ",
        body="Cây xanh bật gốc đổ sập vào nhà số 5 ngõ 12 phố Đội Cấn, phường Ba Đình, "
        "dây điện đứt rơi xuống đường rất nguy hiểm.",
    ).petition
    petition_analyse(petition_id=petition.pk)
    client = Client()
    client.force_login(world.officer_a)

    page = client.get(f"/inbox/{petition.code}/").content.decode()
    inbox = client.get("/inbox/", {"view": "urgent"}).content.decode()

    analysis = PetitionAnalysis.objects.get(petition=petition)
    assert analysis.is_urgent
    assert analysis.suggested_area == world.ba_dinh
    assert "dây điện đứt" in page
    assert "Phường Ba Đình" in page
    assert petition.code in inbox
