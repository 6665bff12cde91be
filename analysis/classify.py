"""Trainable text classifier (field, kind, sentiment, urgency, toxicity) with calibrated scores.

Why this design: on Vietnamese text a linear model over TF-IDF syllable n-grams is as good as
anything that runs on a CPU at thousands of texts per second (calibration.md, Q1). We add what
measurably helped there: 1-3-grams, char n-grams and an accent-free block for short messages, an
ensemble of a hinge and a logistic model, and per-class offsets tuned on a development split
(never on the test set). A softmax with a temperature fitted on that split turns the scores into
probabilities, so that "70 % sure" is right about 70 % of the time and the queue can put the least
certain first. The saved file holds only numpy arrays and plain metadata.
"""

from __future__ import annotations

import time

import joblib
import numpy as np

from .features import FeatureConfig, Featurizer, hash_blocks
from .linear import scores as _scores
from .linear import softmax as _softmax
from .normalise import normalise_tokens
from .scores import score, should_replace
from .selection import FILE_FORMAT, LARGE, Selection

__all__ = [
    "TextClassifier",
    "PRESETS",
    "score",
    "should_replace",
    "compare_models",
    "FILE_FORMAT",
]

_FEW = 4  # up to this many texts are scored one by one, without sparse matrices

# Feature blocks and ensemble members per preset. "short" is for messages, comments and posts;
# "long" for news articles, where char n-grams cost much and bring nothing.
# Each candidate is a list of members (feature blocks, model); members' scores are z-scaled and
# averaged. Candidates are tried in order on the development split and the best is kept.
_W13C15NA = FeatureConfig(word_max_n=3, char_min_n=1, char_max_n=5, no_accent_max_n=2)
_W13C25NA = FeatureConfig(word_max_n=3, char_min_n=2, char_max_n=5, no_accent_max_n=2)
_W13C15 = FeatureConfig(word_max_n=3, char_min_n=1, char_max_n=5, no_accent_max_n=0)
_W12 = FeatureConfig(word_max_n=2, char_min_n=0, no_accent_max_n=0)
_W13 = FeatureConfig(word_max_n=3, char_min_n=0, no_accent_max_n=0)
_LONG = FeatureConfig(word_max_n=2, char_min_n=0, no_accent_max_n=0, hash_bits=23, min_df=2, max_df=0.5)
PRESETS: dict[str, dict] = {
    "short": {
        # In this order (ties keep the earlier one). The first three were the best on the official
        # dev splits of VSFC sentiment and ViCTSD toxicity (docs/analysis.md): NB-weighted members
        # with partial class weights (0.5) and a logistic regression, then offsets tuned on dev.
        "candidates": [
            [(_W13C15NA, ("nblr", 4.0, 0.5))],
            [(_W13C15, ("nbsvm", 0.3, 0.5))],
            [(_W13C15NA, ("lr", 4.0, "balanced"))],
            [(_W13C15NA, ("svm", 0.3, "balanced")), (_W13C15NA, ("lr", 16.0, "balanced"))],
            [(_W13C15NA, ("svm", 1.0, "balanced"))],
            # the best ensemble of calibration.md (VSFC sentiment)
            [(_W13C25NA, ("svm", 1.0, "balanced")), (_W13C15, ("nblr", 1.0, "balanced"))],
            [(_W12, ("svm", 0.5, "balanced"))],  # the measured baseline
            # syllable 1-3-grams alone: the best on ViCTSD toxicity in 10-fold CV over train + dev
            [(_W13, ("svm", 0.5, "balanced"))],
        ],
    },
    "long": {"candidates": [[(_LONG, ("svm", 0.5, None))]]},
}


def compare_models(
    current: TextClassifier | None,
    candidate: TextClassifier,
    texts,
    labels,
    *,
    metric: str = "macro_f1",
    min_gain: float = 0.0,
):
    """Score both models on the same held-out confirmed labels -> (current, candidate, replace)."""
    cand = score(labels, candidate.predict(texts))
    cur = score(labels, current.predict(texts)) if current is not None else None
    return cur, cand, should_replace(cur, cand, metric=metric, min_gain=min_gain)


