"""The SQLite database shared by every SQLite store: connections, transactions, schema.

One file holds every component's tables (receivables, credit, numbering …). Each
component declares its schema as an ordered list of migration scripts; the
``otccore_schema`` table records the version of each component on disk. Opening a
file migrates older components forward and refuses a file written by a newer
otccore with :class:`~otccore.errors.IncompatibleSchema`.

Connections are per thread, in WAL mode, with ``BEGIN IMMEDIATE`` write
transactions: a writer holds the file's write lock from its first read, so
read-check-write sequences (applying cash, reserving credit) are atomic across
threads and processes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator

import attrs

from otccore.errors import IncompatibleSchema, OtcError, StorageError

__all__ = ["Component", "SqliteDatabase"]


@attrs.frozen
class Component:
    """A named part of the schema: ``migrations[i]`` upgrades it from version i to i + 1.

    Example:
        >>> from otccore.adapters.sqlite import Component
        >>> Component("demo", ("CREATE TABLE demo (id TEXT PRIMARY KEY);",)).version
        1
    """

    name: str
    migrations: tuple[str, ...]

    @property
    def version(self) -> int:
        """The version this otccore writes: the number of migration scripts."""
        return len(self.migrations)


class SqliteDatabase:
    """One SQLite file: per-thread connections, transactions and schema versions.

    Example:
        >>> from otccore.adapters.sqlite import Component, SqliteDatabase
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "book.sqlite"
        >>> db = SqliteDatabase(path)
        >>> db.ensure(Component("demo", ("CREATE TABLE demo (id TEXT PRIMARY KEY);",)))
        >>> with db.write() as con:
        ...     _ = con.execute("INSERT INTO demo VALUES ('a')")
        >>> db.read().execute("SELECT count(*) FROM demo").fetchone()[0]
        1
        >>> db.close()
    """

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = os.fspath(path)
        self._timeout = timeout
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        with self.write() as con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS otccore_schema "
                "(component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            try:
                con = sqlite3.connect(
                    self.path,
                    timeout=self._timeout,
                    isolation_level=None,
                    check_same_thread=False,
                )
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("PRAGMA synchronous=NORMAL")
                con.execute("PRAGMA foreign_keys=ON")
            except sqlite3.Error as exc:
                if con is not None:
                    con.close()
                raise StorageError(f"cannot open SQLite file {self.path!r}: {exc}") from exc
            self._local.con = con
            with self._lock:
                self._all.append(con)
        return con

    def read(self) -> sqlite3.Connection:
        """This thread's connection, for reads outside a write transaction.

        Example:
            >>> from otccore.adapters.sqlite import SqliteDatabase
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> db = SqliteDatabase(pathlib.Path(folder.name) / "book.sqlite")
            >>> db.read().execute("SELECT component FROM otccore_schema").fetchall()
            []
            >>> db.close(); folder.cleanup()
        """
        return self._connect()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE`` … ``COMMIT``); rolls back on any error.

        otccore errors raised inside pass through unchanged; driver errors become
        :class:`~otccore.errors.StorageError`. Nested use joins the outer transaction.

        Example:
            >>> from otccore.adapters.sqlite import Component, SqliteDatabase
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> db = SqliteDatabase(pathlib.Path(folder.name) / "book.sqlite")
            >>> demo = Component("demo", ("CREATE TABLE demo (id TEXT PRIMARY KEY);",))
            >>> db.ensure(demo)
            >>> with db.write() as con:
            ...     _ = con.execute("INSERT INTO demo VALUES ('a')")
            ...     _ = con.execute("INSERT INTO demo VALUES ('a')")
            Traceback (most recent call last):
            ...
            otccore.errors.StorageError: SQLite error on '...book.sqlite': UNIQUE constraint failed: demo.id
            >>> db.read().execute("SELECT count(*) FROM demo").fetchone()[0]  # rolled back
            0
            >>> db.close(); folder.cleanup()
        """
        con = self._connect()
        depth: int = getattr(self._local, "depth", 0)
        if depth:
            self._local.depth = depth + 1
            try:
                yield con
            finally:
                self._local.depth = depth
            return
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StorageError(f"cannot start a write on {self.path!r}: {exc}") from exc
        self._local.depth = 1
        try:
            yield con
        except OtcError:
            con.execute("ROLLBACK")
            raise
        except sqlite3.Error as exc:
            con.execute("ROLLBACK")
            raise StorageError(f"SQLite error on {self.path!r}: {exc}") from exc
        except BaseException:
            con.execute("ROLLBACK")
            raise
        else:
            con.execute("COMMIT")
        finally:
            self._local.depth = 0

    def ensure(self, component: Component) -> None:
        """Create or migrate ``component``'s tables; refuse a newer version on disk.

        Example:
            >>> from otccore.adapters.sqlite import Component, SqliteDatabase
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> db = SqliteDatabase(pathlib.Path(folder.name) / "book.sqlite")
            >>> db.schema_version("demo")
            0
            >>> db.ensure(Component("demo", ("CREATE TABLE demo (id TEXT);",)))
            >>> db.ensure(Component("demo", ("CREATE TABLE demo (id TEXT);",
            ...                              "ALTER TABLE demo ADD COLUMN note TEXT;")))
            >>> db.schema_version("demo")
            2
            >>> db.ensure(Component("demo", ("CREATE TABLE demo (id TEXT);",)))
            Traceback (most recent call last):
            ...
            otccore.errors.IncompatibleSchema: '...book.sqlite': component 'demo' is at schema version 2, this otccore knows up to 1; upgrade otccore
            >>> db.close(); folder.cleanup()
        """
        with self.write() as con:
            row = con.execute(
                "SELECT version FROM otccore_schema WHERE component = ?", (component.name,)
            ).fetchone()
            on_disk = int(row[0]) if row else 0
            if on_disk > component.version:
                raise IncompatibleSchema(
                    f"{self.path!r}: component {component.name!r} is at schema version "
                    f"{on_disk}, this otccore knows up to {component.version}; upgrade otccore"
                )
            for script in component.migrations[on_disk:]:
                for statement in _statements(script):
                    con.execute(statement)
            con.execute(
                "INSERT INTO otccore_schema (component, version) VALUES (?, ?) "
                "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
                (component.name, component.version),
            )

    def schema_version(self, component: str) -> int:
        """The version of ``component`` on disk (0 when absent; :meth:`ensure` shows it)."""
        row = (
            self.read()
            .execute("SELECT version FROM otccore_schema WHERE component = ?", (component,))
            .fetchone()
        )
        return int(row[0]) if row else 0

    def close(self) -> None:
        """Close every connection this object opened (in any thread).

        Using the object again opens a new connection for the calling thread.

        Example:
            >>> from otccore.adapters.sqlite import SqliteDatabase
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> db = SqliteDatabase(pathlib.Path(folder.name) / "book.sqlite")
            >>> con = db.read()
            >>> db.close()
            >>> con.execute("SELECT 1")
            Traceback (most recent call last):
            ...
            sqlite3.ProgrammingError: Cannot operate on a closed database.
            >>> db.read().execute("SELECT 1").fetchone()
            (1,)
            >>> db.close(); folder.cleanup()
        """
        with self._lock:
            for con in self._all:
                con.close()
            self._all.clear()
        self._local = threading.local()


def _statements(script: str) -> list[str]:
    # executescript() would commit the open transaction; run statement by statement.
    return [s.strip() for s in script.split(";") if s.strip()]
