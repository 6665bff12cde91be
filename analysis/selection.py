"""How a TextClassifier is trained: choosing a configuration, tuning offsets and temperature.

Three paths, by size (`TextClassifier.fit` dispatches):
- small sets without a development split: out-of-fold scores of k stratified folds (`_fit_cv`);
- a given development split, or sets of LARGE texts or more: one held-out split (`_fit_split`);
- sets above `select_on` texts (`_fit_large`): the configuration is chosen on a stratified
  subsample of `select_on` texts, among the candidates whose features fit a memory budget
  (`max_nnz` stored feature values for the whole set), and only the chosen one is fitted on
  the whole set, with offsets and temperature tuned on a held-out split of it.
"""

from __future__ import annotations

import time
from dataclasses import asdict, replace
from datetime import UTC, datetime

import numpy as np
import scipy.sparse as sp
from sklearn.model_selection import StratifiedKFold, train_test_split

from .features import Featurizer, hash_blocks
from .linear import fit_members, fit_temperature, macro_f1, scores
from .normalise import normalise_tokens
from .scores import score

__all__ = ["Selection", "LARGE", "FILE_FORMAT"]

FILE_FORMAT = 1
LARGE = 20000  # from this size on: one held-out split, no refit (k fits would cost k times)
_HALVINGS = 5  # random halvings of the development split that judge tuned offsets
_SAMPLE = 2000  # texts hashed to estimate each feature block's size per text


