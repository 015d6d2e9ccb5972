"""The SQLite adapter passes the receivables store contract, over a file in tmp_path."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from otccore.adapters.sqlite import SqliteReceivables
from otccore.testing.receivables import ItemTotalsContract, ReceivablesStoreContract


class TestSqliteReceivablesContract(ReceivablesStoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[SqliteReceivables]:
        store = SqliteReceivables(tmp_path / "book.sqlite")
        yield store
        store.close()


class TestSqliteReceivablesItemTotals(ItemTotalsContract):
    @pytest.fixture
    def book(self, tmp_path: Path) -> Iterator[SqliteReceivables]:
        store = SqliteReceivables(tmp_path / "book.sqlite")
        yield store
        store.close()
