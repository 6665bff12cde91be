"""Database backend: SQLite FTS5 or PostgreSQL full-text search over SearchDocument.

The migrations add, for the database in use:
- SQLite: the FTS5 table search_fts(norm, folded), kept in step with search_searchdocument by
  triggers (tokenizer unicode61, diacritics kept: the folded column holds the unaccented text);
- PostgreSQL: the narrow table search_match (0003), kept in step by triggers: date, facet columns
  and one stripped tsvector `terms` (folded words, words as written, filter tokens such as
  `f:3`, `u:12`, `p:1`, `m:202611`) with a GIN index, in the 'simple' configuration (no stemming:
  Vietnamese has none). Matching, filters, access scope and month ranges are one GIN scan.

Each query word matches its written form or its folded form; a document that has the exact
diacritics matches both and ranks higher ("đất" before "đạt" for the query "đất").
"""

import math

from django.db import connection, transaction

from . import FACETS, BackendResult


def db_datetime(moment):
    """A moment as the database stores it: raw SQL gets no conversion from the ORM, and SQLite keeps
    UTC text, so an aware local midnight compared as "…+07:00" text would miss the evening's records."""
    return connection.ops.adapt_datetimefield_value(moment)


def _quote_pg(word):
    return "'" + word.replace("'", "''").replace("\\", "") + "'"


def _quote_lexeme(value):
    """A lexeme for the tsquery input syntax (::tsquery), taken verbatim (no parser)."""
    return "'" + str(value).replace("\\", "\\\\").replace("'", "''") + "'"


# Facet name -> prefix of its token in search_match.terms (migration 0003); integer facets.
TOKENS = {"field": "f", "area": "a", "kind": "sk", "status": "s", "channel": "c", "unit": "u"}
INTEGER_FACETS = {"field", "area", "unit"}


def _token(name, value):
    """The token of a facet value, or None when the value cannot exist (not a number)."""
    if name in INTEGER_FACETS:
        try:
            value = int(value)
        except (TypeError, ValueError):
            return None
    return f"{TOKENS[name]}:{value}"


