"""PostgreSQL: rebuilding the narrow match table search_match (migration 0003) in bulk.

The triggers of 0003 keep search_match in step row by row (so `manage.py search_reindex`, which
rewrites every document, rewrites every match row too, then calls sync() to repair any drift);
rebuild() remakes it in one pass from search_searchdocument (indexes dropped, rows inserted,
indexes rebuilt), used by the benchmark loader after COPY (it locks the table meanwhile).
"""

COLUMNS = "id, date, kind, is_public, unit_id, field_id, area_id, signal_kind, status, channel"
INDEXES = [
    "CREATE INDEX search_match_terms_gin ON search_match USING gin (terms)",
    "CREATE INDEX search_match_date_idx ON search_match (date)",
]


def rebuild(cursor):
    """Refill search_match from search_searchdocument (PostgreSQL only). Returns the number of rows."""
    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    cursor.execute("DROP INDEX IF EXISTS search_match_terms_gin")
    cursor.execute("DROP INDEX IF EXISTS search_match_date_idx")
    cursor.execute("TRUNCATE search_match")
    cursor.execute(
        f"INSERT INTO search_match ({COLUMNS}, terms) SELECT {COLUMNS}, search_match_terms(folded, norm, kind, "
        "is_public, unit_id, field_id, area_id, signal_kind, status, channel, date) FROM search_searchdocument "
        # In date order, as rows arriving day by day are: the newest months, which the window
        # looks at first, sit together on few pages.
        "ORDER BY date NULLS FIRST, id"
    )
    count = cursor.rowcount
    for sql in INDEXES:
        cursor.execute(sql)
    cursor.execute("ANALYZE search_match")
    return count


def sync(cursor):
    """Repair search_match without locking out searches: rows of documents gone are deleted, missing
    documents added (the triggers normally leave nothing to do). Returns (deleted, added)."""
    cursor.execute(
        "DELETE FROM search_match m WHERE NOT EXISTS (SELECT 1 FROM search_searchdocument d WHERE d.id = m.id)"
    )
    deleted = cursor.rowcount
    cursor.execute(
        f"INSERT INTO search_match ({COLUMNS}, terms) SELECT {COLUMNS}, search_match_terms(folded, norm, kind, "
        "is_public, unit_id, field_id, area_id, signal_kind, status, channel, date) FROM search_searchdocument d "
        "WHERE NOT EXISTS (SELECT 1 FROM search_match m WHERE m.id = d.id)"
    )
    return deleted, cursor.rowcount


def sizes(cursor):
    """(GIN index bytes, match table with its indexes bytes, document table with its indexes bytes)."""
    cursor.execute(
        "SELECT pg_relation_size('search_match_terms_gin'), pg_total_relation_size('search_match'), "
        "pg_total_relation_size('search_searchdocument')"
    )
    return cursor.fetchone()
