"""Read a respondents' CSV file (header row, NA or empty = missing) into columns for estimate()."""

import csv
from pathlib import Path

from .errors import SpecError

MISSING = {"NA", ""}


def _convert(values: list) -> list:
    """Numbers where every non-missing cell is a number, text otherwise."""
    numbers = []
    for value in values:
        if value is None:
            numbers.append(None)
            continue
        try:
            numbers.append(float(value))
        except ValueError:
            return values
    return numbers


def read_csv(path: str | Path) -> dict[str, list]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if not header:
                raise SpecError(f"Tệp dữ liệu «{path}» trống.")
            rows = [row for row in reader if row]
    except FileNotFoundError:
        raise SpecError(f"Không tìm thấy tệp dữ liệu «{path}».")
    except UnicodeDecodeError:
        raise SpecError(f"Tệp dữ liệu «{path}» không phải UTF-8.")
    if len(set(header)) != len(header):
        raise SpecError(f"Tệp dữ liệu «{path}» có tên cột trùng nhau.")
    if any(len(row) != len(header) for row in rows):
        raise SpecError(f"Tệp dữ liệu «{path}» có dòng không đủ số cột.")
    columns = {}
    for i, name in enumerate(header):
        columns[name] = _convert([None if row[i] in MISSING else row[i] for row in rows])
    return columns
