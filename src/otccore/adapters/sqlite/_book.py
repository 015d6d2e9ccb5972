"""What every part of :class:`~otccore.adapters.sqlite.SqliteReceivables` shares.

The base class holds the database and its two transaction shapes (a read snapshot,
an all-or-nothing insert); the functions build ``WHERE`` clauses and check inputs.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from otccore.adapters.sqlite._codec import row_of
from otccore.adapters.sqlite._db import SqliteDatabase
from otccore.errors import DuplicateId, InvalidAmount, InvalidInput, NotFound, StorageError

T = TypeVar("T")
_VARS = 500


def _where(conditions: Sequence[tuple[str, object]]) -> tuple[str, list[object]]:
    if not conditions:
        return "", []
    return " WHERE " + " AND ".join(c for c, _ in conditions), [
        v for _, v in conditions if v is not None
    ]


@contextlib.contextmanager
def _savepoint(con: sqlite3.Connection) -> Iterator[None]:
    # One store call is all or nothing even inside a host's longer transaction
    # (``with db.write():``): on any error this call's changes are undone, the rest kept.
    con.execute("SAVEPOINT otccore_call")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK TO otccore_call")
        con.execute("RELEASE otccore_call")
        raise
    con.execute("RELEASE otccore_call")


def _chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class BookBase:
    """The database and the transaction helpers of the receivables stores."""

    db: SqliteDatabase

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        # Several SELECTs that must see one state of the file: a read transaction,
        # unless this thread is already inside a write (then that one is the snapshot).
        con = self.db.read()
        if con.in_transaction:
            yield con
            return
        try:
            con.execute("BEGIN")
            try:
                yield con
            finally:
                con.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StorageError(f"SQLite error on {self.db.path!r}: {exc}") from exc

    def _insert(
        self,
        what: str,
        table: str,
        new: dict[str, Any],
        write: Callable[[sqlite3.Connection], None],
    ) -> None:
        """Run ``write`` in a transaction; an id already stored becomes DuplicateId."""
        try:
            with self.db.write() as con, _savepoint(con):
                try:
                    write(con)
                except sqlite3.IntegrityError:
                    con.execute("ROLLBACK TO otccore_call")
                    clash = _known_ids(con, table, sorted(new))
                    if clash:
                        raise DuplicateId(f"{what} id already stored: {clash[0]!r}") from None
                    raise
        except UnicodeEncodeError as exc:
            raise InvalidInput(
                f"a {what} holds text SQLite cannot store (not UTF-8 encodable): "
                f"{exc.object[exc.start : exc.end]!r}"
            ) from None
        except OverflowError as exc:
            raise InvalidAmount(
                f"a {what} amount is too large for SQLite's 64-bit integers: {exc}"
            ) from None


def _grouped(
    con: sqlite3.Connection, sql: str, params: Sequence[object], element: Callable[[Any], T]
) -> dict[str, list[T]]:
    """The rows of a list table (first column the owner's id, in position order),
    each made an element by ``element`` and grouped by owner."""
    grouped: dict[str, list[T]] = {}
    for owner, *values in con.execute(sql, params):
        grouped.setdefault(owner, []).append(element(values))
    return grouped


def _first(values: Sequence[T]) -> T:
    """The element of a list table row with one value column."""
    return values[0]


def _nouns(
    rows: Iterable[Sequence[object]],
    names: Sequence[str],
    amounts: Mapping[str, str],
    lists: Mapping[str, Mapping[str, Sequence[object]]],
    from_row: Callable[[dict[str, object]], T],
) -> list[T]:
    """The nouns of a table's rows, each read by ``from_row`` (the noun's named
    constructor) with its money columns decoded and its lists (``{key: grouped}``) added."""
    out: list[T] = []
    for values in rows:
        row = row_of(names, values, amounts)
        for key, grouped in lists.items():
            row[key] = grouped.get(str(row["id"]), ())
        out.append(from_row(row))
    return out


def _one(found: Sequence[T], what: str, key: str) -> T:
    """The one row a lookup by id found, or ``NotFound`` naming the id."""
    if not found:
        raise NotFound(f"no {what} with id {key!r}")
    return found[0]


def _only(values: Iterable[T], kind: type[T], what: str) -> Iterator[T]:
    for value in values:
        if not isinstance(value, kind):
            raise InvalidInput(f"not a {kind.__name__} ({what}): {value!r}")
        yield value


def _known_ids(con: sqlite3.Connection, table: str, ids: Sequence[str]) -> list[str]:
    known: list[str] = []
    for chunk in _chunks(ids, _VARS):
        marks = ", ".join("?" * len(chunk))
        known.extend(
            row[0]
            for row in con.execute(
                f"SELECT id FROM {table} WHERE id IN ({marks})",  # noqa: S608
                list(chunk),
            )
        )
    return sorted(known)
