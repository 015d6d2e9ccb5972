"""The embedded default: every store in one SQLite file (stdlib ``sqlite3``).

Example:
    >>> import tempfile, pathlib
    >>> db = SqliteDatabase(pathlib.Path(tempfile.mkdtemp()) / "book.sqlite")
    >>> db.schema_version("otccore_schema_demo")
    0
    >>> db.close()
"""

from otccore.adapters.sqlite._db import Component, SqliteDatabase
from otccore.adapters.sqlite.matching import MATCHING_COMPONENT, SqliteMatchOutcomes

__all__ = ["MATCHING_COMPONENT", "Component", "SqliteDatabase", "SqliteMatchOutcomes"]
