"""`nghedan language classify|places|redact|analyse FILE` for batch work on CSV or JSON lines."""

import json

import pytest
from django.core.management import CommandError, call_command

from nghedan.areas.services import areas_load
from nghedan.petitions.reference import topics_load

TEXTS = [
    "Đường Đội Cấn phường Ba Đình nhiều ổ gà to giữa đường, cống hỏng, xe máy đi lại khó khăn.",
    "Gọi tôi theo số 0912 345 678, CCCD 001085012345, tôi tên là Nguyễn Văn An.",
    "Xưởng gỗ ở ngõ 5 đang bốc cháy, khói đen mù mịt!",
]


@pytest.fixture
def texts_jsonl(tmp_path):
    path = tmp_path / "texts.jsonl"
    path.write_text("\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in TEXTS), "utf-8")
    return path


def _lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


@pytest.mark.django_db
def test_classify_gives_each_text_a_topic_and_a_confidence(texts_jsonl, capsys):
    topics_load()

    call_command("language", "classify", str(texts_jsonl), "--json")

    rows = _lines(capsys)
    assert [row["row"] for row in rows] == [1, 2, 3]
    assert rows[0]["label"] == "giao-thong-ha-tang"
    assert all(0 < row["confidence"] <= 1 for row in rows)


@pytest.mark.django_db
def test_places_finds_the_commune_named_in_the_text(texts_jsonl, capsys):
    areas_load(province_codes=["01"])

    call_command("language", "places", str(texts_jsonl), "--json")

    first = _lines(capsys)[0]
    assert first["area_code"] == "00004"
    assert any(m["text"] == "phường Ba Đình" for m in first["mentions"])


def test_redact_removes_personal_data_and_counts_what_it_removed(texts_jsonl, capsys):
    call_command("language", "redact", str(texts_jsonl), "--json")

    second = _lines(capsys)[1]
    assert "0912" not in second["text"]
    assert "001085012345" not in second["text"]
    assert "Nguyễn Văn An" not in second["text"]
    assert second["removed"] == {"id": 1, "name": 1, "phone": 1}


def test_analyse_flags_urgency_with_its_words(texts_jsonl, capsys):
    call_command("language", "analyse", str(texts_jsonl), "--json")

    rows = _lines(capsys)
    assert rows[2]["urgent"] is True
    assert rows[2]["urgency"] == {"fire": ["bốc cháy"]}
    assert rows[0]["urgent"] is False


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("language", "redact", str(tmp_path / "none.csv"))


def test_plain_output_is_a_table(texts_jsonl, capsys):
    call_command("language", "analyse", str(texts_jsonl))

    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["row", "urgent", "urgency", "negative", "text"]
    assert len(out) == 4
