"""Sparse text features: hashed syllable n-grams, character n-grams and an accent-free block.

Hashing needs no vocabulary pass: each distinct token is hashed once (crc32, stable across
processes), n-gram hashes are combined with numpy over the whole batch, and the columns seen in
training are then compacted so that the models and the saved file stay small. Syllable n-grams
already capture Vietnamese compounds, so no word segmenter is needed (vietnamese-nlp.md, 1).
"""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass

import numpy as np
import scipy.sparse as sp

from .normalise import fold, normalise_tokens

__all__ = ["FeatureConfig", "Featurizer", "hash_blocks", "CHUNK"]

# Texts per chunk when hashing or transforming a large set: the token lists and the temporary
# arrays of a whole set (a 100,000-text set's tokens alone take 600 MB) are never held at once.
CHUNK = 5000


@dataclass(frozen=True)
class FeatureConfig:
    """Which feature blocks to build. Defaults suit short messages and comments."""

    word_max_n: int = 3  # syllable 1..n-grams
    char_min_n: int = 1  # char_wb n-grams inside words; 0 disables the block
    char_max_n: int = 5
    no_accent_max_n: int = 2  # syllable n-grams of the accent-folded text; 0 disables
    hash_bits: int = 22
    min_df: int = 1
    max_df: float = 1.0


_MASK32 = np.uint64(0xFFFFFFFF)


def _mix(a: np.ndarray, b: np.ndarray, seed: int) -> np.ndarray:
    """Combine two uint32 hash arrays into one (deterministic in every process)."""
    h = a.astype(np.uint64) * np.uint64(0x9E3779B1) + b.astype(np.uint64) + np.uint64(seed)
    h &= _MASK32
    h ^= h >> np.uint64(15)
    h = (h * np.uint64(0x85EBCA77)) & _MASK32
    h ^= h >> np.uint64(13)
    return h


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _lookup(cache: dict, tokens: list[str], compute) -> np.ndarray:
    """Cached per-token values; each distinct missing token is computed once."""
    if len(cache) > 2_000_000:
        cache.clear()
    ids = list(map(cache.get, tokens))  # C-level loop
    if None in ids:
        for tok in {t for t, v in zip(tokens, ids, strict=True) if v is None}:
            cache[tok] = compute(tok)
        ids = list(map(cache.__getitem__, tokens))
    return np.array(ids, dtype=np.uint64)


# Shared by every featurizer in the process: the values do not depend on the configuration.
_WORD_IDS: dict[str, int] = {}
_FOLDED_IDS: dict[str, int] = {}
_CHAR_IDS: dict[tuple[int, int], dict[str, np.ndarray]] = {}


class _TokenHashes:
    """Per-token hashes, computed once per distinct token: word, accent-free word, char n-grams."""

    def __init__(self, config: FeatureConfig):
        self.config = config
        self.chars = _CHAR_IDS.setdefault((config.char_min_n, config.char_max_n), {})

    def word_ids(self, tokens: list[str]) -> np.ndarray:
        return _lookup(_WORD_IDS, tokens, _crc)

    def folded_ids(self, tokens: list[str]) -> np.ndarray:
        return _lookup(_FOLDED_IDS, tokens, lambda tok: _crc("\x01" + fold(tok)))

    def char_ids(self, token: str) -> np.ndarray:
        found = self.chars.get(token)
        if found is None:
            if len(self.chars) > 2_000_000:
                self.chars.clear()
            padded = f" {token} "
            size = len(padded)
            lo, hi = self.config.char_min_n, self.config.char_max_n
            grams = [padded[i : i + n] for n in range(lo, min(hi, size) + 1) for i in range(size - n + 1)]
            found = np.array([_crc("\x02" + g) for g in grams], dtype=np.uint64)
            self.chars[token] = found
        return found


def _ngram_hashes(ids: np.ndarray, doc: np.ndarray, max_n: int, seed: int):
    """Unigram ids plus 2..max_n-gram hashes that do not cross document borders."""
    hashes, docs = [(ids ^ np.uint64(seed)) if seed else ids], [doc]
    prev = ids
    for n in range(2, max_n + 1):
        if len(ids) < n:
            break
        same = doc[n - 1 :] == doc[: len(doc) - n + 1]
        prev = _mix(prev[:-1], ids[n - 1 :], seed + n)
        hashes.append(prev[same])
        docs.append(doc[n - 1 :][same])
    return hashes, docs


