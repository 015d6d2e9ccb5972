"""A SQLite :class:`~otccore.invoicing.NumberSequence`: gapless across threads and processes.

Each number is taken in its own ``BEGIN IMMEDIATE`` transaction (the file's write
lock), so two writers never get the same number and none is skipped. When the
host calls it inside its own ``db.write()`` transaction, the number joins that
transaction and is given back if the transaction rolls back: storing the
invoice in the same transaction makes numbering gapless end to end.

Example:
    >>> from otccore.adapters.sqlite import SqliteNumberSequence
    >>> import tempfile, pathlib
    >>> from otccore.adapters.sqlite import SqliteDatabase
    >>> db = SqliteDatabase(pathlib.Path(tempfile.mkdtemp()) / "book.sqlite")
    >>> seq = SqliteNumberSequence(db)
    >>> seq.next_value("INV"), seq.next_value("INV"), seq.current("INV")
    (1, 2, 2)
    >>> db.close()
"""

from __future__ import annotations

from otccore.adapters.sqlite._db import Component, SqliteDatabase
from otccore.invoicing.ports import check_series

__all__ = ["NUMBERING_SCHEMA", "SqliteNumberSequence"]

NUMBERING_SCHEMA = Component(
    "numbering",
    (
        "CREATE TABLE number_sequence ("
        " series TEXT PRIMARY KEY,"
        " value INTEGER NOT NULL CHECK (value >= 0));",
    ),
)
"""The schema component of the number sequences."""


class SqliteNumberSequence:
    """Number sequences in the shared SQLite file.

    Example:
        >>> from otccore.adapters.sqlite import SqliteDatabase, SqliteNumberSequence
        >>> import tempfile, pathlib
        >>> db = SqliteDatabase(pathlib.Path(tempfile.mkdtemp()) / "n.sqlite")
        >>> SqliteNumberSequence(db).gapless
        True
        >>> db.close()
    """

    gapless = True

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db
        db.ensure(NUMBERING_SCHEMA)

    def next_value(self, series: str) -> int:
        """Take the next number of ``series`` atomically.

        Inside the host's own ``db.write()`` the number joins that transaction and
        is given back when it rolls back, so no number is lost.
        """
        key = check_series(series)
        with self._db.write() as con:
            row = con.execute(
                "INSERT INTO number_sequence (series, value) VALUES (?, 1) "
                "ON CONFLICT(series) DO UPDATE SET value = value + 1 RETURNING value",
                (key,),
            ).fetchall()  # fetch all: the statement must finish before COMMIT
        return int(row[0][0])

    def current(self, series: str) -> int:
        """The last number handed out (0 for a new series); takes nothing."""
        row = (
            self._db.read()
            .execute("SELECT value FROM number_sequence WHERE series = ?", (check_series(series),))
            .fetchone()
        )
        return int(row[0]) if row else 0
