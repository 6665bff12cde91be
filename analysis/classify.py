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
from dataclasses import asdict
from datetime import UTC, datetime

import joblib
import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.svm import LinearSVC

from .features import FeatureConfig, Featurizer
from .normalise import normalise_tokens

__all__ = [
    "TextClassifier",
    "PRESETS",
    "score",
    "should_replace",
    "compare_models",
    "FILE_FORMAT",
]

FILE_FORMAT = 1
_HALVINGS = 5  # random halvings of the development split that judge tuned offsets
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


def _class_weight(spec, y) -> dict | str | None:
    """None, "balanced", or a number a in (0, 1]: partial balancing, weight (n / (k n_c)) ** a.

    Why: full balancing over-corrects a rare class (many false alarms); a = 0.5 .. 0.75 often
    gives a better macro-F1 on the development split.
    """
    if spec is None or isinstance(spec, str):
        return spec
    labels, counts = np.unique(y, return_counts=True)
    return {
        label: float((len(y) / (len(labels) * count)) ** float(spec))
        for label, count in zip(labels.tolist(), counts.tolist(), strict=True)
    }


def _make_model(kind: str, c: float, class_weight, y=None):
    kind = kind.removeprefix("nb")
    class_weight = _class_weight(class_weight, y)
    if kind == "svm":
        return LinearSVC(C=c, class_weight=class_weight)
    if kind == "lr":
        # liblinear (one-vs-rest, dual) is several times faster than lbfgs on sparse n-grams
        return LogisticRegression(C=c, class_weight=class_weight, solver="liblinear", dual=True, max_iter=500)
    raise ValueError(f"unknown model kind {kind!r}")


def _scores(coef: np.ndarray, intercept: np.ndarray, x) -> np.ndarray:
    s = np.asarray(x @ coef) + intercept
    if s.shape[1] == 1:  # binary: one column for the positive class
        s = np.hstack([-s / 2, s / 2])
    return s


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _macro_f1(y_idx: np.ndarray, pred: np.ndarray, k: int) -> float:
    """Macro-F1 over the classes present in y_idx (fast: the offset search calls it often)."""
    tp = np.bincount(y_idx[pred == y_idx], minlength=k)
    true = np.bincount(y_idx, minlength=k)
    predicted = np.bincount(pred, minlength=k)
    denom = true + predicted
    f1 = np.divide(2 * tp, denom, out=np.zeros(k), where=denom > 0)
    return float(f1[true > 0].mean())


def score(y_true, y_pred) -> dict:
    """Accuracy, macro-F1 and per-class F1 as fractions, the shape analysis_eval prints."""
    y_true, y_pred = [str(y) for y in y_true], [str(y) for y in y_pred]
    labels = sorted(set(y_true) | set(y_pred))
    per_class = f1_score(y_true, y_pred, labels=labels, average=None, zero_division=0)
    present = sorted(set(y_true))
    return {
        "accuracy": float(accuracy_score(y_true, y_pred)) if y_true else 0.0,
        "macro_f1": float(f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0))
        if y_true
        else 0.0,
        "per_class": {lab: float(f) for lab, f in zip(labels, per_class, strict=True)},
        "n": len(y_true),
    }


def should_replace(current: dict | None, candidate: dict, *, metric: str = "macro_f1", min_gain: float = 0.0) -> bool:
    """Whether a candidate model may replace the current one, given scores on the same held-out set.

    A model only ever replaces a better one by mistake if the two were scored on different data,
    so differing sizes refuse the swap; ties keep the current model.
    """
    if current is None:
        return True
    if "n" in current and "n" in candidate and current["n"] != candidate["n"]:
        return False
    return candidate[metric] > current[metric] + min_gain


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


