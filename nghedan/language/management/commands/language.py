"""`nghedan language …`: the pipeline for batch work on files.

evaluate  train on one labelled file (CSV `text,label` or JSON lines), score on another,
          beside a TF-IDF word 1–2-gram + LinearSVC baseline trained on the same file
classify  the active topic model's label and confidence for each text
places    the places named in each text and the suggested area
redact    each text with personal data removed
analyse   urgency and feeling of each text, with the words that show them
train     train the models now (as the workers do on schedule)

A row that cannot be used (not valid UTF-8, not valid JSON, no `text`, an empty text, no
or a malformed label, or one the pipeline failed on) is reported on stderr with its number
and why, in Vietnamese and English; the other rows are processed. The exit status is 1
when any row was left out, as when the whole file is refused.
"""

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from nghedan.language.classifier import (
    BASELINE,
    DataError,
    Example,
    RowProblem,
    TextClassifier,
    baseline_scores,
    examples_required,
    read_labelled,
    read_texts,
)
from nghedan.language.models import Head
from nghedan.lib.redact import find_personal_data, redact

MAX_LINE = 120


def _printable(cell: str) -> str:
    """A table cell on one line: line breaks and other whitespace as spaces, control and
    format characters (terminal escapes, direction marks) and lone surrogates as "�"."""
    return "".join(ch if ch.isprintable() else " " if ch.isspace() else "\ufffd" for ch in cell)


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
        self._problems: list[tuple[Path, RowProblem]] = []
        try:
            getattr(self, f"_{action}")(**options)
        except DataError as error:
            self._report_problems()
            raise CommandError(str(error)) from error
        if count := self._report_problems():
            self.stderr.write(
                f"{count} dòng không dùng được, các dòng khác đã xử lý. / "
                f"{count} {'row was' if count == 1 else 'rows were'} left out, "
                "the others were processed."
            )
            raise SystemExit(1)

    def _report_problems(self) -> int:
        """Write each row left out on stderr, in file and row order; how many there were."""
        files = list(dict.fromkeys(path for path, _ in self._problems))
        # One file given twice (evaluate --train f --test f) reports its rows once.
        problems = sorted(
            dict.fromkeys(self._problems), key=lambda p: (files.index(p[0]), p[1].number)
        )
        for path, problem in problems:
            self.stderr.write(problem.message(path))
        return len(problems)

    def _texts(self, file: Path) -> Iterator[tuple[int, str]]:
        """(number, text) of each usable row; the problems of the others are kept."""
        found = read_texts(file)
        self._problems += [(file, problem) for problem in found.problems]
        for number, row in found.rows:
            yield number, row["text"]

    def _each_text(self, file: Path, read: Callable[[int, str], dict]) -> list[dict]:
        """`read(number, text)` for each usable row. One row the pipeline fails on is
        reported with the others and does not stop the batch."""
        rows = []
        for number, text in self._texts(file):
            try:
                rows.append(read(number, text))
            except Exception as error:  # noqa: BLE001 - one row must not stop the batch
                reason = f"{type(error).__name__}: {error}"[:200]
                self._problems.append(
                    (
                        file,
                        RowProblem(
                            number, f"xử lý bị lỗi ({reason})", f"processing failed ({reason})"
                        ),
                    )
                )
        return rows

    def _examples(self, path: Path) -> list[Example]:
        examples, problems = read_labelled(path)
        self._problems += [(path, problem) for problem in problems]
        return examples_required(path, examples, problems)

    def _emit(self, rows: list[dict], as_json: bool, header: list[str]) -> None:
        if as_json:
            for row in rows:
                self.stdout.write(_json_line(row))
            return
        table = [[_printable(str(row.get(key, "")))[:MAX_LINE] for key in header] for row in rows]
        _print_table(table, header, self.stdout)

    def _evaluate(self, *, train: Path, test: Path, json: bool, **_: Any) -> None:
        train_examples, test_examples = self._examples(train), self._examples(test)
        classifier = TextClassifier.train(train_examples)
        scores = classifier.score(test_examples)
        baseline = baseline_scores(train_examples, test_examples)
        unseen = sorted({e.label for e in test_examples} - set(classifier.labels))
        ratio = scores.macro_f1 / baseline.macro_f1 if baseline and baseline.macro_f1 else None
        result = {
            "train": {"file": str(train), "examples": len(train_examples)},
            "test": {"file": str(test), "examples": len(test_examples)},
            "labels": classifier.labels,
            "labels_not_in_train": unseen,
            **scores.as_dict(),
            "baseline": {"method": BASELINE, **baseline.as_dict()} if baseline else None,
            "macro_f1_ratio_to_baseline": round(ratio, 4) if ratio is not None else None,
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
        if baseline is not None:
            self.stdout.write(
                f"Tham chiếu / baseline ({BASELINE}): macro-F1 {baseline.macro_f1:.3f} "
                f"(95% CI {baseline.macro_f1_low:.3f}–{baseline.macro_f1_high:.3f})"
            )
        if ratio is not None:
            self.stdout.write(f"Tỉ lệ / ratio:           {ratio:.3f} × baseline")
        if unseen:
            self.stdout.write(
                f"Nhãn không có trong tệp huấn luyện / unseen labels: {', '.join(unseen)}"
            )
        for label, row in scores.per_label.items():
            self.stdout.write(f"  {label:<28} F1 {row['f1']:.3f}  ({row['support']})")

    def _classify(self, *, file: Path, json: bool, **_: Any) -> None:
        from nghedan.language.pipeline import topic_suggest

        def read(number: int, text: str) -> dict:
            prediction = topic_suggest(text=text)
            return {
                "row": number,
                "label": prediction.label if prediction else "",
                "confidence": round(prediction.confidence, 3) if prediction else 0,
                "alternatives": [[label, round(p, 3)] for label, p in prediction.alternatives]
                if prediction
                else [],
                "text": text,
            }

        self._emit(self._each_text(file, read), json, ["row", "label", "confidence", "text"])

    def _places(self, *, file: Path, json: bool, **_: Any) -> None:
        from nghedan.areas.places import place_suggest, places_find

        def read(number: int, text: str) -> dict:
            suggestion = place_suggest(text=text)
            return {
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
                    for m in places_find(text=text)
                ],
                "text": text,
            }

        self._emit(
            self._each_text(file, read), json, ["row", "area_code", "area", "confidence", "text"]
        )

    def _redact(self, *, file: Path, json: bool, **_: Any) -> None:
        def read(number: int, text: str) -> dict:
            found = Counter(finding.kind for finding in find_personal_data(text))
            return {"row": number, "removed": dict(sorted(found.items())), "text": redact(text)}

        self._emit(self._each_text(file, read), json, ["row", "text"])

    def _analyse(self, *, file: Path, json: bool, **_: Any) -> None:
        from nghedan.language.signals import signals_read

        def read(number: int, text: str) -> dict:
            signals = signals_read(text)
            return {
                "row": number,
                "urgent": signals.is_urgent,
                "urgency": {category: list(words) for category, words in signals.urgency},
                "negative": signals.is_negative,
                "sentiment": signals.sentiment,
                "negative_words": list(signals.negative_words),
                "text": text,
            }

        self._emit(
            self._each_text(file, read), json, ["row", "urgent", "urgency", "negative", "text"]
        )

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


# Line breaks other than "\n" that JSON leaves unescaped, but readers that split lines on
# any Unicode line break (Python's str.splitlines) would cut a row at.
_LINE_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _json_line(row: dict) -> str:
    """One row of JSON-lines output: UTF-8, on exactly one line for any reader."""
    return json.dumps(row, ensure_ascii=False).translate(_LINE_BREAKS)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
