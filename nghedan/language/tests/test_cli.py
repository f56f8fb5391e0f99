"""`nghedan language classify|places|redact|analyse FILE` for batch work on CSV or JSON lines."""

import json
from io import StringIO

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


# --- Bad rows ------------------------------------------------------------------------------


def _run(*args) -> tuple[int, str, list[str]]:
    """Exit status, stdout and stderr lines of `nghedan language ARGS`."""
    out, err = StringIO(), StringIO()
    try:
        call_command("language", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        status = exit.code
    else:
        status = 0
    return status, out.getvalue(), err.getvalue().splitlines()


def _json_rows(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_bad_rows_of_json_lines_are_reported_and_the_others_are_analysed(tmp_path):
    path = tmp_path / "texts.jsonl"
    lines = [
        json.dumps({"text": "Xưởng gỗ đang bốc cháy"}, ensure_ascii=False).encode(),
        b"{not json",
        b'{"id": 3}',
        b'{"text": "   "}',
        b'["a list"]',
        b'{"text": "ch\xe1y \xff"}',
        b'{"text": 5}',
        b'{"text": "\\ud800 lone surrogate"}',
        json.dumps(
            {"text": "Đường ở TT. Xuân Mai ngập sâu\u2028sau mưa"}, ensure_ascii=False
        ).encode(),
    ]
    path.write_bytes(b"\n".join(lines))

    status, out, err = _run("analyse", str(path), "--json")

    rows = _json_rows(out)
    assert status == 1
    assert [row["row"] for row in rows] == [1, 9]
    assert rows[1]["urgency"] == {"flood": ["ngập sâu"]}
    assert rows[1]["text"] == "Đường ở TT. Xuân Mai ngập sâu\u2028sau mưa"
    assert err == [
        f"Dòng 2 của {path}: không phải JSON hợp lệ (Expecting property name enclosed in double "
        f"quotes). / Row 2 of {path}: it is not valid JSON (Expecting property name enclosed in "
        "double quotes).",
        f"Dòng 3 của {path}: không có trường 'text'. / Row 3 of {path}: it has no 'text' field.",
        f"Dòng 4 của {path}: văn bản trống. / Row 4 of {path}: its text is empty.",
        f"Dòng 5 của {path}: phải là một đối tượng JSON. / Row 5 of {path}: it must be a JSON "
        "object.",
        f"Dòng 6 của {path}: dòng không phải UTF-8 hợp lệ. / Row 6 of {path}: the line is not "
        "valid UTF-8.",
        f"Dòng 7 của {path}: trường 'text' không phải chữ. / Row 7 of {path}: its 'text' is not "
        "text.",
        f"Dòng 8 của {path}: văn bản không phải UTF-8 hợp lệ. / Row 8 of {path}: its text is not "
        "valid UTF-8.",
        "7 dòng không dùng được, các dòng khác đã xử lý. / 7 rows were left out, the others were "
        "processed.",
    ]


def test_bad_rows_of_a_csv_file_are_reported_and_the_others_are_redacted(tmp_path):
    path = tmp_path / "texts.csv"
    path.write_bytes(
        "id,text\n1,Gọi tôi theo số 0912 345 678\n2\n3,\n".encode()
        + b"4,h\xe0ng x\xf3m\n"
        + "5,a,b\n6,ông Trần Văn Bình ở TT. Xuân Mai\n".encode()
    )

    status, out, err = _run("redact", str(path), "--json")

    assert status == 1
    assert [(row["row"], row["text"]) for row in _json_rows(out)] == [
        (1, "Gọi tôi theo số [số điện thoại]"),
        (6, "ông [họ tên] ở TT. Xuân Mai"),
    ]
    assert err == [
        f"Dòng 2 của {path}: không có trường 'text'. / Row 2 of {path}: it has no 'text' field.",
        f"Dòng 3 của {path}: văn bản trống. / Row 3 of {path}: its text is empty.",
        f"Dòng 4 của {path}: văn bản không phải UTF-8 hợp lệ. / Row 4 of {path}: its text is not "
        "valid UTF-8.",
        f"Dòng 5 của {path}: có nhiều cột hơn dòng tiêu đề (dấu phẩy ngoài ngoặc kép?). / Row 5 "
        f"of {path}: it has more fields than the header (a comma outside quotes?).",
        "4 dòng không dùng được, các dòng khác đã xử lý. / 4 rows were left out, the others were "
        "processed.",
    ]


def test_a_row_longer_than_csv_allows_is_reported_and_the_next_rows_are_read(tmp_path):
    path = tmp_path / "texts.csv"
    path.write_text(f'text\n"{"a" * 140_000}"\ncháy nhà\n', encoding="utf-8")

    status, out, err = _run("analyse", str(path), "--json")

    assert status == 1
    assert [row["row"] for row in _json_rows(out)] == [2]
    assert err[0] == (
        f"Dòng 1 của {path}: dòng CSV bị lỗi (field larger than field limit (131072)). / "
        f"Row 1 of {path}: it is malformed CSV (field larger than field limit (131072))."
    )


@pytest.mark.django_db
def test_classify_reads_a_town_written_tt_and_skips_only_the_bad_row(tmp_path):
    topics_load()
    path = tmp_path / "texts.jsonl"
    path.write_text(
        '{"text": "Đường ở TT. Xuân Mai ngập sâu, ổ gà to giữa đường"}\n'
        '{"text": ""}\n'
        '{"text": "tt. Chúc Sơn mất điện cả ngày"}\n',
        encoding="utf-8",
    )

    status, out, err = _run("classify", str(path), "--json")

    rows = _json_rows(out)
    assert status == 1
    assert [row["row"] for row in rows] == [1, 3]
    assert all(row["label"] and 0 < row["confidence"] <= 1 for row in rows)
    assert err[0] == f"Dòng 2 của {path}: văn bản trống. / Row 2 of {path}: its text is empty."


@pytest.mark.django_db
def test_places_reads_a_town_written_tt(tmp_path):
    areas_load(province_codes=["01"])
    path = tmp_path / "texts.csv"
    path.write_text("text\nĐường ở TT. Xuân Mai ngập sâu\n", encoding="utf-8")

    status, out, err = _run("places", str(path), "--json")

    [row] = _json_rows(out)
    assert (status, err) == (0, [])
    assert [(m["text"], m["level"]) for m in row["mentions"]] == [("TT. Xuân Mai", "old_commune")]


def test_a_row_the_pipeline_fails_on_is_reported_and_does_not_stop_the_batch(tmp_path, monkeypatch):
    # No known text makes the pipeline fail; a stand-in failure checks the batch survives one.
    from nghedan.language import signals

    def failing(text):
        if "hỏng" in text:
            raise RuntimeError("lỗi thử")
        return real(text)

    real = signals.signals_read
    monkeypatch.setattr(signals, "signals_read", failing)
    path = tmp_path / "texts.csv"
    path.write_text("text\nđèn hỏng\ncháy nhà\n", encoding="utf-8")

    status, out, err = _run("analyse", str(path), "--json")

    assert status == 1
    assert [row["row"] for row in _json_rows(out)] == [2]
    assert err[0] == (
        f"Dòng 1 của {path}: xử lý bị lỗi (RuntimeError: lỗi thử). / "
        f"Row 1 of {path}: processing failed (RuntimeError: lỗi thử)."
    )


def test_evaluate_leaves_out_rows_with_a_wrong_label_and_scores_the_rest(tmp_path):
    from nghedan.language.tests.test_evaluate import _rows, _write_csv

    train = tmp_path / "train.jsonl"
    bad = [
        {"text": "cây đổ", "label": ""},
        {"text": "cây đổ", "label": ["cay"]},
        {"text": "cây đổ", "label": "cây xanh bị đổ chắn ngang đường " * 5},
        {"text": "cây đổ"},
        {"text": "cây đổ", "label": 3},
    ]
    train.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in [*_rows(12, 0), *bad]), "utf-8"
    )
    test = _write_csv(tmp_path / "test.csv", _rows(5, 3))

    status, out, err = _run("evaluate", "--train", str(train), "--test", str(test), "--json")

    result = json.loads(out)
    assert status == 1
    assert result["train"]["examples"] == 37
    assert result["labels"] == ["3", "cay", "cho", "nuoc"]
    assert err == [
        f"Dòng 37 của {train}: không có nhãn (label). / Row 37 of {train}: it has no label.",
        f"Dòng 38 của {train}: nhãn không phải chữ. / Row 38 of {train}: its label is not text.",
        f"Dòng 39 của {train}: nhãn dài quá 100 ký tự hoặc nhiều dòng. / Row 39 of {train}: its "
        "label is longer than 100 characters or on several lines.",
        f"Dòng 40 của {train}: không có nhãn (label). / Row 40 of {train}: it has no label.",
        "4 dòng không dùng được, các dòng khác đã xử lý. / 4 rows were left out, the others were "
        "processed.",
    ]


def test_control_characters_do_not_break_the_plain_table(tmp_path):
    path = tmp_path / "texts.jsonl"
    path.write_text(
        json.dumps({"text": "cháy\nnhà \x1b[31m\u202eđỏ\x00"}) + "\n" + json.dumps({"text": "a"}),
        "utf-8",
    )

    status, out, _err = _run("analyse", str(path))

    lines = out.splitlines()
    assert status == 0
    assert len(lines) == 3
    assert lines[1].endswith("cháy nhà �[31m�đỏ�")


def test_a_file_given_for_training_and_testing_reports_its_bad_row_once(tmp_path):
    from nghedan.language.tests.test_evaluate import _rows

    path = tmp_path / "both.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in [*_rows(5, 0), {"text": "x"}]),
        "utf-8",
    )

    status, _out, err = _run("evaluate", "--train", str(path), "--test", str(path), "--json")

    assert status == 1
    assert err == [
        f"Dòng 16 của {path}: không có nhãn (label). / Row 16 of {path}: it has no label.",
        "1 dòng không dùng được, các dòng khác đã xử lý. / 1 row was left out, the others were "
        "processed.",
    ]
