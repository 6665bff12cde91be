"""Full-text structures for the database in use (SQLite FTS5 or PostgreSQL tsvector + GIN).

Written as RunPython so that one migration serves both databases: each branch runs only on its
vendor; other databases get the plain table (the backend then reports the search as unavailable).
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(norm, folded, content='search_searchdocument', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(rowid, norm, folded) VALUES (new.id, new.norm, new.folded); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, norm, folded) VALUES ('delete', old.id, old.norm, old.folded); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, norm, folded) VALUES ('delete', old.id, old.norm, old.folded); "
    "INSERT INTO search_fts(rowid, norm, folded) VALUES (new.id, new.norm, new.folded); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
# Two stripped vectors (lexemes only, no positions: small enough to stay inside the row, so that
# checking a match never decompresses a large value): the folded one is matched through the GIN
# index; the one with diacritics only ranks exact spellings higher.
POSTGRES_UP = [
    "ALTER TABLE search_searchdocument ADD COLUMN search_folded tsvector GENERATED ALWAYS AS ("
    "strip(to_tsvector('simple'::regconfig, folded))) STORED",
    "ALTER TABLE search_searchdocument ADD COLUMN search_exact tsvector GENERATED ALWAYS AS ("
    "strip(to_tsvector('simple'::regconfig, norm))) STORED",
    "CREATE INDEX search_doc_folded_gin ON search_searchdocument USING gin (search_folded)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_doc_folded_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_exact",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_folded",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
