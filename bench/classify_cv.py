"""Paired cross-validation: the library's classifier against the measured baseline (issue 7).

The official test splits of ViCTSD (110 toxic comments) and VSFC are small: a macro-F1 on them
moves by ±0.04 between equally good models. This script compares, on the same folds of train +
dev/valid (the test splits are not read), `TextClassifier()` as the platform trains it (no dev
split given: k-fold choice, then fitted on all) with the baseline of vietnamese-nlp.md: sklearn
TF-IDF syllable 1–2-grams (min_df 2, max_df 0.9, sublinear) + LinearSVC C=0.5, balanced, on NFC
text. Prints each fold and, on its last line, one JSON object: per task the mean macro-F1 of both,
the mean paired difference and its standard error.

    python bench/classify_cv.py [--tasks toxicity,sentiment] [--folds 5] [--repeats 1]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.classify import TextClassifier  # noqa: E402

# bench/analysis.py shares its name with the analysis package: load its data readers by path.
_spec = importlib.util.spec_from_file_location("analysis_bench", ROOT / "bench" / "analysis.py")
_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench)
load_victsd, load_vsfc = _bench.load_victsd, _bench.load_vsfc


def baseline(train_texts, train_labels, test_texts):
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_df=0.9, sublinear_tf=True)
    model = LinearSVC(C=0.5, class_weight="balanced").fit(vectorizer.fit_transform(train_texts), train_labels)
    return model.predict(vectorizer.transform(test_texts))


def pooled(data: Path, task: str):
    if task == "toxicity":
        parts = [load_victsd(data, split, "Toxicity") for split in ("train", "valid")]
    elif task == "sentiment":
        parts = [load_vsfc(data, split, "sentiments") for split in ("train", "dev")]
    else:
        raise SystemExit(f"Nhiệm vụ không hỗ trợ: {task} (toxicity, sentiment).")
    texts = [unicodedata.normalize("NFC", t) for part in parts for t in part[0]]
    labels = np.array([str(y) for part in parts for y in part[1]])
    return texts, labels


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "vi-text"))
    parser.add_argument("--tasks", default="toxicity,sentiment")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args(argv)
    figures: dict = {}
    for task in [t.strip() for t in args.tasks.split(",") if t.strip()]:
        texts, labels = pooled(Path(args.data), task)
        ours, base = [], []
        for repeat in range(args.repeats):
            splitter = StratifiedKFold(args.folds, shuffle=True, random_state=repeat)
            for fold, (tr, te) in enumerate(splitter.split(np.zeros(len(labels)), labels)):
                train_texts, test_texts = [texts[i] for i in tr], [texts[i] for i in te]
                started = time.perf_counter()
                model = TextClassifier().fit(train_texts, labels[tr])
                seconds = time.perf_counter() - started
                ours.append(f1_score(labels[te], model.predict(test_texts), average="macro"))
                base.append(f1_score(labels[te], baseline(train_texts, labels[tr], test_texts), average="macro"))
                print(
                    f"{task} repeat {repeat} fold {fold}: library {ours[-1]:.4f}, baseline {base[-1]:.4f} "
                    f"(library trained in {seconds:.0f} s, {model.metadata['selection']})",
                    flush=True,
                )
        diff = np.array(ours) - np.array(base)
        figures[f"{task}_library_macro_f1"] = round(float(np.mean(ours)), 4)
        figures[f"{task}_baseline_macro_f1"] = round(float(np.mean(base)), 4)
        figures[f"{task}_difference"] = round(float(diff.mean()), 4)
        figures[f"{task}_difference_se"] = round(float(diff.std(ddof=1) / np.sqrt(len(diff))), 4)
        figures[f"{task}_folds"] = len(diff)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
