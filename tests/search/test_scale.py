"""The bounded work of the database backend (issue 6 speed), on SQLite and PostgreSQL.

The limits are lowered so that a handful of documents behave like a million: ranking among the
RANK_WINDOW newest matches (on PostgreSQL found through month tokens), totals capped at
COUNT_LIMIT, facets and filters applied inside the GIN scan, and the narrow match table
search_match (PostgreSQL) kept in step with the documents by triggers.
"""

import datetime as dt

import pytest
from django.db import connection, transaction

from search import pg_match, service
from search.backends.database import DatabaseBackend
from search.models import SearchDocument
from search.text import index_forms

from .conftest import titles

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="Bảng search_match chỉ có trên PostgreSQL."
)


def document(title, month, **values):
    norm, folded = index_forms(title)
    return SearchDocument.objects.create(
        kind="signal",
        object_id=900_000 + month,
        title=title,
        norm=norm,
        folded=folded,
        date=dt.datetime(2025, month, 15, 8, 0, tzinfo=dt.UTC),
        **values,
    )


def test_it_ranks_among_the_newest_matches_and_caps_the_total(office_user, monkeypatch):
    monkeypatch.setattr(DatabaseBackend, "RANK_WINDOW", 3)
    monkeypatch.setattr(DatabaseBackend, "COUNT_LIMIT", 5)
    for month in range(1, 9):
        # Exact diacritics ("đất") in months 1 and 7 only; the others fold to the same word ("đạt").
        word = "Đất" if month in (1, 7) else "Đạt"
        document(f"{word} bazan tháng {month}", month)
    found = service.search("đất bazan", user=office_user, backend=DatabaseBackend())
    # The window is the 3 newest matches (months 8, 7, 6); the exact one ranks first; month 1,
    # exact too but older than the window, is not ranked.
    assert titles(found) == ["Đất bazan tháng 7", "Đạt bazan tháng 8", "Đạt bazan tháng 6"]
    assert found.total == 6 and found.capped
    found = service.search("dat bazan", user=office_user, backend=DatabaseBackend())
    assert titles(found) == ["Đạt bazan tháng 8", "Đất bazan tháng 7", "Đạt bazan tháng 6"]
    assert titles(service.search("đất bazan tháng 2", user=office_user, backend=DatabaseBackend())) == [
        "Đạt bazan tháng 2"
    ]


def test_it_applies_filters_scopes_and_dates_with_query_words(records, find, office_user, handler_user):
    results = find("đất đai", user=office_user, facets=True)
    counts = {group["name"]: {o.value: o.count for o in group["options"]} for group in results.facets}
    assert counts["kind"] == {"complaint": 1} and counts["channel"] == {"hotline": 1}
    land = records["land_signal"]
    assert titles(find("đất đai", user=office_user, filters={"field": land.field_id})) == [land.title]
    assert titles(find("đất đai", user=office_user, filters={"field": str(land.field_id)})) == [land.title]
    assert titles(find("đất đai", user=office_user, filters={"channel": "web"})) == []
    assert titles(find("đất đai", user=office_user, filters={"field": "không-phải-số"})) == []
    theirs = records["theirs"]
    assert set(titles(find("cấp phép", user=office_user, filters={"unit": theirs.assigned_unit_id}))) == {theirs.title}
    assert titles(find("cấp phép", user=office_user, filters={"unit": records["mine"].assigned_unit_id})) == []
    assert titles(find("giai phong mat bang", user=handler_user)) != []
    past = dt.date(2000, 1, 1)
    assert find("đất đai", user=office_user, date_from=past, date_to=past).total == 0
    assert find("đất đai", user=office_user, date_from=past).total == 1


def match_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, unit_id, status, terms::text FROM search_match ORDER BY id")
        return cursor.fetchall()


@postgresql_only
def test_the_match_table_follows_the_documents(records):
    docs = list(SearchDocument.objects.order_by("pk"))
    rows = match_rows()
    assert [row[0] for row in rows] == [d.pk for d in docs]
    doc = SearchDocument.objects.get(kind="signal", object_id=records["land_signal"].pk)
    terms = dict((row[0], row[3]) for row in rows)[doc.pk]
    for lexeme in ("'dat'", "'đất'", "'k:signal'", f"'f:{doc.field_id}'", f"'m:{doc.date:%Y%m}'", "'s:attached'"):
        assert lexeme in terms
    assert "'p:1'" not in terms and "xuyen" not in terms  # never public, no personal data

    doc.status, doc.unit_id = "classified", 77
    doc.save()
    row = next(r for r in match_rows() if r[0] == doc.pk)
    assert row[1:3] == (77, "classified") and "'s:classified'" in row[3] and "'u:77'" in row[3]
    before = match_rows()
    with transaction.atomic(), connection.cursor() as cursor:
        assert pg_match.rebuild(cursor) == len(before)
    assert match_rows() == before
    doc.delete()
    assert doc.pk not in [r[0] for r in match_rows()]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_match WHERE id = %s", [docs[0].pk])
        cursor.execute(
            "INSERT INTO search_match (id, kind, is_public, signal_kind, status, channel, terms) "
            "VALUES (123456789, 'signal', false, '', '', '', 'mồ côi'::tsvector)"
        )
        assert pg_match.sync(cursor) == (1, 1)
    assert [r[0] for r in match_rows()] == [d.pk for d in SearchDocument.objects.order_by("pk")]
    assert service.reindex(elasticsearch=False)["match"] == {"deleted": 0, "added": 0}
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE search_searchdocument")
    assert match_rows() == []