def _months_back(newest, oldest):
    """['202611', '202610', …] from the month of newest back to the month of oldest (UTC)."""
    year, month = newest.year, newest.month
    months = []
    while (year, month) >= (oldest.year, oldest.month):
        months.append(f"{year:04d}{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def _quote_fts(word):
    return '"' + word.replace('"', '""') + '"'


def _pg_tokens(spec):
    """The filter tokens of search_match.terms for the spec (public, unit scope, facet filters), or
    None when a filter value has no token (nothing can match)."""
    tokens = []
    if spec.public_only:
        tokens.append("p:1")
    if spec.unit_id is not None:
        tokens.append(f"u:{int(spec.unit_id)}")
    for name, value in spec.filters.items():
        token = _token(name, value)
        if token is None:
            return None
        tokens.append(token)
    return tokens


class _PgMatch:
    """The match of a PostgreSQL search: the query words and filter tokens as one tsquery (one GIN
    scan), kinds and dates as conditions on the rows, and the rank of a match."""

    def __init__(self, spec, tokens):
        terms = spec.terms
        folded_query = " & ".join(_quote_pg(fold_w) for _, fold_w in terms)
        self.tsquery, self.params = "to_tsquery('simple', %s)", [folded_query]
        if tokens:
            self.tsquery += " && %s::tsquery"
            self.params.append(" & ".join(_quote_lexeme(t) for t in tokens))
        self.heap_where, self.heap_params = [], []
        if spec.kinds and set(spec.kinds) != {"signal", "case", "page"}:
            self.heap_where.append("m.kind IN (" + ", ".join(["%s"] * len(spec.kinds)) + ")")
            self.heap_params.extend(spec.kinds)
        if spec.date_from:
            self.heap_where.append("m.date >= %s")
            self.heap_params.append(db_datetime(spec.date_from))
        if spec.date_to:
            self.heap_where.append("m.date < %s")
            self.heap_params.append(db_datetime(spec.date_to))
        exact = [_quote_pg(norm_w) for norm_w, fold_w in terms if norm_w != fold_w]
        self.rank_sql, self.rank_params = "ts_rank(t.terms, to_tsquery('simple', %s))", [folded_query]
        if exact:
            # Exact diacritics weigh more: "đất" ranks "đất đai" above "đạt".
            self.rank_sql += " + 2 * ts_rank(t.terms, to_tsquery('simple', %s))"
            self.rank_params.append(" | ".join(exact))

    def where(self, months=None):
        """(SQL condition on search_match m, parameters), limited to `months` (`m:YYYYMM` tokens) if given."""
        query, query_params = self.tsquery, list(self.params)
        if months:
            query += " && %s::tsquery"
            query_params.append(" | ".join(_quote_lexeme(f"m:{m}") for m in [*months, "none"]))
        return " AND ".join([f"m.terms @@ ({query})", *self.heap_where]), query_params + self.heap_params


def _pg_facet_sql(columns):
    """A subquery over the matches `c`: the count per value of each facet column (grouping sets), as JSON."""
    selects = ", ".join(f"c.{column}" for column in columns)
    flags = ", ".join(f"GROUPING(c.{column}) AS grouping_{column}" for column in columns)
    sets = ", ".join(f"(c.{column})" for column in columns)
    row = ", ".join([f"g.{column}" for column in columns] + [f"g.grouping_{column}" for column in columns])
    return (
        f"(SELECT json_agg(json_build_array({row}, g.n)) FROM (SELECT {selects}, {flags}, COUNT(*) AS n "
        f"FROM c GROUP BY GROUPING SETS ({sets})) g)"
    )


def _pg_facet_counts(facet_rows, n):
    """{facet: {value: count}} from the rows of _pg_facet_sql (n values, n grouping flags, count)."""
    facets = {name: {} for name in FACETS}
    for values in facet_rows or []:
        for i, name in enumerate(FACETS):
            if values[n + i] == 0 and values[i] not in (None, ""):
                facets[name][values[i]] = values[-1]
    return facets


class DatabaseBackend:
    name = "database"
    RANK_WINDOW = 2000
    COUNT_LIMIT = 10_000

    def _match(self, spec):
        """(FROM clause, WHERE parts, params, rank expression or None)."""
        terms = spec.terms
        if not terms:
            return "search_searchdocument d", [], [], None
        parts = [
            f"folded : {_quote_fts(fold_w)}"
            if norm_w == fold_w
            else f"(norm : {_quote_fts(norm_w)} OR folded : {_quote_fts(fold_w)})"
            for norm_w, fold_w in terms
        ]
        return (
            "search_searchdocument d JOIN search_fts ON search_fts.rowid = d.id",
            ["search_fts MATCH %s"],
            [" AND ".join(parts)],
            ("-bm25(search_fts, 2.0, 1.0)", []),
        )

    def _filters(self, spec, skip=None):
        where, params = [], []
        if spec.kinds:
            where.append("d.kind IN (" + ", ".join(["%s"] * len(spec.kinds)) + ")")
            params.extend(spec.kinds)
        if spec.public_only:
            where.append("d.is_public = %s")
            params.append(True)
        if spec.unit_id is not None:
            where.append("d.unit_id = %s")
            params.append(spec.unit_id)
        for name, value in spec.filters.items():
            if name == skip or value in (None, ""):
                continue
            where.append(f"d.{FACETS[name]} = %s")
            params.append(value)
        if spec.date_from:
            where.append("d.date >= %s")
            params.append(db_datetime(spec.date_from))
        if spec.date_to:
            where.append("d.date < %s")
            params.append(db_datetime(spec.date_to))
        return where, params

    def search(self, spec):
        """Ranked ids of one page, the number of matches and the facet counts.

        Bounded work whatever the query: relevance is ranked among the RANK_WINDOW newest matches
        (all of them for nearly every query), and the number of matches and the facet counts are
        exact up to COUNT_LIMIT matches (beyond it the total reads "more than", and the facet
        counts are taken over COUNT_LIMIT matches).
        """
        if connection.vendor == "postgresql" and spec.terms:
            return self._search_postgresql(spec)
        source, match_where, match_params, rank = self._match(spec)
        filter_where, filter_params = self._filters(spec)
        where = " AND ".join(match_where + filter_where) or "1=1"
        params = match_params + filter_params
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Short queries: JIT compilation costs more than it saves; a larger work_mem keeps
                # the bitmap of a common word exact (no rechecks).
                cursor.execute("SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true)")
            if rank:
                rank_sql, rank_params = rank
                inner = (
                    f"SELECT d.id AS id, d.date AS date, {rank_sql} AS v FROM {source} WHERE {where} "
                    f"ORDER BY d.date DESC LIMIT {self.RANK_WINDOW}"
                )
                cursor.execute(
                    f"SELECT c.id FROM ({inner}) c ORDER BY c.v DESC, c.date DESC, c.id DESC LIMIT %s OFFSET %s",
                    rank_params + params + [spec.limit, spec.offset],
                )
            else:
                cursor.execute(
                    f"SELECT d.id FROM {source} WHERE {where} ORDER BY d.date DESC, d.id DESC LIMIT %s OFFSET %s",
                    params + [spec.limit, spec.offset],
                )
            ids = [row[0] for row in cursor.fetchall()]
            if spec.offset == 0 and len(ids) < min(spec.limit, self.RANK_WINDOW):
                total = len(ids)
            else:
                cursor.execute(
                    f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} WHERE {where} LIMIT {self.COUNT_LIMIT + 1}) s",
                    params,
                )
                total = cursor.fetchone()[0]
            facets = {}
            if spec.facets and total:
                columns = ", ".join(f"d.{column}" for column in FACETS.values())
                capped = f"(SELECT {columns} FROM {source} WHERE {where} LIMIT {self.COUNT_LIMIT}) d"
                facets = self._facets(cursor, capped, "1=1", params)
        return BackendResult(ids=ids, total=total, facets=facets, capped=total > self.COUNT_LIMIT)

    def _search_postgresql(self, spec):
        """search() on PostgreSQL with query words, over the narrow table search_match.

        Matching is always a GIN bitmap scan (sequential and plain index scans are switched off for
        the transaction, so a badly estimated common word cannot turn into a scan of the whole
        table; filters and access scope are tokens in the same scan), and each statement visits a
        bounded number of narrow rows (the vectors of the window are read again by primary key):
        1. the number of matches and the facet counts, over at most COUNT_LIMIT + 1 matches;
        2. the window, the RANK_WINDOW newest matches, ranked (exact diacritics first: ts_rank over
           the words as written, then the newest) and the page cut from it, in one statement. Up
           to COUNT_LIMIT matches the window is taken among all of them; beyond, month tokens
           (`m:202611`) restrict the scan to the newest month, then to as many newest months as the
           matches found so far say hold the window, so the older matches are never visited.
        """
        tokens = _pg_tokens(spec)
        if tokens is None:  # a filter value that cannot match anything
            return BackendResult(ids=[], total=0, facets={name: {} for name in FACETS} if spec.facets else {})
        match = _PgMatch(spec, tokens)
        with transaction.atomic(), connection.cursor() as cursor:
            # Short queries: no JIT, no parallel workers; bitmaps stay exact (no rechecks); only GIN
            # bitmap scans.
            cursor.execute(
                "SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true), "
                "set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), "
                "set_config('max_parallel_workers_per_gather', '0', true)"
            )
            total, facets, ids = self._pg_count_and_page(cursor, spec, match)
            if total <= self.COUNT_LIMIT:
                return BackendResult(ids=list(ids or []), total=total, facets=facets, capped=False)
            ids = self._pg_window_by_months(cursor, spec, match)
        return BackendResult(ids=list(ids), total=total, facets=facets, capped=True)

    def _pg_count_and_page(self, cursor, spec, match):
        """1. Count, facet counts and (up to COUNT_LIMIT matches) the ranked page, in one statement:
        (total, facets, ids or None)."""
        match_where, match_params = match.where()
        columns = list(FACETS.values())
        facet_sql = _pg_facet_sql(columns) if spec.facets else "NULL"
        # The vectors are read again only for the window (its pages were just visited), not
        # carried through the up to COUNT_LIMIT + 1 rows counted.
        cursor.execute(
            f"WITH c AS MATERIALIZED (SELECT m.id, m.date, {', '.join(f'm.{c}' for c in columns)} "
            f"FROM search_match m WHERE {match_where} LIMIT {self.COUNT_LIMIT + 1}), "
            f"w AS (SELECT c.id FROM c ORDER BY c.date DESC, c.id DESC LIMIT {self.RANK_WINDOW}) "
            f"SELECT (SELECT COUNT(*) FROM c), {facet_sql}, "
            f"CASE WHEN (SELECT COUNT(*) FROM c) <= {self.COUNT_LIMIT} THEN ARRAY(SELECT t.id FROM search_match t "
            f"WHERE t.id = ANY(ARRAY(SELECT w.id FROM w)) "
            f"ORDER BY {match.rank_sql} DESC, t.date DESC, t.id DESC "
            "LIMIT %s OFFSET %s) END",
            match_params + match.rank_params + [spec.limit, spec.offset],
        )
        total, facet_rows, ids = cursor.fetchone()
        facets = {}
        if spec.facets and total:
            facets = _pg_facet_counts(facet_rows, len(columns))
        return total, facets, ids

    def _pg_window_by_months(self, cursor, spec, match):
        """2. Beyond COUNT_LIMIT matches: the page of the window taken among the newest months only."""
        ids = []
        # The months of the documents (index-only scans: plain index scans back on for it).
        cursor.execute("SELECT set_config('enable_indexscan', 'on', true)")
        cursor.execute("SELECT MIN(date), MAX(date) FROM search_match")
        oldest, newest = cursor.fetchone()
        cursor.execute("SELECT set_config('enable_indexscan', 'off', true)")
        months = _months_back(newest, oldest) if newest else []
        size = 1
        while spec.offset < self.RANK_WINDOW:
            span = months[:size] if size < len(months) else None
            match_where, match_params = match.where(span)
            cursor.execute(
                f"WITH w AS MATERIALIZED (SELECT m.id FROM search_match m WHERE {match_where} "
                f"ORDER BY m.date DESC, m.id DESC LIMIT {self.RANK_WINDOW}) "
                f"SELECT (SELECT COUNT(*) FROM w), ARRAY(SELECT t.id FROM search_match t "
                f"WHERE t.id = ANY(ARRAY(SELECT w.id FROM w)) "
                f"ORDER BY {match.rank_sql} DESC, t.date DESC, t.id DESC "
                "LIMIT %s OFFSET %s)",
                match_params + match.rank_params + [spec.limit, spec.offset],
            )
            found, ids = cursor.fetchone()
            if found >= self.RANK_WINDOW or span is None:
                break
            # As many months as the matches found so far say hold the window (with a margin).
            size = max(2 * size, math.ceil(size * 1.3 * self.RANK_WINDOW / max(found, 1)))
        return ids

    def _facets(self, cursor, source, where, params):
        """Counts per value of each facet among the matches (filters applied)."""
        facets = {name: {} for name in FACETS}
        columns = list(FACETS.items())
        if connection.vendor == "postgresql":
            sets = ", ".join(f"(d.{column})" for _, column in columns)
            selects = ", ".join(f"d.{column}" for _, column in columns)
            flags = ", ".join(f"GROUPING(d.{column})" for _, column in columns)
            cursor.execute(
                f"SELECT {selects}, {flags}, COUNT(*) FROM {source} WHERE {where} GROUP BY GROUPING SETS ({sets})",
                params,
            )
            n = len(columns)
            for row in cursor.fetchall():
                values, grouping, count = row[:n], row[n : 2 * n], row[-1]
                for i, (name, _) in enumerate(columns):
                    if grouping[i] == 0 and values[i] not in (None, ""):
                        facets[name][values[i]] = count
            return facets
        for name, column in columns:
            cursor.execute(
                f"SELECT d.{column}, COUNT(*) FROM {source} WHERE {where} GROUP BY d.{column}",
                params,
            )
            facets[name] = {value: count for value, count in cursor.fetchall() if value not in (None, "")}
        return facets

    def ping(self):
        return True