class Featurizer:
    """Hashed counts -> compacted columns -> sublinear TF-IDF -> L2 rows."""

    def __init__(self, config: FeatureConfig | None = None):
        self.config = config or FeatureConfig()
        self.remap: np.ndarray | None = None  # hashed column -> compact column, -1 if unused
        self.idf: np.ndarray | None = None
        self._token_hashes: _TokenHashes | None = None

    def hash(self, texts: list[str], tokens: list[list[str]] | None = None) -> sp.csr_matrix:
        """Raw hashed counts of a batch, built with a few numpy passes over all its tokens.

        `tokens` (normalise_tokens of each text) may be given when several featurizers share them.
        """
        config = self.config
        cache = self._cache()
        token_lists = tokens if tokens is not None else [normalise_tokens(t) for t in texts]
        lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(texts))
        flat = [tok for toks in token_lists for tok in toks]
        doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        hashes, docs = _ngram_hashes(cache.word_ids(flat), doc, config.word_max_n, 0)
        if config.no_accent_max_n:
            h, d = _ngram_hashes(cache.folded_ids(flat), doc, config.no_accent_max_n, 7919)
            hashes += h
            docs += d
        if config.char_min_n and flat:
            grams = list(map(cache.char_ids, flat))
            hashes.append(np.concatenate(grams))
            docs.append(np.repeat(doc, [len(g) for g in grams]))
        cols = (np.concatenate(hashes) & np.uint64(2**config.hash_bits - 1)).astype(np.int64)
        rows = np.concatenate(docs)
        data = np.ones(len(cols), dtype=np.float32)
        shape = (len(texts), 2**config.hash_bits)
        out = sp.csr_matrix((data, (rows, cols)), shape=shape)
        out.sum_duplicates()
        return out

    def hash_one(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Hashed counts of one text as (sorted columns, counts): the same numbers as one row of
        `hash`, without building a sparse matrix (the task worker analyses one signal at a time).
        """
        config = self.config
        cache = self._cache()
        if not tokens:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        doc = np.zeros(len(tokens), dtype=np.int64)
        hashes, _ = _ngram_hashes(cache.word_ids(tokens), doc, config.word_max_n, 0)
        if config.no_accent_max_n:
            hashes += _ngram_hashes(cache.folded_ids(tokens), doc, config.no_accent_max_n, 7919)[0]
        if config.char_min_n:
            hashes += map(cache.char_ids, tokens)
        cols = (np.concatenate(hashes) & np.uint64(2**config.hash_bits - 1)).astype(np.int64)
        cols, counts = np.unique(cols, return_counts=True)
        return cols, counts.astype(np.float32)

    def vector_one(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """One text's TF-IDF row as (columns, values): what `transform` gives for one text."""
        cols, counts = self.hash_one(tokens)
        cols = self.remap[cols]
        keep = cols >= 0
        cols = cols[keep]
        values = np.log1p(counts[keep]) * self.idf[cols]
        norm = np.sqrt(np.dot(values, values))
        if norm > 0:
            values /= norm
        return cols, values

    def _cache(self) -> _TokenHashes:
        if getattr(self, "_token_hashes", None) is None:
            self._token_hashes = _TokenHashes(self.config)
        return self._token_hashes

    def fit(self, hashed: sp.csr_matrix) -> Featurizer:
        """Learn the kept columns and their IDF from hashed training counts."""
        n_docs = hashed.shape[0]
        df = np.bincount(hashed.indices, minlength=hashed.shape[1])
        keep = (df >= self.config.min_df) & (df > 0) & (df <= self.config.max_df * n_docs)
        self.remap = np.full(hashed.shape[1], -1, dtype=np.int32)
        kept = np.flatnonzero(keep)
        self.remap[kept] = np.arange(len(kept), dtype=np.int32)
        self.idf = (np.log((1 + n_docs) / (1 + df[kept])) + 1).astype(np.float32)
        return self

    @property
    def n_features(self) -> int:
        return 0 if self.idf is None else len(self.idf)

    def transform_hashed(self, hashed: sp.csr_matrix) -> sp.csr_matrix:
        n = hashed.shape[0]
        if n <= CHUNK:
            return self._transform(hashed)
        return sp.vstack([self._transform(hashed[i : i + CHUNK]) for i in range(0, n, CHUNK)], format="csr")

    def _transform(self, hashed: sp.csr_matrix) -> sp.csr_matrix:
        cols = self.remap[hashed.indices]
        mask = cols >= 0
        row_of = np.repeat(np.arange(hashed.shape[0]), np.diff(hashed.indptr))
        rows, cols = row_of[mask], cols[mask]
        data = np.log1p(hashed.data[mask]) * self.idf[cols]
        indptr = np.zeros(hashed.shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=hashed.shape[0]), out=indptr[1:])
        out = sp.csr_matrix((data, cols, indptr), shape=(hashed.shape[0], self.n_features))
        norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        out.data /= np.repeat(norms, np.diff(out.indptr)).astype(np.float32)
        return out

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        return self.transform_hashed(self.hash(texts))

    def __getstate__(self):
        return {**self.__dict__, "_token_hashes": None}

    def state(self) -> dict:
        kept = np.flatnonzero(self.remap >= 0).astype(np.int32)
        return {"config": asdict(self.config), "kept": kept, "idf": self.idf}

    @classmethod
    def from_state(cls, state: dict) -> Featurizer:
        self = cls(FeatureConfig(**state["config"]))
        self.remap = np.full(2**self.config.hash_bits, -1, dtype=np.int32)
        self.remap[state["kept"]] = np.arange(len(state["kept"]), dtype=np.int32)
        self.idf = state["idf"]
        return self


def hash_blocks(featurizers: list[Featurizer], texts: list[str], *, tokens=None) -> list[sp.csr_matrix]:
    """Hashed counts of each featurizer's block; each text is normalised once for all blocks.

    Without `tokens`, a large batch is normalised and hashed in chunks of CHUNK texts (the same
    matrices, less memory).
    """
    if tokens is not None or len(texts) <= CHUNK:
        tokens = tokens if tokens is not None else [normalise_tokens(t) for t in texts]
        return [f.hash(texts, tokens=tokens) for f in featurizers]
    parts: list[list] = [[] for _ in featurizers]
    for start in range(0, len(texts), CHUNK):
        piece = texts[start : start + CHUNK]
        piece_tokens = [normalise_tokens(t) for t in piece]
        for part, featurizer in zip(parts, featurizers, strict=True):
            part.append(featurizer.hash(piece, tokens=piece_tokens))
    return [sp.vstack(part, format="csr") for part in parts]
