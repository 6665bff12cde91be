"""PostgreSQL: the narrow match table search_match, kept in step with search_searchdocument.

One row per search document (same id) with only what matching, filtering, ordering and counting
need: the date, the facet columns and one stripped tsvector `terms` holding the folded words, the
words as written (for ranking exact diacritics first) and filter tokens (`k:signal`, `p:1`,
`u:12`, `f:3`, `a:45`, `sk:complaint`, `s:new`, `c:web`, `m:202611` for the month of the date,
`m:none` without a date). The tokens never collide with words: the text parser splits on ':'.
The GIN index on `terms` therefore applies the word match, the facet filters, the access scope
and a month range in one index scan, and the heap rows it visits are about 15 times smaller than
the rows of search_searchdocument (display text, norm, folded).

Triggers keep the table in step with search_searchdocument (insert, update, delete, truncate),
whatever writes it (the ORM, search_reindex, COPY in the benchmark loader). The generated columns
and the GIN index of 0002 are dropped on PostgreSQL: search_match replaces them. SQLite is
unchanged (FTS5 table of 0002).
"""

from django.db import migrations

POSTGRES_UP = [
    "DROP INDEX IF EXISTS search_doc_folded_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_exact",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_folded",
    """
    CREATE FUNCTION search_match_terms(
        p_folded text, p_norm text, p_kind text, p_public boolean, p_unit bigint, p_field bigint,
        p_area bigint, p_signal_kind text, p_status text, p_channel text, p_date timestamptz
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT strip(to_tsvector('simple'::regconfig, coalesce(p_folded, '') || ' ' || coalesce(p_norm, '')))
            || array_to_tsvector(array_remove(ARRAY[
                'k:' || p_kind,
                CASE WHEN p_public THEN 'p:1' END,
                'u:' || p_unit::text,
                'f:' || p_field::text,
                'a:' || p_area::text,
                'sk:' || nullif(p_signal_kind, ''),
                's:' || nullif(p_status, ''),
                'c:' || nullif(p_channel, ''),
                'm:' || coalesce(to_char(p_date AT TIME ZONE 'UTC', 'YYYYMM'), 'none')
            ], NULL))
    $$
    """,
    """
    CREATE TABLE search_match (
        id bigint PRIMARY KEY,
        date timestamptz,
        kind varchar(10) NOT NULL,
        is_public boolean NOT NULL,
        unit_id bigint,
        field_id bigint,
        area_id bigint,
        signal_kind varchar(20) NOT NULL,
        status varchar(20) NOT NULL,
        channel varchar(20) NOT NULL,
        terms tsvector NOT NULL
    )
    """,
    """
    CREATE FUNCTION search_match_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN
            DELETE FROM search_match WHERE id = OLD.id;
            IF TG_OP = 'DELETE' THEN
                RETURN NULL;
            END IF;
        END IF;
        INSERT INTO search_match (id, date, kind, is_public, unit_id, field_id, area_id, signal_kind, status,
                                  channel, terms)
        VALUES (NEW.id, NEW.date, NEW.kind, NEW.is_public, NEW.unit_id, NEW.field_id, NEW.area_id,
                NEW.signal_kind, NEW.status, NEW.channel,
                search_match_terms(NEW.folded, NEW.norm, NEW.kind, NEW.is_public, NEW.unit_id, NEW.field_id,
                                   NEW.area_id, NEW.signal_kind, NEW.status, NEW.channel, NEW.date))
        ON CONFLICT (id) DO UPDATE SET date = EXCLUDED.date, kind = EXCLUDED.kind, is_public = EXCLUDED.is_public,
            unit_id = EXCLUDED.unit_id, field_id = EXCLUDED.field_id, area_id = EXCLUDED.area_id,
            signal_kind = EXCLUDED.signal_kind, status = EXCLUDED.status, channel = EXCLUDED.channel,
            terms = EXCLUDED.terms;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION search_match_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE search_match;
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER search_match_sync AFTER INSERT OR UPDATE OR DELETE ON search_searchdocument "
    "FOR EACH ROW EXECUTE FUNCTION search_match_sync()",
    "CREATE TRIGGER search_match_truncate AFTER TRUNCATE ON search_searchdocument "
    "FOR EACH STATEMENT EXECUTE FUNCTION search_match_truncate()",
    # Existing documents, then the indexes (built once, faster than row by row).
    "SET LOCAL maintenance_work_mem = '512MB'",
    """
    INSERT INTO search_match (id, date, kind, is_public, unit_id, field_id, area_id, signal_kind, status, channel,
                              terms)
    SELECT id, date, kind, is_public, unit_id, field_id, area_id, signal_kind, status, channel,
           search_match_terms(folded, norm, kind, is_public, unit_id, field_id, area_id, signal_kind, status,
                              channel, date)
    FROM search_searchdocument ORDER BY date NULLS FIRST, id
    """,
    "CREATE INDEX search_match_terms_gin ON search_match USING gin (terms)",
    "CREATE INDEX search_match_date_idx ON search_match (date)",
    "ANALYZE search_match",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS search_match_truncate ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_match_sync ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_match_truncate()",
    "DROP FUNCTION IF EXISTS search_match_sync()",
    "DROP TABLE IF EXISTS search_match",
    "DROP FUNCTION IF EXISTS search_match_terms(text, text, text, boolean, bigint, bigint, bigint, text, text, "
    "text, timestamptz)",
    "ALTER TABLE search_searchdocument ADD COLUMN search_folded tsvector GENERATED ALWAYS AS ("
    "strip(to_tsvector('simple'::regconfig, folded))) STORED",
    "ALTER TABLE search_searchdocument ADD COLUMN search_exact tsvector GENERATED ALWAYS AS ("
    "strip(to_tsvector('simple'::regconfig, norm))) STORED",
    "CREATE INDEX search_doc_folded_gin ON search_searchdocument USING gin (search_folded)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_fulltext")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP}),
            _run({"postgresql": POSTGRES_DOWN}),
        )
    ]
