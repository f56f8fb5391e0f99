"""`nghedan language evaluate` trains on one labelled file and scores on another, for any
label set, and refuses bad files with a clear message."""

import csv
import json

import pytest
from django.core.management import CommandError, call_command

from nghedan.language.classifier import Example, TextClassifier, scores_of

WORDS = {
    "nuoc": ["mất nước", "nước sạch", "đường ống", "cúp nước", "nước đục"],
    "cho": ["sạp hàng", "ban quản lý chợ", "tiểu thương", "phí chợ", "chợ tạm"],
    "cay": ["cây xanh", "cành cây", "cắt tỉa", "cây đổ", "trồng cây"],
}


def _rows(per_label: int, offset: int) -> list[dict]:
    rows = []
    for label, phrases in WORDS.items():
        for i in range(per_label):
            a, b = phrases[(i + offset) % 5], phrases[(i * 2 + offset + 1) % 5]
            rows.append(
                {"text": f"Người dân phản ánh {a} và {b} ở tổ {i + offset}", "label": label}
            )
    return rows


def _write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "label"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_evaluate_scores_a_label_set_of_the_agency_s_own_as_json(tmp_path, capsys):
    train = _write_csv(tmp_path / "train.csv", _rows(12, 0))
    test = tmp_path / "test.jsonl"
    test.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in _rows(5, 3)), "utf-8")

    call_command("language", "evaluate", "--train", str(train), "--test", str(test), "--json")

    result = json.loads(capsys.readouterr().out)
    assert result["labels"] == ["cay", "cho", "nuoc"]
    assert result["test"]["examples"] == 15
    assert result["accuracy"] == 1.0
    assert result["macro_f1"] == 1.0
    assert result["macro_f1_ci95"] == [1.0, 1.0]
    assert set(result["per_label"]) == {"cay", "cho", "nuoc"}


def test_evaluate_scores_a_baseline_on_the_same_files_and_gives_the_ratio(tmp_path, capsys):
    train = _write_csv(tmp_path / "train.csv", _rows(12, 0))
    test = _write_csv(tmp_path / "test.csv", _rows(5, 3))

    call_command("language", "evaluate", "--train", str(train), "--test", str(test), "--json")

    result = json.loads(capsys.readouterr().out)
    assert result["baseline"]["method"] == "TF-IDF word 1–2-grams + LinearSVC"
    assert result["baseline"]["examples"] == 15
    assert result["macro_f1_ratio_to_baseline"] == round(
        result["macro_f1"] / result["baseline"]["macro_f1"], 4
    )


def test_a_two_label_model_gives_probabilities_that_sum_to_one():
    rows = [r for r in _rows(12, 0) if r["label"] != "cay"]
    classifier = TextClassifier.train([Example(r["text"], r["label"]) for r in rows])

    prediction = classifier.predict(["ban quản lý chợ thu phí chợ"])[0]

    assert prediction.label == "cho"
    assert prediction.alternatives[0][0] == "nuoc"
    assert prediction.confidence + prediction.alternatives[0][1] == pytest.approx(1.0)
    assert prediction.confidence > 0.5


def test_evaluate_prints_accuracy_and_macro_f1_with_its_interval(tmp_path, capsys):
    train = _write_csv(tmp_path / "train.csv", _rows(12, 0))
    test = _write_csv(tmp_path / "test.csv", _rows(5, 3))

    call_command("language", "evaluate", "--train", str(train), "--test", str(test))

    out = capsys.readouterr().out
    assert "Macro-F1:                1.000" in out
    assert "95% CI 1.000–1.000" in out
    assert "baseline (TF-IDF word 1–2-grams + LinearSVC): macro-F1 " in out


def test_macro_f1_interval_is_a_bootstrap_around_the_estimate():
    truth = ["a"] * 50 + ["b"] * 50
    predicted = ["a"] * 40 + ["b"] * 10 + ["b"] * 45 + ["a"] * 5

    scores = scores_of(truth, predicted)

    assert scores.accuracy == pytest.approx(0.85)
    assert scores.macro_f1_low < scores.macro_f1 < scores.macro_f1_high
    assert scores.macro_f1_high - scores.macro_f1_low < 0.2


def test_labels_unseen_in_training_are_reported(tmp_path, capsys):
    train = _write_csv(tmp_path / "train.csv", [r for r in _rows(12, 0) if r["label"] != "cay"])
    test = _write_csv(tmp_path / "test.csv", _rows(5, 3))

    call_command("language", "evaluate", "--train", str(train), "--test", str(test), "--json")

    result = json.loads(capsys.readouterr().out)
    assert result["labels_not_in_train"] == ["cay"]
    assert result["per_label"]["cay"]["f1"] == 0.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("noi_dung,nhan\nabc,x\n", "cột 'text'"),
        ("text,label\nđường hỏng,\n", "không có nhãn"),
        ("{not json\n", "không phải JSON"),
        ("text,label\n", "không có mẫu"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(tmp_path, content, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    good = _write_csv(tmp_path / "good.csv", _rows(3, 0))

    with pytest.raises(CommandError, match=message):
        call_command("language", "evaluate", "--train", str(bad), "--test", str(good))


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes("text,label\nđường,x\n".encode("utf-16"))

    with pytest.raises(CommandError, match="UTF-8"):
        call_command("language", "evaluate", "--train", str(bad), "--test", str(bad))


def test_one_label_is_not_enough_to_train(tmp_path):
    one = _write_csv(tmp_path / "one.csv", [{"text": "mất nước", "label": "nuoc"}] * 3)

    with pytest.raises(CommandError, match="hai nhãn"):
        call_command("language", "evaluate", "--train", str(one), "--test", str(one))


def test_the_classifier_reads_text_typed_without_diacritics():
    classifier = TextClassifier.train([Example(r["text"], r["label"]) for r in _rows(12, 0)])

    prediction = classifier.predict(["nguoi dan phan anh mat nuoc va nuoc duc"])[0]

    assert prediction.label == "nuoc"
    assert prediction.confidence > 0.5
    assert {label for label, _ in prediction.alternatives} == {"cay", "cho"}


def test_a_model_survives_being_stored_and_loaded():
    classifier = TextClassifier.train([Example(r["text"], r["label"]) for r in _rows(12, 0)])

    loaded = TextClassifier.loads(classifier.dumps())

    assert loaded.predict(["cây đổ chắn đường"])[0] == classifier.predict(["cây đổ chắn đường"])[0]