class TextClassifier:
    """Fit on (texts, labels); predict labels with calibrated probabilities; save and load."""

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
        self.classes_: np.ndarray | None = None
        self.featurizers: list[Featurizer] = []
        # (coef, intercept, scale, featurizer index) per ensemble member
        self.weights: list[tuple[np.ndarray, np.ndarray, float, int]] = []
        self.offsets: np.ndarray | None = None
        self.temperature = 1.0
        self.metadata: dict = {}
        self._fit_cache: dict = {}

    @property
    def version(self) -> str:
        return self.metadata.get("version", "")

    # ------------------------------------------------------------------ training
    def _choose_preset(self, texts: list[str]) -> str:
        if self.preset != "auto":
            return self.preset
        mean_len = np.mean([len(t or "") for t in texts[:2000]]) if texts else 0
        return "long" if mean_len > 1000 else "short"

    def _fit_members(self, xs, y, members):
        """members: (featurizer index, (kind, C, class_weight)) -> (coef, intercept, 1, index)."""
        fitted = []
        for fidx, (kind, c, cw) in members:
            x = xs[fidx]
            if kind.startswith("nb"):
                fitted.append((*self._fit_nb(x, y, kind, c, cw)[:2], 1.0, fidx))
                continue
            if kind == "lr" and len(self.classes_) > 2:
                # one-vs-rest by hand: sklearn's liblinear only fits binary problems
                columns = [
                    _make_model(kind, c, cw, (y == label).astype(int)).fit(x, (y == label).astype(int))
                    for label in self.classes_
                ]
                coef = np.hstack([m.coef_.T for m in columns])
                intercept = np.concatenate([m.intercept_ for m in columns])
            else:
                model = _make_model(kind, c, cw, y).fit(x, y)
                coef, intercept = model.coef_.T, model.intercept_
            coef = np.ascontiguousarray(coef, dtype=np.float32)
            fitted.append((coef, intercept.astype(np.float32), 1.0, fidx))
        return fitted

    def _fit_nb(self, x, y, kind, c, cw):
        """NB-SVM / NB-LR (Wang & Manning 2012), one-vs-rest: features scaled by their log-count
        ratio, so rare but telling words weigh more. The scaling folds into the coefficients,
        so the result is still one linear model over the same features."""
        positives = self.classes_ if len(self.classes_) > 2 else self.classes_[1:]
        columns, intercepts = [], []
        for label in positives:
            target = (y == label).astype(int)
            p = np.asarray(x[target == 1].sum(axis=0)).ravel() + 1.0
            q = np.asarray(x[target == 0].sum(axis=0)).ravel() + 1.0
            r = np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)
            model = _make_model(kind, c, cw, target).fit(x.multiply(r).tocsr(), target)
            columns.append(model.coef_.ravel() * r)
            intercepts.append(model.intercept_[0])
        return (
            np.ascontiguousarray(np.vstack(columns).T, dtype=np.float32),
            np.array(intercepts, dtype=np.float32),
            1.0,
        )

    def _combined(self, xs, weights=None) -> np.ndarray:
        weights = self.weights if weights is None else weights
        total = None
        for coef, intercept, scale, fidx in weights:
            s = _scores(coef, intercept, xs[fidx]) / scale
            total = s if total is None else total + s
        return total / len(weights)

    def _candidates(self, preset: str) -> list[list]:
        if self._features is not None or self._models is not None:
            first = PRESETS[preset]["candidates"][0]
            config = self._features or first[0][0]
            specs = self._models or [spec for _, spec in first]
            return [[(config, spec) for spec in specs]]
        return PRESETS[preset]["candidates"]

    @staticmethod
    def _hash_all(featurizers, texts) -> list:
        tokens = [normalise_tokens(t) for t in texts]  # shared by every feature block
        return [f.hash(texts, tokens=tokens) for f in featurizers]

    def _block(self, config, tr_texts, dv_texts) -> dict:
        """One feature block fitted on the training part, shared by the candidates that use it
        (each text is normalised once and each block hashed once per fit)."""
        cache = self._fit_cache
        if config not in cache:
            if "tokens_tr" not in cache:
                cache["tokens_tr"] = [normalise_tokens(t) for t in tr_texts]
                cache["tokens_dv"] = [normalise_tokens(t) for t in dv_texts]
            featurizer = Featurizer(config)
            hashed_tr = featurizer.hash(tr_texts, tokens=cache["tokens_tr"])
            x_tr = featurizer.fit(hashed_tr).transform_hashed(hashed_tr)
            block = {"featurizer": featurizer, "hashed_tr": hashed_tr, "x_tr": x_tr}
            if dv_texts:
                block["hashed_dv"] = featurizer.hash(dv_texts, tokens=cache["tokens_dv"])
                block["x_dv"] = featurizer.transform_hashed(block["hashed_dv"])
            cache[config] = block
        return cache[config]

    def _judge(self, s, y_idx) -> tuple[float, np.ndarray]:
        """(held-out value, offsets) of held-out scores `s` with true classes `y_idx`.

        Offsets are kept only if, tuned on one half of the held-out rows, they help on the other
        half: with balanced class weights they often just fit the noise. Five random halvings:
        one halving of a small split is too noisy to choose on.
        """
        offsets = np.zeros(len(self.classes_))
        value = self._objective(y_idx, np.argmax(s, axis=1))
        if not self.tune_offsets or len(y_idx) < 4:
            return value, offsets
        crossed, raw = [], []
        rng = np.random.default_rng(self.seed)
        for _ in range(_HALVINGS):
            half = rng.permutation(len(y_idx)) < len(y_idx) // 2
            for part in (half, ~half):
                trial = self._tune_offsets(s[part], y_idx[part])
                held_out = s[~part]
                crossed.append(self._objective(y_idx[~part], np.argmax(held_out + trial, axis=1)))
                raw.append(self._objective(y_idx[~part], np.argmax(held_out, axis=1)))
        if np.mean(crossed) > np.mean(raw) + 0.002:
            offsets = self._tune_offsets(s, y_idx)
            value = float(np.mean(crossed))  # held-out estimate, like the raw value
        return value, offsets

    def _try(self, candidate, tr_texts, tr_y, dv_texts, dv_y) -> dict:
        """Fit one candidate on the training part and tune it on the development part."""
        configs = list(dict.fromkeys(config for config, _ in candidate))
        members = [(configs.index(config), spec) for config, spec in candidate]
        blocks = [self._block(config, tr_texts, dv_texts) for config in configs]
        featurizers = [b["featurizer"] for b in blocks]
        hashed_tr = [b["hashed_tr"] for b in blocks]
        xs_tr = [b["x_tr"] for b in blocks]
        weights = self._fit_members(xs_tr, tr_y, members)
        state = {
            "candidate": candidate,
            "members": members,
            "featurizers": featurizers,
            "hashed_tr": hashed_tr,
            "weights": weights,
            "value": 0.0,
            "offsets": np.zeros(len(self.classes_)),
            "temperature": 1.0,
            "report": None,
        }
        if not dv_texts:
            return state
        hashed_dv = [b["hashed_dv"] for b in blocks]
        xs_dv = [b["x_dv"] for b in blocks]
        weights = [(c, b, float(np.std(_scores(c, b, xs_dv[i]))) or 1.0, i) for c, b, _, i in weights]
        s_dv = self._combined(xs_dv, weights)
        known = np.isin(dv_y, self.classes_)
        y_idx = np.searchsorted(self.classes_, dv_y)[known]
        value, offsets = self._judge(s_dv[known], y_idx)
        pred = np.argmax(s_dv + offsets, axis=1)
        state.update(
            weights=weights,
            hashed_dv=hashed_dv,
            offsets=offsets,
            temperature=self._fit_temperature(s_dv[known] + offsets, y_idx),
            value=value,
            report=score(dv_y, self.classes_[pred]),
        )
        return state

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
        them, on a stratified split of the data (then refit on everything when it is small)."""
        started = time.perf_counter()
        texts = [t or "" for t in texts]
        labels = np.array([str(y) for y in labels])
        if len(set(labels)) < 2:
            raise ValueError("Cần ít nhất hai nhãn khác nhau để huấn luyện.")
        preset = self._choose_preset(texts)
        self.classes_ = np.array(sorted(set(labels)))
        if dev_texts is not None:
            tr_texts, tr_y = texts, labels
            dv_texts, dv_y = [t or "" for t in dev_texts], np.array([str(y) for y in dev_labels])
        else:
            tr_texts, tr_y, dv_texts, dv_y = self._split(texts, labels)
        candidates = self._candidates(preset)
        folds = self._n_folds(dev_texts is not None, labels, candidates)
        if folds:
            return self._fit_cv(texts, labels, candidates, folds, preset, started, version, name)
        if not dv_texts:
            candidates = candidates[:1]
        best = None
        tried, states = [], []
        self._fit_cache = {}
        try:
            for candidate in candidates:
                state = self._try(candidate, tr_texts, tr_y, dv_texts, dv_y)
                tried.append(self._tried(candidate, state["value"], state["offsets"]))
                if best is None or state["value"] > best["value"] + 1e-9:
                    best = state
                states.append(state)
            if self.ensemble_top > 1 and len(states) > 2 and dv_texts:
                # The best few are often within noise of each other on dev: their average is
                # tried too (z-scaled scores), and kept only if it does better on dev.
                top = sorted(states, key=lambda st: -st["value"])[: self.ensemble_top]
                combined = list(dict.fromkeys(m for st in top for m in st["candidate"]))
                state = self._try(combined, tr_texts, tr_y, dv_texts, dv_y)
                tried.append(self._tried(combined, state["value"], state["offsets"]))
                if state["value"] > best["value"] + 1e-9:
                    best = state
        finally:
            self._fit_cache = {}
        self.featurizers, self.weights = best["featurizers"], best["weights"]
        self.offsets, self.temperature = best["offsets"], best["temperature"]
        # "auto": refit on the held-out split too when the set is small (training time). Given
        # `dev_*`, refit only when asked (refit=True): the caller may keep them to compare models.
        refit = self.refit if self.refit != "auto" else len(texts) < 20000
        refitted_on = 0
        # Offsets were tuned for the model fitted without the development split; with a given
        # split they are kept only by the model they were tuned for (a dev check: refitting then
        # lost 0.4 macro-F1 points on VSFC, while without offsets it gained 0.6-0.9).
        tuned = best["offsets"] is not None and bool(np.any(best["offsets"]))
        if dev_texts is not None and tuned:
            refit = False
        if dv_texts and refit and (dev_texts is None or self.refit is True):
            import scipy.sparse as sp

            xs_all = []
            for f, h_tr, h_dv in zip(self.featurizers, best["hashed_tr"], best["hashed_dv"], strict=True):
                hashed_all = sp.vstack([h_tr, h_dv], format="csr")
                xs_all.append(f.fit(hashed_all).transform_hashed(hashed_all))
            refitted = self._fit_members(xs_all, np.concatenate([tr_y, dv_y]), best["members"])
            refitted_on = len(tr_y) + len(dv_y)
            # keep the development scales so offsets and temperature still apply
            self.weights = [
                (c, b, scale, i) for (c, b, _, i), (_, _, scale, _) in zip(refitted, self.weights, strict=True)
            ]
        self._describe(
            name,
            version,
            preset,
            best["candidate"],
            started,
            n_train=refitted_on or len(tr_y),
            refit=bool(refitted_on),
            selection="dev" if dev_texts is not None else ("split" if dv_texts else "none"),
            dev_scores=best["report"],
            tried=tried,  # each configuration tried and its held-out dev estimate
        )
        return self

    def _n_folds(self, dev_given: bool, labels, candidates) -> int:
        """How many folds choose the configuration, offsets and temperature (0: one split).

        Why: without a given development split, one held-out part of 15 % is small and noisy
        (on ViCTSD toxicity the chosen model lost to a plain baseline in paired 10-fold CV), and
        the rows it holds out are lost to training whenever offsets are kept. Out-of-fold scores
        use every row once for judging and the final model is fitted on all of them.
        """
        if dev_given or not self.folds:
            return 0
        if self.folds == "auto":
            if len(labels) >= 20000 or (len(candidates) < 2 and not self.tune_offsets):
                return 0  # large sets: one split is reliable enough, and k fits cost k times
            k = 5
        else:
            k = int(self.folds)
        k = min(k, int(np.unique(labels, return_counts=True)[1].min()))
        return k if k >= 2 and len(labels) >= 40 else 0

    def _fit_cv(self, texts, labels, candidates, k, preset, started, version, name) -> TextClassifier:
        """Choose among the candidates on out-of-fold scores, then fit the best on everything.

        Each distinct member (feature block, model) is fitted once per fold; a candidate's
        out-of-fold scores are the average of its members' z-scaled scores, as at prediction.
        """
        y_idx = np.searchsorted(self.classes_, labels)
        members = list(dict.fromkeys(m for candidate in candidates for m in candidate))
        configs = list(dict.fromkeys(config for config, _ in members))
        tokens = [normalise_tokens(t) for t in texts]  # shared by every feature block
        hashed = [Featurizer(config).hash(texts, tokens=tokens) for config in configs]
        oof = {m: np.zeros((len(texts), len(self.classes_))) for m in members}
        spreads: dict = {m: [] for m in members}
        specs = [(configs.index(config), spec) for config, spec in members]
        splitter = StratifiedKFold(k, shuffle=True, random_state=self.seed)
        for tr, dv in splitter.split(np.zeros(len(texts)), y_idx):
            xs_tr, xs_dv = [], []
            for config, h in zip(configs, hashed, strict=True):
                featurizer = Featurizer(config).fit(h[tr])
                xs_tr.append(featurizer.transform_hashed(h[tr]))
                xs_dv.append(featurizer.transform_hashed(h[dv]))
            fitted = self._fit_members(xs_tr, labels[tr], specs)
            for member, (coef, intercept, _, fidx) in zip(members, fitted, strict=True):
                s = _scores(coef, intercept, xs_dv[fidx])
                spread = float(np.std(s)) or 1.0
                oof[member][dv] = s / spread
                spreads[member].append(spread)

        def judged(candidate):
            s = np.mean([oof[m] for m in candidate], axis=0)
            value, offsets = self._judge(s, y_idx)
            tried.append(self._tried(candidate, value, offsets))
            return {"candidate": candidate, "scores": s, "value": value, "offsets": offsets}

        tried: list = []
        results = [judged(candidate) for candidate in candidates]
        best = results[0]
        for result in results[1:]:
            if result["value"] > best["value"] + 1e-9:  # ties keep the earlier one
                best = result
        if self.ensemble_top > 1 and len(results) > 2:
            top = sorted(results, key=lambda r: -r["value"])[: self.ensemble_top]
            combined = judged(list(dict.fromkeys(m for r in top for m in r["candidate"])))
            if combined["value"] > best["value"] + 1e-9:
                best = combined

        candidate = best["candidate"]
        used = list(dict.fromkeys(config for config, _ in candidate))
        self.featurizers, xs = [], []
        for config in used:
            h = hashed[configs.index(config)]
            featurizer = Featurizer(config).fit(h)
            self.featurizers.append(featurizer)
            xs.append(featurizer.transform_hashed(h))
        fitted = self._fit_members(xs, labels, [(used.index(config), spec) for config, spec in candidate])
        # each member keeps the mean spread of its held-out scores: offsets and temperature,
        # tuned on out-of-fold scores, then apply to the final model's scores
        self.weights = [
            (coef, intercept, float(np.mean(spreads[m])), fidx)
            for m, (coef, intercept, _, fidx) in zip(candidate, fitted, strict=True)
        ]
        self.offsets = best["offsets"]
        self.temperature = self._fit_temperature(best["scores"] + self.offsets, y_idx)
        pred = np.argmax(best["scores"] + self.offsets, axis=1)
        self._describe(
            name,
            version,
            preset,
            candidate,
            started,
            n_train=len(labels),
            refit=True,
            selection=f"{k}-fold",
            dev_scores=score(labels, self.classes_[pred]),  # out-of-fold, with the offsets
            tried=tried,  # each configuration tried and its out-of-fold estimate
        )
        return self

    def _describe(self, name, version, preset, candidate, started, **facts) -> None:
        """metadata: what was fitted, how it was chosen, its held-out scores."""
        self.metadata = {
            "format": FILE_FORMAT,
            "name": name,
            "version": version or f"{name}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}",
            "created_at": datetime.now(UTC).isoformat(),
            "preset": preset,
            "members": [[asdict(config), list(spec)] for config, spec in candidate],
            "classes": self.classes_.tolist(),
            "n_train": facts["n_train"],
            "refit": facts["refit"],
            "selection": facts["selection"],
            "n_features": sum(f.n_features for f in self.featurizers),
            "dev_scores": facts["dev_scores"],
            "candidates": facts["tried"],
            "temperature": self.temperature,
            "train_seconds": round(time.perf_counter() - started, 3),
        }

    @staticmethod
    def _tried(candidate, value, offsets) -> dict:
        return {
            "members": [[asdict(c), list(spec)] for c, spec in candidate],
            "dev_value": round(float(value), 4),
            "offsets": bool(np.any(offsets)),
        }

    def _split(self, texts, labels):
        n = len(texts)
        counts = {lab: int((labels == lab).sum()) for lab in self.classes_}
        if n < 40 or self.dev_fraction <= 0 or min(counts.values()) < 2:
            return texts, labels, [], np.array([], dtype=labels.dtype)
        # Past ~3,000 held-out texts the offsets and temperature gain nothing; keep the rest for
        # training, which matters when large sets are not refitted.
        size = min(self.dev_fraction, max(3000 / n, len(counts) / n))
        idx_tr, idx_dv = train_test_split(np.arange(n), test_size=size, random_state=self.seed, stratify=labels)
        return (
            [texts[i] for i in idx_tr],
            labels[idx_tr],
            [texts[i] for i in idx_dv],
            labels[idx_dv],
        )

    def _objective(self, y_idx, pred) -> float:
        if self.objective == "accuracy":
            return float(np.mean(pred == y_idx))
        return _macro_f1(y_idx, pred, self.classes_.size)

    def _tune_offsets(self, s, y_idx) -> np.ndarray:
        """Coordinate ascent on per-class additive offsets; why: rare classes need a push."""
        offsets = np.zeros(s.shape[1])
        best = self._objective(y_idx, np.argmax(s, axis=1))
        grid = np.linspace(-1.0, 1.0, 41) * float(np.std(s))
        for _ in range(2):
            for k in range(s.shape[1]):
                for delta in grid:
                    trial = offsets.copy()
                    trial[k] = delta
                    value = self._objective(y_idx, np.argmax(s + trial, axis=1))
                    if value > best + 1e-9:
                        best, offsets = value, trial
        return offsets

    @staticmethod
    def _fit_temperature(s, y_idx) -> float:
        def nll(log_t):
            p = _softmax(np.exp(log_t) * s)
            return -np.mean(np.log(p[np.arange(len(y_idx)), y_idx] + 1e-12))

        result = minimize_scalar(nll, bounds=(-5, 5), method="bounded")
        return float(np.exp(result.x))

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
