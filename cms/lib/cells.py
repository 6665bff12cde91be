"""Spreadsheet cells that cannot become formulas (CSV/formula injection, OWASP).

Every CSV and XLSX export passes its rows through `safe_row`: a text cell starting with = + - @,
a tab or a carriage return gets a leading apostrophe, so Excel and LibreOffice show it as text and
never run it (=HYPERLINK(…), =cmd|…). Importers call `unescape_cell`, so an export read back gives the
values it was made from. Numbers, dates and empty cells are left as they are.
"""

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(DANGEROUS_STARTS):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]


def unescape_cell(value):
    """The value an exported cell was made from: the apostrophe that `safe_cell` added is removed."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(DANGEROUS_STARTS):
        return value[1:]
    return value