class TextClassifier(Selection):
    """Fit on (texts, labels); predict labels with calibrated probabilities; save and load.

    select_on: above this many texts the configuration is chosen on a stratified subsample of
    this size and only its `shortlist` best are fitted on the whole set, a held-out split of it
    deciding (None: always the full selection). max_nnz: on such large sets, only candidates
    whose features store at most this many values for the whole set are tried (memory: about
    40 bytes each while fitting).
    """

    def __init__(
        self,
        preset: str = "auto",
        *,
        objective: str = "macro_f1",
        tune_offsets: bool = True,
        dev_fraction: float = 0.15,
        refit: str | bool = "auto",
        seed: int = 0,
        features: FeatureConfig | None = None,
        models: list | None = None,
        ensemble_top: int = 3,
        folds: int | str = "auto",
        select_on: int | None = LARGE,
        shortlist: int = 2,
        max_nnz: int = 20_000_000,
    ):
        self.preset = preset
        self.objective = objective
        self.tune_offsets = tune_offsets
        self.dev_fraction = dev_fraction
        self.refit = refit
        self.seed = seed
        self._features = features
        self._models = models
        self.ensemble_top = ensemble_top
        self.folds = folds
        self.select_on = select_on
        self.shortlist = shortlist
        self.max_nnz = max_nnz
        self.classes_: np.ndarray | None = None
        self.featurizers: list[Featurizer] = []
        # (coef, intercept, scale, featurizer index) per ensemble member
        self.weights: list[tuple[np.ndarray, np.ndarray, float, int]] = []
        self.offsets: np.ndarray | None = None
        self.temperature = 1.0
        self.metadata: dict = {}
        self._fit_cache: dict = {}
        self._only: list | None = None  # candidates imposed by the large-set path
        self._chosen: list | None = None
        self._may_refit = False

    @property
    def version(self) -> str:
        return self.metadata.get("version", "")

    # ------------------------------------------------------------------ training
    def _choose_preset(self, texts: list[str]) -> str:
        if self.preset != "auto":
            return self.preset
        mean_len = np.mean([len(t or "") for t in texts[:2000]]) if texts else 0
        return "long" if mean_len > 1000 else "short"

    def _candidates(self, preset: str) -> list[list]:
        if self._only is not None:
            return self._only
        if self._features is not None or self._models is not None:
            first = PRESETS[preset]["candidates"][0]
            config = self._features or first[0][0]
            specs = self._models or [spec for _, spec in first]
            return [[(config, spec) for spec in specs]]
        return PRESETS[preset]["candidates"]

    def fit(
        self,
        texts,
        labels,
        dev_texts=None,
        dev_labels=None,
        *,
        version: str | None = None,
        name: str = "model",
    ) -> TextClassifier:
        """Train; pick the configuration and tune offsets and temperature on `dev_*` or, without
        them, on out-of-fold scores or a stratified split of the data (selection.py says which)."""
        started = time.perf_counter()
        texts = [t or "" for t in texts]
        labels = np.array([str(y) for y in labels])
        if len(set(labels)) < 2:
            raise ValueError("Cần ít nhất hai nhãn khác nhau để huấn luyện.")
        preset = self._choose_preset(texts)
        context = {"preset": preset, "started": started, "version": version, "name": name}
        self.classes_ = np.array(sorted(set(labels)))
        candidates = self._candidates(preset)
        if dev_texts is None and self._only is None and self.select_on and len(texts) > self.select_on:
            return self._fit_large(texts, labels, candidates, context)
        folds = self._n_folds(dev_texts is not None, labels, candidates)
        if folds:
            return self._fit_cv(texts, labels, candidates, folds, context)
        return self._fit_split(texts, labels, dev_texts, dev_labels, candidates, context)

    def _combined(self, xs, weights=None) -> np.ndarray:
        weights = self.weights if weights is None else weights
        total = None
        for coef, intercept, scale, fidx in weights:
            s = _scores(coef, intercept, xs[fidx]) / scale
            total = s if total is None else total + s
        return total / len(weights)

    @staticmethod
    def _hash_all(featurizers, texts) -> list:
        return hash_blocks(featurizers, texts)  # each text normalised once for every block

    # ------------------------------------------------------------------ prediction
    def decision_scores(self, texts) -> np.ndarray:
        if len(texts) <= _FEW:
            # one signal at a time (the task worker): no sparse matrices, one normalisation
            rows = [self._scores_one(t or "") for t in texts]
            return np.vstack(rows) if rows else np.zeros((0, len(self.classes_)))
        xs = [
            f.transform_hashed(h)
            for f, h in zip(self.featurizers, self._hash_all(self.featurizers, texts), strict=True)
        ]
        return self._combined(xs) + self.offsets

    def _merged(self) -> tuple[list[tuple[np.ndarray, float]], np.ndarray]:
        """The ensemble folded into one linear map per feature block (members are linear, so
        their scaled average is too): one gather per block instead of one per member. A block
        with one member keeps its coefficients as they are (no copy of a large model)."""
        key = (id(self.weights), len(self.weights), id(self.offsets))
        if getattr(self, "_merged_key", None) != key:
            k, n = len(self.classes_), len(self.weights)
            users: dict[int, list] = {}
            bias = np.asarray(self.offsets, dtype=np.float64).copy()
            for coef, intercept, scale, fidx in self.weights:
                intercept = np.asarray(intercept, dtype=np.float64)
                if coef.shape[1] == 1 and k == 2:  # binary: one column for the positive class
                    intercept = np.concatenate([-intercept / 2, intercept / 2])
                bias += intercept / (scale * n)
                users.setdefault(fidx, []).append((coef, scale))
            blocks = []
            for fidx in range(len(self.featurizers)):
                members = users.get(fidx, [])
                if len(members) == 1:
                    coef, scale = members[0]
                    blocks.append((coef, 1.0 / (scale * n)))
                    continue
                merged = np.zeros((self.featurizers[fidx].n_features, k), dtype=np.float32)
                for coef, scale in members:
                    if coef.shape[1] == 1 and k == 2:
                        coef = np.hstack([-coef / 2, coef / 2])
                    merged += coef / np.float32(scale * n)
                blocks.append((merged, 1.0))
            self._merged_value = (blocks, bias)
            self._merged_key = key
        return self._merged_value

    def _scores_one(self, text: str) -> np.ndarray:
        tokens = normalise_tokens(text)
        blocks, bias = self._merged()
        total = bias.copy()
        for f, (matrix, factor) in zip(self.featurizers, blocks, strict=True):
            cols, values = f.vector_one(tokens)
            s = (values @ matrix[cols]) * factor
            if s.shape[0] == 1 and total.shape[0] == 2:
                s = np.array([-s[0] / 2, s[0] / 2])
            total += s
        return total

    def predict_proba(self, texts) -> np.ndarray:
        """Calibrated probabilities, columns in the order of `classes_`."""
        return _softmax(self.temperature * self.decision_scores(texts))

    def predict(self, texts) -> list[str]:
        return self.classes_[np.argmax(self.decision_scores(texts), axis=1)].tolist()

    def predict_with_confidence(self, texts) -> list[tuple[str, float]]:
        """(label, probability) per text, what the queue stores next to the model version."""
        p = self.predict_proba(texts)
        best = np.argmax(p, axis=1)
        return [(self.classes_[i], float(p[r, i])) for r, i in enumerate(best)]

    # ------------------------------------------------------------------ persistence
    def save(self, path) -> None:
        """Write a versioned file of numpy arrays and plain data (no pickled estimators)."""
        joblib.dump(
            {
                "format": FILE_FORMAT,
                "metadata": self.metadata,
                "classes": self.classes_.tolist(),
                "featurizers": [f.state() for f in self.featurizers],
                "weights": self.weights,
                "offsets": self.offsets,
                "temperature": self.temperature,
            },
            path,
            compress=3,
        )

    @classmethod
    def load(cls, path) -> TextClassifier:
        data = joblib.load(path)
        if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
            raise ValueError(f"{path}: không phải tệp mô hình định dạng {FILE_FORMAT}.")
        self = cls(preset=data["metadata"].get("preset", "auto"))
        self.metadata = data["metadata"]
        self.classes_ = np.array(data["classes"])
        self.featurizers = [Featurizer.from_state(state) for state in data["featurizers"]]
        self.weights = data["weights"]
        self.offsets = data["offsets"]
        self.temperature = data["temperature"]
        return self
