"""A fast reader of the first worksheet of an XLSX file: the values of its cells, row by row.

openpyxl (even in read-only mode) builds a Python object for every XML element and, when the file
has no ``<dimension>`` (files written in write-only mode, some other programs), parses the whole
sheet twice; a 10,000-row roster then takes seconds to read. This reader lets openpyxl read the
small parts of the file (workbook, shared strings, styles: which cell styles are dates) and parses
the sheet itself with expat callbacks, giving the same values as
``load_workbook(read_only=True, data_only=True)`` + ``iter_rows(values_only=True)``:
numbers as int or float, dates (numbers with a date style) as datetime, booleans, shared and
inline strings, the cached value of formulas; a missing row is an empty row, so that row ``n`` of
the result is row ``n`` of the spreadsheet.
"""

import io
from xml.parsers import expat

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._reader import _cast_number

_DIGITS = "0123456789"


def _column_index(letters, cache={}):  # noqa: B006 - a memo of letters → 1-based column
    index = cache.get(letters)
    if index is None:
        index = 0
        for letter in letters.upper():
            if not "A" <= letter <= "Z":
                return None
            index = index * 26 + ord(letter) - 64
        cache[letters] = index = index or None
    return index


def first_sheet_rows(content):
    """The rows (tuples of values) of the first worksheet of an XLSX file given as bytes.

    Raises the errors of a broken file (zipfile.BadZipFile, KeyError, OSError, ValueError,
    IndexError when there is no worksheet, expat.ExpatError for bad XML)."""
    reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    paths = [
        rel.target
        for _sheet, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type
    ]
    if not paths:
        raise IndexError("no worksheet")
    wb = reader.wb
    try:
        with reader.archive.open(paths[0]) as source:  # streamed: the sheet's XML is never held whole
            return _parse_sheet(source, reader.shared_strings, wb._date_formats, wb._timedelta_formats, wb.epoch)
    finally:
        reader.archive.close()


def _parse_sheet(source, shared_strings, date_formats, timedelta_formats, epoch):
    sheet = _SheetHandler(shared_strings, date_formats, timedelta_formats, epoch)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = sheet.start
    parser.EndElementHandler = sheet.end
    parser.CharacterDataHandler = sheet.characters
    while chunk := source.read(1 << 20):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return sheet.rows


class _SheetHandler:
    """The expat callbacks of one worksheet: they build `rows` (rows[n - 1] is spreadsheet row n)."""

    __slots__ = (
        "rows", "parts", "tags", "row", "row_number", "column", "style", "phonetic", "kind", "text", "inline",
        "collecting", "shared_strings", "date_formats", "timedelta_formats", "epoch",
    )  # fmt: skip

    def __init__(self, shared_strings, date_formats, timedelta_formats, epoch):
        self.rows = []
        self.parts = []
        self.tags = {}  # element name (maybe with a namespace prefix) → local name
        self.row = None
        self.row_number = self.column = self.style = self.phonetic = 0
        self.kind, self.text, self.inline, self.collecting = "n", None, False, False
        self.shared_strings, self.date_formats = shared_strings, date_formats
        self.timedelta_formats, self.epoch = timedelta_formats, epoch

    def local(self, name):
        tag = self.tags.get(name)
        if tag is None:
            tag = self.tags[name] = name[name.rfind(":") + 1 :]
        return tag

    def start(self, name, attrs):
        tag = self.tags.get(name) or self.local(name)
        if tag == "c":
            reference = attrs.get("r")
            index = _column_index(reference.rstrip(_DIGITS)) if reference else None
            self.column = index if index else self.column + 1
            self.kind = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style else 0
            self.text, self.inline = None, False
        elif tag == "v":
            self.collecting = True
            self.parts.clear()
        elif tag == "row":
            number = attrs.get("r")
            self.row_number = int(float(number)) if number else self.row_number + 1
            self.row, self.column = [], 0
        elif tag == "is":
            self.inline = True
            self.parts.clear()
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "t" and self.inline and not self.phonetic:
            self.collecting = True

    def end(self, name):
        tag = self.tags.get(name) or self.local(name)
        if tag == "c":
            value = self.value()
            row = self.row
            if value is not None and row is not None:
                if len(row) < self.column:
                    row.extend([None] * (self.column - len(row)))
                row[self.column - 1] = value
        elif tag == "v":
            self.collecting = False
            self.text = "".join(self.parts)
        elif tag == "t":
            self.collecting = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "row":
            rows = self.rows
            while len(rows) < self.row_number - 1:
                rows.append(())
            if len(rows) < self.row_number:
                rows.append(tuple(self.row))
            self.row = None

    def characters(self, data):
        if self.collecting:
            self.parts.append(data)

    def value(self):
        """The value of the cell just ended, as openpyxl gives it."""
        kind, text = self.kind, self.text
        if kind == "inlineStr":
            return "".join(self.parts) if self.inline else None
        if not text:
            return None
        if kind == "n":
            number = _cast_number(text)
            if self.style in self.date_formats:
                try:
                    return from_excel(number, self.epoch, timedelta=self.style in self.timedelta_formats)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.shared_strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text), "e" (an error such as #N/A)