class Selection:
    """The training half of TextClassifier (which sets the attributes used here)."""

    def _fit_members(self, xs, y, members):
        return fit_members(xs, y, self.classes_, members)

    # ------------------------------------------------------------------ large sets
    def _eligible(self, texts, candidates) -> list:
        """Candidates whose feature blocks, hashed for every text, stay within `max_nnz` values.

        Why: on 100,000 news leads, char n-grams store 675 values a text (7 GB while hashing),
        syllable 1-3-grams 137; the linear solvers copy the matrix twice more. When none fits,
        the smallest candidate is kept.
        """
        rng = np.random.default_rng(self.seed)
        sample = [texts[i] for i in rng.choice(len(texts), min(_SAMPLE, len(texts)), replace=False)]
        configs = list(dict.fromkeys(config for candidate in candidates for config, _ in candidate))
        hashed = hash_blocks([Featurizer(config) for config in configs], sample)
        per_text = {config: h.nnz / max(len(sample), 1) for config, h in zip(configs, hashed, strict=True)}

        def size(candidate):
            return sum(per_text[config] for config in dict.fromkeys(c for c, _ in candidate)) * len(texts)

        eligible = [candidate for candidate in candidates if size(candidate) <= self.max_nnz]
        return eligible or [min(candidates, key=size)]

    def _fit_large(self, texts, labels, candidates, context):
        """Choose on a stratified subsample, then fit the chosen candidate once on everything."""
        eligible = self._eligible(texts, candidates) if len(candidates) > 1 else candidates
        tried, how = [], "none"
        if len(eligible) > 1:
            size = self.select_on / len(texts)
            counts = np.unique(labels, return_counts=True)[1]
            stratify = labels if counts.min() >= 2 else None
            idx, _ = train_test_split(np.arange(len(texts)), train_size=size, random_state=self.seed, stratify=stratify)
            chooser = type(self)(
                preset=context["preset"],
                objective=self.objective,
                tune_offsets=self.tune_offsets,
                dev_fraction=self.dev_fraction,
                seed=self.seed,
                ensemble_top=self.ensemble_top,
                folds=self.folds,
                select_on=None,
            )
            chooser._only = eligible
            chooser.fit([texts[i] for i in idx], labels[idx])
            # The subsample only shortlists: its best `shortlist` candidates are fitted on the
            # whole set and the whole set decides. Why: with one pick, VSFC sentiment (13,009
            # texts, chosen on 4,000) lost 0.92 accuracy points against the full selection, 0.42
            # with two (three: the same); near-equal candidates swap places on a subsample
            # (bench/analysis.py --scale-check, docs/analysis.md).
            eligible = chooser._ranked[: max(self.shortlist, 1)]
            tried, how = chooser.metadata["candidates"], f"{len(idx)} texts, {chooser.metadata['selection']}"
        # n-grams seen in one text only weigh nothing at this size but fill the model (under
        # LARGE, a forced subsample, the features stay those of the full selection)
        min_df = 2 if len(texts) >= LARGE else 1
        self._only = [
            [(replace(config, min_df=max(config.min_df, min_df)), spec) for config, spec in candidate]
            for candidate in eligible
        ]
        # A set under LARGE (select_on forced lower) judges the shortlist as the full selection
        # would, on out-of-fold scores: then only the subsample's shortlisting differs.
        folds = self._n_folds(False, labels, self._only) if len(texts) < LARGE else 0
        try:
            if folds:
                self._fit_cv(texts, labels, self._only, folds, context)
            else:
                # the shortlist holds the subsample's best average already: no new one here
                ensemble_top, self.ensemble_top = self.ensemble_top, 1
                try:
                    self._fit_split(texts, labels, None, None, self._only, context)
                finally:
                    self.ensemble_top = ensemble_top
        finally:
            self._only = None
        self.metadata["selection"] = f"subsample ({how}) + {self.metadata['selection']}"
        self.metadata["candidates"] = tried + self.metadata["candidates"]
        self.metadata["eligible"] = len(eligible)
        self.metadata["train_seconds"] = round(time.perf_counter() - context["started"], 3)
        return self

    # ------------------------------------------------------------------ one split
    def _block(self, config, tr_texts, dv_texts) -> dict:
        """One feature block fitted on the training part, shared by the candidates that use it
        (each text is normalised once and each block hashed once per fit)."""
        cache = self._fit_cache
        if config not in cache:
            if "tokens_tr" not in cache and len(tr_texts) < LARGE:
                cache["tokens_tr"] = [normalise_tokens(t) for t in tr_texts]
                cache["tokens_dv"] = [normalise_tokens(t) for t in dv_texts]
            featurizer = Featurizer(config)
            hashed_tr = hash_blocks([featurizer], tr_texts, tokens=cache.get("tokens_tr"))[0]
            x_tr = featurizer.fit(hashed_tr).transform_hashed(hashed_tr)
            # the hashed counts are kept only for a refit on train + dev
            block = {"featurizer": featurizer, "x_tr": x_tr, "hashed_tr": hashed_tr if self._may_refit else None}
            if dv_texts:
                block["hashed_dv"] = hash_blocks([featurizer], dv_texts, tokens=cache.get("tokens_dv"))[0]
                block["x_dv"] = featurizer.transform_hashed(block["hashed_dv"])
            cache[config] = block
        return cache[config]

    def _try(self, candidate, tr_texts, tr_y, dv_texts, dv_y) -> dict:
        """Fit one candidate on the training part and tune it on the development part."""
        configs = list(dict.fromkeys(config for config, _ in candidate))
        members = [(configs.index(config), spec) for config, spec in candidate]
        blocks = [self._block(config, tr_texts, dv_texts) for config in configs]
        weights = self._fit_members([b["x_tr"] for b in blocks], tr_y, members)
        state = {
            "candidate": candidate,
            "members": members,
            "featurizers": [b["featurizer"] for b in blocks],
            "hashed_tr": [b["hashed_tr"] for b in blocks],
            "weights": weights,
            "value": 0.0,
            "offsets": np.zeros(len(self.classes_)),
            "temperature": 1.0,
            "report": None,
        }
        if not dv_texts:
            return state
        xs_dv = [b["x_dv"] for b in blocks]
        weights = [(c, b, float(np.std(scores(c, b, xs_dv[i]))) or 1.0, i) for c, b, _, i in weights]
        s_dv = self._combined(xs_dv, weights)
        known = np.isin(dv_y, self.classes_)
        y_idx = np.searchsorted(self.classes_, dv_y)[known]
        value, offsets = self._judge(s_dv[known], y_idx)
        pred = np.argmax(s_dv + offsets, axis=1)
        state.update(
            weights=weights,
            hashed_dv=[b["hashed_dv"] for b in blocks],
            offsets=offsets,
            temperature=fit_temperature(s_dv[known] + offsets, y_idx),
            value=value,
            report=score(dv_y, self.classes_[pred]),
        )
        return state

    def _select_on_split(self, candidates, tr_texts, tr_y, dv_texts, dv_y) -> tuple[dict, list]:
        """(best state, tried) over the candidates, then the average of the best few."""
        best, tried, states = None, [], []
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
            states.append(state)
        self._ranked = [st["candidate"] for st in sorted(states, key=lambda st: -st["value"])]
        return best, tried

    def _fit_split(self, texts, labels, dev_texts, dev_labels, candidates, context):
        """Choose on a given development split or a stratified one; refit when asked or small."""
        if dev_texts is not None:
            tr_texts, tr_y = texts, labels
            dv_texts, dv_y = [t or "" for t in dev_texts], np.array([str(y) for y in dev_labels])
        else:
            tr_texts, tr_y, dv_texts, dv_y = self._split(texts, labels)
        if not dv_texts:
            candidates = candidates[:1]
        # "auto": refit on the held-out split too when the set is small (training time). Given
        # `dev_*`, refit only when asked (refit=True): the caller may keep them to compare models.
        refit = self.refit if self.refit != "auto" else len(texts) < LARGE
        self._may_refit = bool(dv_texts) and refit and (dev_texts is None or self.refit is True)
        self._fit_cache = {}
        try:
            best, tried = self._select_on_split(candidates, tr_texts, tr_y, dv_texts, dv_y)
        finally:
            self._fit_cache = {}
        self.featurizers, self.weights = best["featurizers"], best["weights"]
        self.offsets, self.temperature = best["offsets"], best["temperature"]
        self._chosen = best["candidate"]
        # Offsets were tuned for the model fitted without the development split; with a given
        # split they are kept only by the model they were tuned for (a dev check: refitting then
        # lost 0.4 macro-F1 points on VSFC, while without offsets it gained 0.6-0.9).
        tuned = best["offsets"] is not None and bool(np.any(best["offsets"]))
        refitted_on = 0
        if self._may_refit and not (dev_texts is not None and tuned):
            self._refit(best, np.concatenate([tr_y, dv_y]))
            refitted_on = len(tr_y) + len(dv_y)
        self._describe(
            context,
            best["candidate"],
            n_train=refitted_on or len(tr_y),
            refit=bool(refitted_on),
            selection="dev" if dev_texts is not None else ("split" if dv_texts else "none"),
            dev_scores=best["report"],
            tried=tried,  # each configuration tried and its held-out dev estimate
        )
        return self

    def _refit(self, best, y) -> None:
        """Fit the chosen members again on train + dev; keep the development scales so that
        offsets and temperature still apply."""
        xs_all = []
        for f, h_tr, h_dv in zip(self.featurizers, best["hashed_tr"], best["hashed_dv"], strict=True):
            hashed_all = sp.vstack([h_tr, h_dv], format="csr")
            xs_all.append(f.fit(hashed_all).transform_hashed(hashed_all))
        refitted = self._fit_members(xs_all, y, best["members"])
        self.weights = [(c, b, scale, i) for (c, b, _, i), (_, _, scale, _) in zip(refitted, self.weights, strict=True)]

    # ------------------------------------------------------------------ k folds
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
            if len(labels) >= LARGE or (len(candidates) < 2 and not self.tune_offsets):
                return 0  # large sets: one split is reliable enough, and k fits cost k times
            k = 5
        else:
            k = int(self.folds)
        k = min(k, int(np.unique(labels, return_counts=True)[1].min()))
        return k if k >= 2 and len(labels) >= 40 else 0

    def _out_of_fold(self, texts, labels, members, k):
        """(hashed blocks, configs, out-of-fold z-scaled scores and spreads per member)."""
        y_idx = np.searchsorted(self.classes_, labels)
        configs = list(dict.fromkeys(config for config, _ in members))
        hashed = hash_blocks([Featurizer(config) for config in configs], texts)
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
                s = scores(coef, intercept, xs_dv[fidx])
                spread = float(np.std(s)) or 1.0
                oof[member][dv] = s / spread
                spreads[member].append(spread)
        return hashed, configs, oof, spreads

    def _fit_cv(self, texts, labels, candidates, k, context):
        """Choose among the candidates on out-of-fold scores, then fit the best on everything.

        Each distinct member (feature block, model) is fitted once per fold; a candidate's
        out-of-fold scores are the average of its members' z-scaled scores, as at prediction.
        """
        y_idx = np.searchsorted(self.classes_, labels)
        members = list(dict.fromkeys(m for candidate in candidates for m in candidate))
        hashed, configs, oof, spreads = self._out_of_fold(texts, labels, members, k)
        tried: list = []

        def judged(candidate):
            s = np.mean([oof[m] for m in candidate], axis=0)
            value, offsets = self._judge(s, y_idx)
            tried.append(self._tried(candidate, value, offsets))
            return {"candidate": candidate, "scores": s, "value": value, "offsets": offsets}

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
        candidate = self._chosen = best["candidate"]
        self._ranked = _ranked(results + ([combined] if len(results) > 2 and self.ensemble_top > 1 else []))
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
        self.temperature = fit_temperature(best["scores"] + self.offsets, y_idx)
        pred = np.argmax(best["scores"] + self.offsets, axis=1)
        self._describe(
            context,
            candidate,
            n_train=len(labels),
            refit=True,
            selection=f"{k}-fold",
            dev_scores=score(labels, self.classes_[pred]),  # out-of-fold, with the offsets
            tried=tried,  # each configuration tried and its out-of-fold estimate
        )
        return self

    # ------------------------------------------------------------------ judging
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

    def _objective(self, y_idx, pred) -> float:
        if self.objective == "accuracy":
            return float(np.mean(pred == y_idx))
        return macro_f1(y_idx, pred, self.classes_.size)

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

    def _split(self, texts, labels):
        n = len(texts)
        counts = {lab: int((labels == lab).sum()) for lab in self.classes_}
        if n < 40 or self.dev_fraction <= 0 or min(counts.values()) < 2:
            return texts, labels, [], np.array([], dtype=labels.dtype)
        # Past ~3,000 held-out texts the offsets and temperature gain nothing; keep the rest for
        # training, which matters when large sets are not refitted.
        size = min(self.dev_fraction, max(3000 / n, len(counts) / n))
        idx_tr, idx_dv = train_test_split(np.arange(n), test_size=size, random_state=self.seed, stratify=labels)
        return [texts[i] for i in idx_tr], labels[idx_tr], [texts[i] for i in idx_dv], labels[idx_dv]

    # ------------------------------------------------------------------ metadata
    def _describe(self, context, candidate, **facts) -> None:
        """metadata: what was fitted, how it was chosen, its held-out scores."""
        name = context["name"]
        self.metadata = {
            "format": FILE_FORMAT,
            "name": name,
            "version": context["version"] or f"{name}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}",
            "created_at": datetime.now(UTC).isoformat(),
            "preset": context["preset"],
            "members": [[asdict(config), list(spec)] for config, spec in candidate],
            "classes": self.classes_.tolist(),
            "n_train": facts["n_train"],
            "refit": facts["refit"],
            "selection": facts["selection"],
            "n_features": sum(f.n_features for f in self.featurizers),
            "dev_scores": facts["dev_scores"],
            "candidates": facts["tried"],
            "temperature": self.temperature,
            "train_seconds": round(time.perf_counter() - context["started"], 3),
        }

    @staticmethod
    def _tried(candidate, value, offsets) -> dict:
        return {
            "members": [[asdict(c), list(spec)] for c, spec in candidate],
            "dev_value": round(float(value), 4),
            "offsets": bool(np.any(offsets)),
        }


def _ranked(results) -> list:
    """The candidates best first (with the average of the best few, when it was tried)."""
    return [r["candidate"] for r in sorted(results, key=lambda r: -r["value"])]
