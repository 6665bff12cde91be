"""Imports of exports from social-listening tools and page insights (CSV, JSON, XLSX).

Flow, as the roster import (opinions/network/imports.py): read the table → ``check_import`` (dry run:
the rows that would be stored and every problem with its row, column and a Vietnamese explanation)
→ the user confirms → ``run_import`` stores the good rows through the same path as fetched items
(dedup keys, stories, one signal per story). A second import of the same file stores nothing.

Columns are mapped to our fields (url, title, text, published, author); without a mapping the
usual column names of the common tools are recognised. The author column is only hashed.
"""

import csv
import datetime
import io
import json
import zipfile
from pathlib import Path
from xml.parsers.expat import ExpatError

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from cms.lib.text import as_text, fold_accents
from cms.lib.xlsx import first_sheet_rows

from .models import Source
from .services import store_entries

FIELDS = ("url", "title", "text", "published", "author")
KNOWN_COLUMNS = {
    "url": ["url", "link", "permalink", "duong dan", "lien ket", "post url", "post link"],
    "title": ["title", "tieu de", "headline", "page name post", "tieu de bai"],
    "text": ["text", "message", "content", "noi dung", "body", "description", "mo ta", "caption"],
    "published": ["published", "date", "created time", "created_time", "ngay dang", "thoi gian", "posted"],
    "author": ["author", "tac gia", "page name", "account", "tai khoan", "nguoi dang", "user"],
}
MAX_PROBLEMS = 500


class BadFile(Exception):
    """A file that cannot be read as a table: the message says why, in Vietnamese."""


def _key(name):
    return " ".join(fold_accents(as_text(name)).lower().replace("_", " ").split())


def read_table(content, filename):
    """(header, rows as lists) of a CSV, JSON or XLSX export."""
    suffix = Path(filename).suffix.lower()
    try:
        if suffix == ".xlsx":
            rows = [list(r) for r in first_sheet_rows(content)]
        elif suffix == ".json":
            data = json.loads(content.decode("utf-8-sig"))
            data = data.get("data", data) if isinstance(data, dict) else data
            if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
                raise BadFile("Tệp JSON cần là một danh sách các bản ghi.")
            header = list(dict.fromkeys(k for r in data for k in r))
            rows = [header] + [[r.get(k) for k in header] for r in data]
        elif suffix == ".csv":
            text = content.decode("utf-8-sig")
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
            rows = list(csv.reader(io.StringIO(text), dialect))
        else:
            raise BadFile("Chỉ nhận tệp .csv, .json hoặc .xlsx.")
    except (
        UnicodeDecodeError,
        json.JSONDecodeError,
        csv.Error,
        ValueError,
        KeyError,
        IndexError,
        zipfile.BadZipFile,  # a ".xlsx" that is not a workbook (found by tests/security/test_fuzz_more_imports.py)
        ExpatError,
        OSError,
    ) as error:
        raise BadFile(f"Không đọc được tệp {filename}: tệp hỏng hoặc không đúng định dạng.") from error
    if not rows or not any(rows[0]):
        raise BadFile("Tệp không có dòng tiêu đề cột.")
    return [as_text(c) for c in rows[0]], rows[1:]


def guess_mapping(header, given=None):
    """{our field: column name}: the given mapping, completed by the usual column names."""
    mapping = dict(given or {})
    keys = {_key(c): c for c in header}
    for field, names in KNOWN_COLUMNS.items():
        if field not in mapping:
            mapping[field] = next((keys[n] for n in names if n in keys), None)
    return {f: c for f, c in mapping.items() if c}


def _when(value):
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    text = as_text(value)
    if not text:
        return None
    parsed = parse_datetime(text.replace(" ", "T", 1)) or parse_datetime(text)
    if parsed is None:
        day = parse_date(text[:10])
        if day is None:
            for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y"):
                try:
                    parsed = datetime.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            else:
                raise ValueError(text)
        else:
            parsed = datetime.datetime.combine(day, datetime.time())
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def check_import(header, rows, mapping):
    """Dry run: (entries, problems) where problems are (row number, column, message)."""
    problems, entries = [], []
    missing = [c for c in mapping.values() if c not in header]
    if missing:
        return [], [(1, c, "Không có cột này trong tệp.") for c in missing]
    if "url" not in mapping:
        return [], [(1, "", "Cần cột đường dẫn bài (url, link, permalink…); hãy chỉ rõ bằng --map url=TÊN_CỘT.")]
    index = {f: header.index(c) for f, c in mapping.items()}
    for number, row in enumerate(rows, start=2):
        values = {f: (row[i] if i < len(row) else None) for f, i in index.items()}
        url = as_text(values.get("url"))
        if not any(as_text(v) for v in row):
            continue
        if not url.startswith(("http://", "https://")):
            problems.append(
                (number, mapping["url"], f"Đường dẫn “{url[:80]}” không hợp lệ (cần http:// hoặc https://).")
            )
            continue
        try:
            published = _when(values.get("published"))
        except ValueError:
            problems.append(
                (number, mapping["published"], "Ngày đăng không đọc được (dùng dd/mm/yyyy hoặc yyyy-mm-dd).")
            )
            continue
        text, title = as_text(values.get("text")), as_text(values.get("title"))
        if not (text or title):
            problems.append((number, mapping.get("text", ""), "Dòng không có tiêu đề lẫn nội dung."))
            continue
        entry = {"url": url, "title": title or text[:120], "text": text, "published": published}
        entry["author"] = as_text(values.get("author"))
        entries.append(entry)
    return entries, problems[:MAX_PROBLEMS]


def run_import(source_name, entries, trust="social"):
    """Store the checked entries under an import source (created once by name)."""
    source, _ = Source.objects.get_or_create(
        name=source_name, kind=Source.Kind.IMPORT, defaults={"trust": trust, "active": False}
    )
    return source, store_entries(source, entries)
