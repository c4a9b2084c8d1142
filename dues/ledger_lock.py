"""The dues ledger is append-only in the database itself, not only in ``Payment.save``: triggers
refuse every UPDATE and DELETE of ``dues_payment`` (queryset ``update()``/``delete()``,
``bulk_update``, raw SQL, a deleted user's SET NULL) on PostgreSQL and on SQLite.

Only ``manage.py flush`` (maintenance: emptying a whole database, as the test suite does between
tests) lifts the lock, for its own connection on PostgreSQL and for its duration on SQLite.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connections

MESSAGE = "dues ledger is append-only: record a reversal instead"
PG_SETTING = "zhibutong.ledger_maintenance"
SQLITE_UNLOCK_TABLE = "dues_ledger_unlock"

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION dues_payment_refuse_change() RETURNS trigger AS $$
    BEGIN
        IF coalesce(current_setting('{PG_SETTING}', true), '') = 'on' THEN
            RETURN COALESCE(OLD, NEW);
        END IF;
        RAISE EXCEPTION '{MESSAGE}';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER dues_payment_no_update BEFORE UPDATE OR DELETE ON dues_payment
    FOR EACH ROW EXECUTE FUNCTION dues_payment_refuse_change();
    """,
    """
    CREATE TRIGGER dues_payment_no_truncate BEFORE TRUNCATE ON dues_payment
    FOR EACH STATEMENT EXECUTE FUNCTION dues_payment_refuse_change();
    """,
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS dues_payment_no_truncate ON dues_payment;",
    "DROP TRIGGER IF EXISTS dues_payment_no_update ON dues_payment;",
    "DROP FUNCTION IF EXISTS dues_payment_refuse_change();",
]

_SQLITE_GUARD = f"WHEN NOT EXISTS (SELECT 1 FROM {SQLITE_UNLOCK_TABLE})"
SQLITE_INSTALL = [
    # a table of no model: flush never empties it, and a row in it unlocks the ledger
    f"CREATE TABLE IF NOT EXISTS {SQLITE_UNLOCK_TABLE} (since TEXT NOT NULL);",
    f"""
    CREATE TRIGGER dues_payment_no_update BEFORE UPDATE ON dues_payment {_SQLITE_GUARD}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER dues_payment_no_delete BEFORE DELETE ON dues_payment {_SQLITE_GUARD}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS dues_payment_no_update;",
    "DROP TRIGGER IF EXISTS dues_payment_no_delete;",
    f"DROP TABLE IF EXISTS {SQLITE_UNLOCK_TABLE};",
]


def install(schema_editor) -> None:
    statements = {"postgresql": POSTGRESQL_INSTALL, "sqlite": SQLITE_INSTALL}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def remove(schema_editor) -> None:
    statements = {"postgresql": POSTGRESQL_REMOVE, "sqlite": SQLITE_REMOVE}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


@contextmanager
def unlocked(using: str = "default"):
    """Lift the lock while emptying the database (``manage.py flush``)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET {PG_SETTING} = 'on'")
        elif connection.vendor == "sqlite" and _sqlite_has_table(cursor):
            cursor.execute(f"INSERT INTO {SQLITE_UNLOCK_TABLE} VALUES (datetime('now'))")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"RESET {PG_SETTING}")
            elif connection.vendor == "sqlite" and _sqlite_has_table(cursor):
                cursor.execute(f"DELETE FROM {SQLITE_UNLOCK_TABLE}")


def _sqlite_has_table(cursor) -> bool:
    cursor.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [SQLITE_UNLOCK_TABLE]
    )
    return cursor.fetchone() is not None
