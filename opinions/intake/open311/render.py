"""Open311 output: the same records as JSON (top-level arrays) or XML (named wrappers), UTF-8.

JSON follows the specification's "Spark convention": a list of objects where XML has
<services><service>…</service></services>. Missing values are null in JSON and empty elements in XML.
"""

import json
import re
from xml.sax.saxutils import escape

from django.http import HttpResponse

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element name of one item inside a list-valued element.
ITEM_TAGS = {"endpoints": "endpoint", "formats": "format", "attributes": "attribute", "values": "value"}
# Characters XML 1.0 cannot carry at all (control characters other than tab, newline, return).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_value(value):
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return escape(_XML_INVALID.sub("", str(value)))


def _xml_element(tag, value, out):
    if isinstance(value, dict):
        out.append(f"<{tag}>")
        for key, inner in value.items():
            _xml_element(key, inner, out)
        out.append(f"</{tag}>")
    elif isinstance(value, list):
        out.append(f"<{tag}>")
        for item in value:
            _xml_element(ITEM_TAGS.get(tag, "item"), item, out)
        out.append(f"</{tag}>")
    else:
        out.append(f"<{tag}>{_xml_value(value)}</{tag}>")


def to_xml(root, payload, item_tag=None):
    """payload is a list of dicts under <root><item_tag>…, or one dict whose keys go under <root>."""
    out = ['<?xml version="1.0" encoding="utf-8"?>']
    if isinstance(payload, list):
        out.append(f"<{root}>")
        for item in payload:
            _xml_element(item_tag, item, out)
        out.append(f"</{root}>")
    else:
        _xml_element(root, payload, out)
    return "".join(out)


def respond(fmt, payload, root, item_tag=None, status=200):
    if fmt == "json":
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    else:
        body = to_xml(root, payload, item_tag)
    return HttpResponse(body.encode("utf-8"), status=status, content_type=FORMATS[fmt])


class ApiError(Exception):
    """One or more errors to answer with, as the specification says: a list of {code, description}."""

    def __init__(self, status, *descriptions):
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = descriptions


def error_response(fmt, status, *descriptions):
    fmt = fmt if fmt in FORMATS else "xml"
    errors = [{"code": status, "description": text} for text in descriptions]
    return respond(fmt, errors, "errors", "error", status=status)
