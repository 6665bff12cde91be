"""Columns of respondents' data: numbers and categories read once, missing values as NaN or -1."""

import math
import unicodedata

import numpy as np

from .errors import SpecError


def label_of(value) -> str:
    """The category label of one cell: numbers without a trailing ".0", text in NFC."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return unicodedata.normalize("NFC", str(value))


def _sort_key(labels: list[str]):
    try:
        numbers = [float(label) for label in labels]
    except ValueError:
        return sorted(range(len(labels)), key=lambda i: labels[i])
    return sorted(range(len(labels)), key=lambda i: numbers[i])


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


class Frame:
    """The respondents' columns (name → list of values, None for missing), converted on demand."""

    def __init__(self, columns: dict):
        if not isinstance(columns, dict) or not columns:
            raise SpecError("Dữ liệu trống: không có cột nào.")
        lengths = {len(values) for values in columns.values()}
        if len(lengths) != 1:
            raise SpecError("Các cột dữ liệu không cùng số dòng.")
        self.columns = columns
        self.n = lengths.pop()
        if self.n == 0:
            raise SpecError("Dữ liệu không có dòng nào.")
        self._numeric = {}
        self._factor = {}

    def raw(self, name: str) -> list:
        if not isinstance(name, str) or name not in self.columns:
            raise SpecError(f"Không có cột «{name}» trong dữ liệu.")
        return self.columns[name]

    def numeric(self, name: str) -> np.ndarray:
        """The column as floats, NaN for missing; a column with text is refused."""
        if name not in self._numeric:
            values = self.raw(name)
            try:
                array = np.asarray(values, dtype=float)
            except (TypeError, ValueError):
                try:
                    array = np.asarray([None if _missing(v) or v == "" else v for v in values], dtype=float)
                except (TypeError, ValueError):
                    raise SpecError(f"Cột «{name}» có giá trị không phải số; không tính được trung bình hay tổng.")
            self._numeric[name] = array
        return self._numeric[name]

    def factor(self, name: str) -> tuple[np.ndarray, list[str]]:
        """The column as category codes 0..k-1 (-1 for missing) and the sorted labels."""
        if name not in self._factor:
            values = self.raw(name)
            index = {value: i for i, value in enumerate(dict.fromkeys(values))}
            codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=self.n)
            raw_labels = [None if _missing(v) or v == "" else label_of(v) for v in index]
            merged: dict[str, int] = {}
            for label in raw_labels:
                if label is not None:
                    merged.setdefault(label, len(merged))
            unique = list(merged)
            order = _sort_key(unique)
            rank = np.empty(len(unique), dtype=np.int64)
            rank[order] = np.arange(len(unique))
            remap = np.array([-1 if label is None else rank[merged[label]] for label in raw_labels], dtype=np.int64)
            self._factor[name] = (remap[codes], [unique[i] for i in order])
        return self._factor[name]

    def indicator(self, name: str, eq) -> np.ndarray:
        """1.0 where the column equals `eq` (a number, a label or a list of them), 0.0 elsewhere, NaN if missing."""
        wanted = eq if isinstance(eq, list) else [eq]
        if not wanted:
            raise SpecError("Giá trị «eq» không được để trống.")
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in wanted):
            try:
                values = self.numeric(name)
            except SpecError:
                values = None
            if values is not None:
                hit = np.isin(values, np.asarray(wanted, dtype=float)).astype(float)
                hit[np.isnan(values)] = np.nan
                return hit
        codes, labels = self.factor(name)
        targets = [labels.index(label_of(v)) for v in wanted if label_of(v) in labels]
        hit = np.isin(codes, targets).astype(float)
        hit[codes < 0] = np.nan
        return hit
