"""The personal-data access log is append-only: rows are added, never changed nor removed.

Each row carries the hash of the row before it and its own hash over its content, so editing or
deleting a row in the database (around the application) breaks the chain and `verify_chain` finds it.
On PostgreSQL a trigger refuses UPDATE and DELETE on the table as well (migration 0002_security_…).
"""

import hashlib

from django.db import connection, models, transaction

APPEND_ONLY_MESSAGE = "Nhật ký truy cập dữ liệu cá nhân chỉ được ghi thêm, không được sửa hay xóa."
CHAIN_LOCK = 1800  # pg_advisory_xact_lock key: one writer at a time extends the chain


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(APPEND_ONLY_MESSAGE)

    def delete(self):
        raise AppendOnlyError(APPEND_ONLY_MESSAGE)

    _raw_delete = delete


def row_hash(row, previous):
    at = row.at.isoformat(timespec="microseconds") if row.at else ""
    content = "|".join([previous, str(row.user_id or ""), str(row.signal_id or ""), row.action, row.detail, at])
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def append(row, save):
    """Save a new row at the end of the chain (one writer at a time)."""
    if row.pk is not None:
        raise AppendOnlyError(APPEND_ONLY_MESSAGE)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        last = type(row)._base_manager.order_by("-pk").values_list("hash", flat=True).first()
        row.previous_hash = last or ""
        row.hash = row_hash(row, row.previous_hash)
        save()


def verify_chain(model):
    """The pk of the first row whose content or link does not match, or None when the chain holds."""
    previous = None
    for row in model._base_manager.order_by("pk").iterator():
        if not row.hash:  # rows written before the chain existed are chained by the migration
            return row.pk
        if previous is not None and row.previous_hash != previous:
            return row.pk
        if row.hash != row_hash(row, row.previous_hash):
            return row.pk
        previous = row.hash
    return None


POSTGRES_TRIGGER = """
CREATE OR REPLACE FUNCTION opinions_personaldataaccess_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Nhật ký truy cập dữ liệu cá nhân chỉ được ghi thêm, không được sửa hay xóa.';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS opinions_personaldataaccess_append_only ON opinions_personaldataaccess;
CREATE TRIGGER opinions_personaldataaccess_append_only BEFORE UPDATE OR DELETE
ON opinions_personaldataaccess FOR EACH STATEMENT EXECUTE FUNCTION opinions_personaldataaccess_append_only();
"""
