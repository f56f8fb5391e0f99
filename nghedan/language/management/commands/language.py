"""`nghedan language …`: the pipeline for batch work on files.

evaluate  train on one labelled file (CSV `text,label` or JSON lines), score on another
classify  the active topic model's label and confidence for each text
places    the places named in each text and the suggested area
redact    each text with personal data removed
analyse   urgency and feeling of each text, with the words that show them
train     train the models now (as the workers do on schedule)
"""

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from nghedan.language.classifier import DataError, TextClassifier, read_examples, read_texts
from nghedan.language.models import Head
from nghedan.lib.redact import find_personal_data, redact

MAX_LINE = 120


def _print_table(rows: list[list[str]], header: list[str], out: OutputWrapper) -> None:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    widths[-1] = 0
    for row in [header, *rows]:
        out.write(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            ).rstrip()
            + "\n"
        )


class Command(BaseCommand):
    help = (
        "Vietnamese language pipeline on files: evaluate, classify, places, redact, analyse, train."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        evaluate = commands.add_parser("evaluate", help="train on --train, score on --test")
        evaluate.add_argument("--train", required=True, type=Path)
        evaluate.add_argument("--test", required=True, type=Path)
        evaluate.add_argument("--json", action="store_true")
        for name, text in (
            ("classify", "topic suggestion per text"),
            ("places", "places named in each text"),
            ("redact", "text with personal data removed"),
            ("analyse", "urgency and feeling per text"),
        ):
            sub = commands.add_parser(name, help=text)
            sub.add_argument("file", type=Path, help="CSV with a 'text' column, or JSON lines")
            sub.add_argument("--json", action="store_true", help="JSON lines out")
        train = commands.add_parser("train", help="train the models now")
        train.add_argument("--json", action="store_true")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            return getattr(self, f"_{action}")(**options)
        except DataError as error:
            raise CommandError(str(error)) from error

    def _emit(self, rows: list[dict], as_json: bool, header: list[str]) -> None:
        if as_json:
            for row in rows:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            return
        table = [[str(row.get(key, ""))[:MAX_LINE] for key in header] for row in rows]
        _print_table(table, header, self.stdout)

    def _evaluate(self, *, train: Path, test: Path, json: bool, **_: Any) -> None:
        train_examples, test_examples = read_examples(train), read_examples(test)
        classifier = TextClassifier.train(train_examples)
        scores = classifier.score(test_examples)
        unseen = sorted({e.label for e in test_examples} - set(classifier.labels))
        result = {
            "train": {"file": str(train), "examples": len(train_examples)},
            "test": {"file": str(test), "examples": len(test_examples)},
            "labels": classifier.labels,
            "labels_not_in_train": unseen,
            **scores.as_dict(),
        }
        if json:
            self.stdout.write(_json(result))
            return
        self.stdout.write(
            f"Huấn luyện / trained on: {len(train_examples)} mẫu, {len(classifier.labels)} nhãn\n"
            f"Kiểm tra / tested on:    {len(test_examples)} mẫu\n"
            f"Độ chính xác / accuracy: {scores.accuracy:.3f}\n"
            f"Macro-F1:                {scores.macro_f1:.3f} "
            f"(khoảng tin cậy 95% / 95% CI {scores.macro_f1_low:.3f}–{scores.macro_f1_high:.3f})"
        )
        if unseen:
            self.stdout.write(
                f"Nhãn không có trong tệp huấn luyện / unseen labels: {', '.join(unseen)}"
            )
        for label, row in scores.per_label.items():
            self.stdout.write(f"  {label:<28} F1 {row['f1']:.3f}  ({row['support']})")

    def _classify(self, *, file: Path, json: bool, **_: Any) -> None:
        from nghedan.language.pipeline import topic_suggest

        rows = []
        for number, row in enumerate(read_texts(file), start=1):
            prediction = topic_suggest(text=row["text"])
            rows.append(
                {
                    "row": number,
                    "label": prediction.label if prediction else "",
                    "confidence": round(prediction.confidence, 3) if prediction else 0,
                    "alternatives": [[label, round(p, 3)] for label, p in prediction.alternatives]
                    if prediction
                    else [],
                    "text": row["text"],
                }
            )
        self._emit(rows, json, ["row", "label", "confidence", "text"])

    def _places(self, *, file: Path, json: bool, **_: Any) -> None:
        from nghedan.areas.places import place_suggest, places_find

        rows = []
        for number, row in enumerate(read_texts(file), start=1):
            suggestion = place_suggest(text=row["text"])
            rows.append(
                {
                    "row": number,
                    "area_code": suggestion.area.code if suggestion else "",
                    "area": str(suggestion.area) if suggestion else "",
                    "confidence": suggestion.confidence if suggestion else "",
                    "reason": suggestion.reason if suggestion else "",
                    "mentions": [
                        {
                            "text": m.text,
                            "level": m.level,
                            "area_code": m.area_code,
                            "start": m.start,
                            "end": m.end,
                        }
                        for m in places_find(text=row["text"])
                    ],
                    "text": row["text"],
                }
            )
        self._emit(rows, json, ["row", "area_code", "area", "confidence", "text"])

    def _redact(self, *, file: Path, json: bool, **_: Any) -> None:
        rows = []
        for number, row in enumerate(read_texts(file), start=1):
            found = Counter(finding.kind for finding in find_personal_data(row["text"]))
            rows.append(
                {"row": number, "removed": dict(sorted(found.items())), "text": redact(row["text"])}
            )
        self._emit(rows, json, ["row", "text"])

    def _analyse(self, *, file: Path, json: bool, **_: Any) -> None:
        from nghedan.language.signals import signals_read

        rows = []
        for number, row in enumerate(read_texts(file), start=1):
            signals = signals_read(row["text"])
            rows.append(
                {
                    "row": number,
                    "urgent": signals.is_urgent,
                    "urgency": {category: list(words) for category, words in signals.urgency},
                    "negative": signals.is_negative,
                    "sentiment": signals.sentiment,
                    "negative_words": list(signals.negative_words),
                    "text": row["text"],
                }
            )
        self._emit(rows, json, ["row", "urgent", "urgency", "negative", "text"])

    def _train(self, *, json: bool, **_: Any) -> None:
        from nghedan.language.training import model_train

        results = []
        for head in Head.values:
            outcome = model_train(head=head)
            results.append(
                {
                    "head": head,
                    "version": outcome.model.version if outcome.model else None,
                    "promoted": outcome.promoted,
                    "reason": outcome.reason,
                    "macro_f1": outcome.model.metrics.get("macro_f1") if outcome.model else None,
                }
            )
        self._emit(results, json, ["head", "version", "promoted", "macro_f1", "reason"])


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
