"""Database backend: SQLite FTS5 or PostgreSQL full-text search over SearchDocument.

The migrations add, for the database in use:
- SQLite: the FTS5 table search_fts(norm, folded), kept in step with search_searchdocument by
  triggers (tokenizer unicode61, diacritics kept: the folded column holds the unaccented text);
- PostgreSQL: the generated columns search_folded (matched, GIN index) and search_exact (ranking),
  stripped tsvectors in the 'simple' configuration (no stemming: Vietnamese has none).

Each query word matches its written form or its folded form; a document that has the exact
diacritics matches both and ranks higher ("đất" before "đạt" for the query "đất").
"""

from django.db import connection, transaction

from . import FACETS, BackendResult


def _quote_pg(word):
    return "'" + word.replace("'", "''").replace("\\", "") + "'"


def _quote_fts(word):
    return '"' + word.replace('"', '""') + '"'


class DatabaseBackend:
    name = "database"
    RANK_WINDOW = 2000
    COUNT_LIMIT = 10_000

    def _match(self, spec):
        """(FROM clause, WHERE parts, params, rank expression or None)."""
        terms = spec.terms
        if not terms:
            return "search_searchdocument d", [], [], None
        if connection.vendor == "postgresql":
            folded_query = " & ".join(_quote_pg(fold_w) for _, fold_w in terms)
            exact = [_quote_pg(norm_w) for norm_w, fold_w in terms if norm_w != fold_w]
            rank_sql, rank_params = "ts_rank(c.fv, to_tsquery('simple', %s))", [folded_query]
            if exact:
                # Exact diacritics weigh more: "đất" ranks "đất đai" above "đạt".
                rank_sql += " + 2 * ts_rank(c.ev, to_tsquery('simple', %s))"
                rank_params.append(" | ".join(exact))
            return (
                "search_searchdocument d",
                ["d.search_folded @@ to_tsquery('simple', %s)"],
                [folded_query],
                (rank_sql, rank_params),
            )
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
            params.append(spec.date_from)
        if spec.date_to:
            where.append("d.date < %s")
            params.append(spec.date_to)
        return where, params

    def search(self, spec):
        """Ranked ids of one page, the number of matches and the facet counts.

        Bounded work whatever the query: relevance is ranked among the RANK_WINDOW newest matches
        (all of them for nearly every query), and the number of matches and the facet counts are
        exact up to COUNT_LIMIT matches (beyond it the total reads "more than", and the facet
        counts are taken over COUNT_LIMIT matches).
        """
        source, match_where, match_params, rank = self._match(spec)
        filter_where, filter_params = self._filters(spec)
        where = " AND ".join(match_where + filter_where) or "1=1"
        params = match_params + filter_params
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Short queries: JIT compilation costs more than it saves; a larger work_mem keeps
                # the bitmap of a common word exact (no rechecks).
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '32MB'")
            if rank:
                rank_sql, rank_params = rank
                # PostgreSQL: ts_rank reads the vectors, so only for the rows of the window.
                columns = "d.search_folded AS fv, d.search_exact AS ev" if connection.vendor == "postgresql" else (
                    f"{rank_sql} AS v"
                )
                inner = (
                    f"SELECT d.id AS id, d.date AS date, {columns} FROM {source} WHERE {where} "
                    f"ORDER BY d.date DESC LIMIT {self.RANK_WINDOW}"
                )
                outer_rank = rank_sql if connection.vendor == "postgresql" else "c.v"
                cursor.execute(
                    f"SELECT c.id FROM ({inner}) c ORDER BY {outer_rank} DESC, c.date DESC, c.id DESC "
                    "LIMIT %s OFFSET %s",
                    params + rank_params + [spec.limit, spec.offset],
                )
            else:
                cursor.execute(
                    f"SELECT d.id FROM {source} WHERE {where} ORDER BY d.date DESC, d.id DESC LIMIT %s OFFSET %s",
                    params + [spec.limit, spec.offset],
                )
            ids = [row[0] for row in cursor.fetchall()]
            if spec.offset == 0 and len(ids) < spec.limit:
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
