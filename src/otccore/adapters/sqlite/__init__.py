"""The embedded default: every store in one SQLite file (stdlib ``sqlite3``).

- :class:`SqliteDatabase` — the shared file: per-thread WAL connections, write
  transactions, versioned schema components.
- :class:`SqliteReceivables` — the receivables ports (customers, items, payments,
  allocations) over that file.
- :class:`SqliteCredit` — the credit ports (accounts, orders, reservations).
- :class:`SqliteNumberSequence` — gapless document numbering.
- :class:`SqliteMatchOutcomes` — cash-application suggestions and exceptions.

Example:
    >>> from otccore.adapters.sqlite import SqliteDatabase, SqliteReceivables
    >>> import tempfile, pathlib
    >>> db = SqliteDatabase(pathlib.Path(tempfile.mkdtemp()) / "book.sqlite")
    >>> book = SqliteReceivables(db)
    >>> db.schema_version("receivables")
    2
    >>> db.close()
"""

from otccore.adapters.sqlite._db import Component, SqliteDatabase
from otccore.adapters.sqlite.credit import CREDIT_SCHEMA, SqliteCredit
from otccore.adapters.sqlite.matching import MATCHING_SCHEMA, SqliteMatchOutcomes
from otccore.adapters.sqlite.numbering import NUMBERING_SCHEMA, SqliteNumberSequence
from otccore.adapters.sqlite.receivables import RECEIVABLES_SCHEMA, SqliteReceivables

__all__ = [
    "CREDIT_SCHEMA",
    "MATCHING_SCHEMA",
    "NUMBERING_SCHEMA",
    "RECEIVABLES_SCHEMA",
    "Component",
    "SqliteCredit",
    "SqliteDatabase",
    "SqliteMatchOutcomes",
    "SqliteNumberSequence",
    "SqliteReceivables",
]
