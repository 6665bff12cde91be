"""The machinery of the access-matrix test: every URL pattern, the ids to fill in, the outcome of a
request classified as allowed or denied. The rules themselves are in access_rules.py."""

import os
import re
import time

from django.apps import apps
from django.db import transaction
from django.db.models import Model
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from tests.security.access_rules import LETTER_OF, PERSONAS, POST_DATA, ROUTE_MODELS, RULES, UNIT_PATHS, VALUES

PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def routes():
    """(route text, reversible name or None, view callback) of every URL pattern, Wagtail's included."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                space = ":".join(p for p in (namespace, pattern.namespace) if p)
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
            else:
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                yield prefix + str(pattern.pattern), name, pattern.callback

    return list(walk(get_resolver().url_patterns, "", ""))


# The screens of a Wagtail viewset after its prefix: those that change a record, those that show its
# history and uses; a rule "read / write / history" gives each its letters.
SCREENS = (re.compile(r"(^|/)(new|edit|delete|copy)/"), re.compile(r"(^|/)(history|history-results|usage)/"))


def rule_for(route):
    """The declared rule ("GET POST") of the longest prefix matching the route, None when undeclared.
    A rule "GET POST / GET POST / GET POST" gives the letters of the reading screens (lists, inspect,
    function views), then of a viewset's writing screens (new/, edit/, delete/, copy/), then of its
    history and usage screens; a group left out repeats the one before."""
    matches = [
        prefix
        for prefix in RULES
        if (route == prefix[:-1] if prefix.endswith("$") else route.startswith(prefix) and (prefix or not route))
    ]
    if not matches:
        return None
    prefix = max(matches, key=len)
    groups = RULES[prefix].split(" / ")
    groups += groups[-1:] * (3 - len(groups))
    rest = route[len(prefix.rstrip("$")) :]
    for group, screens in zip(groups[1:], SCREENS, strict=True):
        if screens.search(rest):
            return group
    return groups[0]


def params_of(route):
    return [a or b for a, b in PARAM.findall(route)]


def model_of(route, callback):
    prefixes = [prefix for prefix in ROUTE_MODELS if route.startswith(prefix)]
    if prefixes:
        return apps.get_model(ROUTE_MODELS[max(prefixes, key=len)])
    kwargs = getattr(callback, "view_initkwargs", {}) or {}
    model = kwargs.get("model") or getattr(getattr(callback, "view_class", None), "model", None)
    return model if isinstance(model, type) and issubclass(model, Model) else None


def ids_for(model, units):
    """{'own': pk, 'other': pk} of records of unit A and unit B, or {'any': pk} for unscoped models."""
    if model is None:
        return {}
    path = UNIT_PATHS.get(model._meta.label)
    rows = model._default_manager.order_by("pk")
    if isinstance(path, tuple):
        path, chosen = path
        rows = rows.filter(**chosen)
    if path is None:
        first = rows.values_list("pk", flat=True).first()
        return {"any": first} if first is not None else {}
    found = {}
    for which, unit in units.items():
        pk = rows.filter(**{path: unit.pk if path == "pk" else unit}).values_list("pk", flat=True).first()
        if pk is not None:
            found[which] = pk
    return found


def urls_for(route, name, callback, units):
    """[(which record, url)] to request for a route: one per record kind, or one without parameters."""
    params = params_of(route)
    if not params:
        if name:
            try:
                return [("", reverse(name))]
            except NoReverseMatch:
                pass
        return [("", "/" + route)] if not re.search(r"[\^$(\\]", route) else []
    if not name:
        return []
    ids = ids_for(model_of(route, callback), units)
    urls = []
    for which, pk in ids.items() or [("", None)]:
        kwargs = {}
        for param in params:
            if param in VALUES:
                kwargs[param] = VALUES[param]() if callable(VALUES[param]) else VALUES[param]
            elif pk is not None and param in ("pk", "id", "case_id", "object_id", "page_id"):
                kwargs[param] = pk
            else:
                return []
        try:
            urls.append((which, reverse(name, kwargs=kwargs)))
        except NoReverseMatch:
            return []
    return urls


def outcome(response):
    """'allowed', 'denied', 'error' (a 5xx) or 'n/a' (405: the method is not served here)."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status == 405:
        return "n/a"
    if status in (401, 403, 404, 410):
        return "denied"
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        return "denied" if "/login/" in location or location.rstrip("/").endswith("/admin") else "allowed"
    return "allowed"


def expected(letter, which):
    """The outcome a rule's letter asks for: A allowed, D denied, O allowed on the unit's own records
    (and lists) but denied on another unit's, '-' not checked."""
    if letter == "-":
        return None
    if letter == "O":
        return "denied" if which == "other" else "allowed"
    return {"A": "allowed", "D": "denied"}[letter]


def request(client, method, url, route=""):
    """One request whose changes are rolled back, so a POST to a delete screen deletes nothing."""
    with transaction.atomic():
        response = client.post(url, POST_DATA.get(route, {})) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    return response


def check(client, persona, units):
    """Every declared, reachable route × GET and POST for one persona; the list of mismatches."""
    index = PERSONAS.index(LETTER_OF.get(persona, persona))
    problems = []
    for route, name, callback in routes():
        rule = rule_for(route)
        if rule is None:
            continue
        letters = dict(zip(("GET", "POST"), rule.split(), strict=True))
        for which, url in urls_for(route, name, callback, units):
            for method, row in letters.items():
                want = expected(row[index], which)
                if want is None:
                    continue
                started = time.perf_counter()
                response = request(client, method, url, route)
                got = outcome(response)
                if os.environ.get("MATRIX_TIMES"):
                    with open(os.environ["MATRIX_TIMES"], "a") as times:
                        times.write(f"{time.perf_counter() - started:.3f} {persona} {method} {url}\n")
                if got == "error" or (got != "n/a" and got != want):
                    problems.append(
                        f"{persona} {method} {url} ({route}, {which or 'danh sách'}): {got} "
                        f"({response.status_code} {response.get('Location', '')}), cần {want}"
                    )
    return problems
