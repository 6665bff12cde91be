"""Benchmark of the zero-shot field model (analysis/zeroshot.py) on real news (issue 7).

Issue 7: "Zero-shot fields, with no labelled data: macro-F1 >= 0.60 over eight or more fields on
real news; with 50 confirmed examples per field, >= 0.78." Real news here is VNTC (10 topics),
read from ../shared/data/vi-text/vntc/ (never copied into the project). The ten fields are
bench/vntc_fields.json, written beforehand (names, descriptions, keywords), not tuned on test.

Protocol: K test articles per topic (seeded), leaving out test articles that are exact copies of
a training article; each text is its first ~600 characters (title + lead; e5 reads 512 tokens at
most). Zero-shot: the fields alone. Few-shot: plus N training articles per field (seeded) given
to `add_examples`, as the platform does with confirmed labels (the library's default: a linear
model on the examples with the zero-shot prior; `fewshot*_blend_macro_f1` is the centroid blend
used before it, same examples). `--split dev` scores a sample of
the training file instead (disjoint from the examples): the split used to choose methods.

    python bench/zeroshot.py [--data ../shared/data/vi-text] [--per-class 100] [--examples 50]
                             [--seed 0] [--split test|dev]

Prints progress, then one JSON object on its last line (scores as fractions 0..1).
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.classify import score  # noqa: E402
from analysis.zeroshot import ZeroShotClassifier, default_encoder  # noqa: E402


def load_vntc(data: Path, split: str) -> list[tuple[str, str]]:
    with gzip.open(data / "vntc" / f"{split}_full.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [(row["text"], row["label"]) for row in map(json.loads, handle)]


def lead(text: str, chars: int) -> str:
    """Title + lead: the first `chars` characters, whitespace collapsed, cut at a word."""
    flat = " ".join(text.split())
    if len(flat) <= chars:
        return flat
    cut = flat[:chars]
    return cut[: cut.rfind(" ")] if " " in cut else cut


def by_label(rows) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for text, label in rows:
        out[label].append(text)
    return out


def draw(groups: dict[str, list[str]], k: int, rng: random.Random) -> dict[str, list[str]]:
    return {label: rng.sample(texts, min(k, len(texts))) for label, texts in sorted(groups.items())}


class CachedEncoder:
    """The default encoder, remembering what it encoded (the few-shot pass re-scores the same texts)."""

    def __init__(self):
        self.encoder = default_encoder()
        self.cache: dict[tuple[str, bool], np.ndarray] = {}

    def __call__(self, texts: list[str], is_query: bool) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if (t, is_query) not in self.cache))
        if missing:
            for text, row in zip(missing, self.encoder(missing, is_query), strict=True):
                self.cache[(text, is_query)] = row
        return np.vstack([self.cache[(t, is_query)] for t in texts])


def report(name: str, gold: list[str], predicted: list[str]) -> dict:
    result = score(gold, predicted)
    per_class = {k: round(v, 3) for k, v in result["per_class"].items()}
    print(f"{name}: accuracy {result['accuracy']:.4f}, macro-F1 {result['macro_f1']:.4f}", flush=True)
    print(f"  per class F1: {per_class}", flush=True)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "vi-text"))
    parser.add_argument("--fields", default=str(ROOT / "bench" / "vntc_fields.json"))
    parser.add_argument("--per-class", type=int, default=100, help="articles scored per topic")
    parser.add_argument("--examples", type=int, default=50, help="training examples per field (few-shot)")
    parser.add_argument("--chars", type=int, default=600, help="characters kept of each article")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--split", choices=["test", "dev"], default="test")
    args = parser.parse_args(argv)
    data = Path(args.data)
    fields = json.loads(Path(args.fields).read_text(encoding="utf-8"))
    rng = random.Random(args.seed)

    train = load_vntc(data, "train")
    examples = draw(by_label(train), args.examples, rng)
    if args.split == "test":
        seen = {text for text, _ in train}
        test = load_vntc(data, "test")
        kept = [(text, label) for text, label in test if text not in seen]
        print(f"VNTC test: {len(test):,} articles, {len(test) - len(kept):,} exact copies of train left out")
    else:
        taken = {t for texts in examples.values() for t in texts}
        kept = [(text, label) for text, label in train if text not in taken]
        print(f"dev: sampled from VNTC train ({len(kept):,} articles not among the examples)")
    sample = draw(by_label(kept), args.per_class, rng)
    gold = [label for label, texts in sample.items() for _ in texts]
    texts = [lead(t, args.chars) for label_texts in sample.values() for t in label_texts]
    print(f"{len(texts)} texts ({args.per_class} per topic), {len(fields)} fields, first {args.chars} characters")

    encoder = CachedEncoder()
    model = ZeroShotClassifier(fields, encoder=encoder)
    started, cpu = time.perf_counter(), time.process_time()
    predicted = model.predict(texts)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"zero-shot: {len(texts) / seconds:.1f} texts/s wall ({cpu / len(texts) * 1000:.0f} ms CPU per text)")
    zero = report("zero-shot", gold, predicted)

    for label, label_texts in examples.items():
        model.add_examples(label, [lead(t, args.chars) for t in label_texts])
    few = report(f"few-shot ({args.examples} examples per field)", gold, model.predict(texts))
    blend = copy.copy(model)  # the same examples, without the linear model: centroids blended in
    blend.head_min_examples = args.examples + 1
    blend.centre, blend._head = None, None
    blended = report("  of which the centroid blend alone", gold, blend.predict(texts))

    figures = {
        "split": args.split,
        "texts": len(texts),
        "zeroshot_fields": len(fields),
        "zeroshot_macro_f1": zero["macro_f1"],
        "zeroshot_accuracy": zero["accuracy"],
        f"fewshot{args.examples}_macro_f1": few["macro_f1"],
        f"fewshot{args.examples}_accuracy": few["accuracy"],
        f"fewshot{args.examples}_blend_macro_f1": blended["macro_f1"],
        "zeroshot_texts_per_second": round(len(texts) / seconds, 1),
        "zeroshot_per_class_f1": {k: round(v, 4) for k, v in zero["per_class"].items()},
        f"fewshot{args.examples}_per_class_f1": {k: round(v, 4) for k, v in few["per_class"].items()},
    }
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
