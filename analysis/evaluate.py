"""The `analysis_eval` contract: score the analysis on files given by the caller.

`python manage.py analysis_eval --task TASK ...` calls `main(argv)`. It prints figures, and its
last stdout line is one JSON object (scores as fractions 0..1, speeds per second). It is also run
on real data we do not have, so input errors name the file and line.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from .alert import AlertDetector
from .locate import Gazetteer

__all__ = ["main", "InputError", "read_jsonl"]

DATA_DIR = Path(__file__).resolve().parent.parent / "opinions" / "data" / "lamdong"


class InputError(Exception):
    """A malformed input file; the message names the file and the line."""


def read_jsonl(path, required: tuple[str, ...]) -> list[dict]:
    """Rows of a UTF-8 JSON Lines file; blank lines are skipped."""
    rows = []
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"{path}: không mở được tệp ({exc.strerror}).") from exc
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}, dòng {number}: không phải JSON hợp lệ ({exc.msg}).") from exc
                if not isinstance(row, dict):
                    raise InputError(f"{path}, dòng {number}: cần một đối tượng JSON.")
                missing = [k for k in required if k not in row]
                if missing:
                    raise InputError(f"{path}, dòng {number}: thiếu khóa {', '.join(missing)}.")
                rows.append(row)
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: tệp không phải UTF-8 ({exc.reason}).") from exc
    return rows


def _texts(rows, key, path) -> list[str]:
    out = []
    for i, row in enumerate(rows):
        value = row[key]
        if value is not None and not isinstance(value, str):
            raise InputError(f"{path}: bản ghi thứ {i + 1}: '{key}' phải là chuỗi.")
        out.append(value or "")
    return out


def _classify(args) -> dict:
    # numpy/scipy/sklearn load only for the task that needs them (start-up cost of the other tasks).
    from .classify import TextClassifier, score

    train = read_jsonl(args.train, (args.text_key, args.label_key))
    test = read_jsonl(args.test, (args.text_key, args.label_key))
    if not train:
        raise InputError(f"{args.train}: tệp huấn luyện rỗng.")
    started = time.perf_counter()
    model = TextClassifier().fit(_texts(train, args.text_key, args.train), [str(r[args.label_key]) for r in train])
    train_seconds = time.perf_counter() - started
    texts = _texts(test, args.text_key, args.test)
    started = time.perf_counter()
    predicted = model.predict(texts)
    elapsed = time.perf_counter() - started
    result = score([str(r[args.label_key]) for r in test], predicted)
    result.pop("n")
    result["train_seconds"] = round(train_seconds, 3)
    result["predict_per_second"] = round(len(texts) / elapsed, 1) if elapsed > 0 else None
    return result


def _zero_shot(args) -> dict:
    # numpy/scipy/sklearn load only for the task that needs them (start-up cost of the other tasks).
    from .classify import score

    # numpy loads only for this task (start-up cost).
    from .zeroshot import ZeroShotClassifier

    try:
        with open(args.labels, encoding="utf-8") as handle:
            fields = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{args.labels}: không đọc được danh sách lĩnh vực ({exc}).") from exc
    if not isinstance(fields, list) or not all(isinstance(f, dict) and "label" in f for f in fields):
        raise InputError(f"{args.labels}: cần một danh sách các đối tượng có khóa 'label'.")
    test = read_jsonl(args.test, (args.text_key, args.label_key))
    model = ZeroShotClassifier(fields)
    texts = _texts(test, args.text_key, args.test)
    started = time.perf_counter()
    predicted = model.predict(texts)
    elapsed = time.perf_counter() - started
    result = score([str(r[args.label_key]) for r in test], predicted)
    result.pop("n")
    result["train_seconds"] = 0.0
    result["predict_per_second"] = round(len(texts) / elapsed, 1) if elapsed > 0 else None
    return result


def _locate(args) -> dict:
    test = read_jsonl(args.test, ("text", "area_code"))
    gazetteer = Gazetteer.from_directory(args.gazetteer or DATA_DIR)
    pairs = []
    started = time.perf_counter()
    for row in test:
        found = gazetteer.locate(row["text"] or "")
        gold = None if row["area_code"] in (None, "") else str(row["area_code"])
        pairs.append((gold, found.code if found else None))
    elapsed = time.perf_counter() - started
    hits = sum(1 for gold, guess in pairs if guess is not None and guess == gold)
    predicted_n = sum(1 for _, guess in pairs if guess is not None)
    gold_n = sum(1 for gold, _ in pairs if gold is not None)
    return {
        "accuracy": sum(1 for gold, guess in pairs if gold == guess) / len(pairs) if pairs else 0.0,
        "precision": hits / predicted_n if predicted_n else 0.0,
        "recall": hits / gold_n if gold_n else 0.0,
        "per_second": round(len(pairs) / elapsed, 1) if elapsed > 0 else None,
    }


def _bcubed_and_pairs(gold: list, pred: list) -> dict:
    pair = Counter(zip(gold, pred, strict=True))
    g_size, p_size = Counter(gold), Counter(pred)
    n = len(gold)
    precision = sum(c * c / p_size[p] for (_, p), c in pair.items()) / n if n else 0.0
    recall = sum(c * c / g_size[g] for (g, _), c in pair.items()) / n if n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    same_both = sum(c * (c - 1) / 2 for c in pair.values())
    same_pred = sum(c * (c - 1) / 2 for c in p_size.values())
    same_gold = sum(c * (c - 1) / 2 for c in g_size.values())
    return {
        "bcubed_f1": f1,
        "bcubed_precision": precision,
        "bcubed_recall": recall,
        "pairwise_precision": same_both / same_pred if same_pred else 1.0,
        "pairwise_recall": same_both / same_gold if same_gold else 1.0,
    }


def _group(args) -> dict:
    # numpy/scipy/datasketch load only for the task that needs them (start-up cost).
    from .group import group_texts

    test = read_jsonl(args.test, ("text", "group"))
    texts = _texts(test, "text", args.test)
    started = time.perf_counter()
    predicted = group_texts(texts)
    elapsed = time.perf_counter() - started
    result = _bcubed_and_pairs([json.dumps(r["group"]) for r in test], predicted)
    result["per_second"] = round(len(texts) / elapsed, 1) if elapsed > 0 else None
    return result


def _parse_timestamp(value: str):
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return value


def _alert(args) -> dict:
    try:
        handle = open(args.series, encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"{args.series}: không mở được tệp ({exc.strerror}).") from exc
    detector = AlertDetector(sensitivity=args.sensitivity, weekday_aware=args.weekday_aware)
    alerts = []
    with handle:
        try:
            reader = csv.reader(handle)
            for row in reader:
                number = reader.line_num
                if not row or not "".join(row).strip():
                    continue
                if number == 1 and row[0].strip().lower() == "timestamp":
                    continue
                if len(row) != 2:
                    raise InputError(f"{args.series}, dòng {number}: cần 2 cột timestamp,value.")
                try:
                    value = float(row[1])
                except ValueError as exc:
                    raise InputError(f"{args.series}, dòng {number}: giá trị '{row[1]}' không phải số.") from exc
                if value < 0 or value != value:
                    raise InputError(f"{args.series}, dòng {number}: số đếm phải không âm.")
                stamp = row[0].strip()
                if detector.update(value, _parse_timestamp(stamp)) is not None:
                    alerts.append(stamp)
        except UnicodeDecodeError as exc:
            raise InputError(f"{args.series}: tệp không phải UTF-8 ({exc.reason}).") from exc
    return {"alerts": alerts}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="analysis_eval", description="Đánh giá các bước phân tích trên tệp dữ liệu.")
    parser.add_argument("--task", required=True, choices=["classify", "zero-shot", "locate", "group", "alert"])
    parser.add_argument("--train")
    parser.add_argument("--test")
    parser.add_argument("--labels")
    parser.add_argument("--series")
    parser.add_argument("--text-key", default="text")
    parser.add_argument("--label-key", default="label")
    parser.add_argument("--gazetteer", help="thư mục chứa communes.csv và former_units.csv")
    parser.add_argument("--sensitivity", default="normal", choices=["low", "normal", "high"])
    parser.add_argument("--weekday-aware", action="store_true")
    return parser


_NEEDS = {
    "classify": ("train", "test"),
    "zero-shot": ("labels", "test"),
    "locate": ("test",),
    "group": ("test",),
    "alert": ("series",),
}
_TASKS = {
    "classify": _classify,
    "zero-shot": _zero_shot,
    "locate": _locate,
    "group": _group,
    "alert": _alert,
}


def main(argv=None) -> int:
    """Run one evaluation; 0 on success, 2 on bad arguments or input (message on stderr)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    missing = [f"--{name}" for name in _NEEDS[args.task] if not getattr(args, name)]
    if missing:
        print(f"Lỗi: tác vụ {args.task} cần {', '.join(missing)}.", file=sys.stderr)
        return 2
    try:
        result = _TASKS[args.task](args)
    except InputError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    for key, value in result.items():
        if not isinstance(value, (dict, list)):
            print(f"{key}: {value}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
