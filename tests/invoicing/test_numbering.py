"""NumberSequence adapters: the contract suite, plus SQLite's own transaction behaviour."""

from __future__ import annotations

import pytest

from otccore.adapters.memory import MemoryNumberSequence
from otccore.adapters.sqlite import SqliteDatabase, SqliteNumberSequence
from otccore.errors import InvalidInput
from otccore.testing.invoicing import NumberSequenceContract


class TestMemoryNumberSequence(NumberSequenceContract):
    @pytest.fixture
    def sequence(self) -> MemoryNumberSequence:
        return MemoryNumberSequence()


class TestSqliteNumberSequence(NumberSequenceContract):
    @pytest.fixture
    def sequence(self, tmp_path):
        db = SqliteDatabase(tmp_path / "book.sqlite")
        yield SqliteNumberSequence(db)
        db.close()


def test_memory_start_values_are_checked() -> None:
    with pytest.raises(InvalidInput, match="must be an int >= 0"):
        MemoryNumberSequence({"INV": -1})


def test_sqlite_numbers_survive_reopening(tmp_path) -> None:
    db = SqliteDatabase(tmp_path / "book.sqlite")
    SqliteNumberSequence(db).next_value("INV")
    db.close()
    db = SqliteDatabase(tmp_path / "book.sqlite")
    assert SqliteNumberSequence(db).next_value("INV") == 2
    db.close()


def test_sqlite_number_is_given_back_when_the_host_transaction_rolls_back(tmp_path) -> None:
    db = SqliteDatabase(tmp_path / "book.sqlite")
    seq = SqliteNumberSequence(db)
    taken: list[int] = []

    def store_invoice() -> None:
        with db.write():
            taken.append(seq.next_value("INV"))
            raise RuntimeError("storing the invoice failed")

    with pytest.raises(RuntimeError, match="storing"):
        store_invoice()
    assert taken == [1]
    assert seq.current("INV") == 0
    assert seq.next_value("INV") == 1
    db.close()


def test_sqlite_separate_processes_share_the_counter(tmp_path) -> None:
    one = SqliteDatabase(tmp_path / "book.sqlite")
    two = SqliteDatabase(tmp_path / "book.sqlite")
    a, b = SqliteNumberSequence(one), SqliteNumberSequence(two)
    assert [a.next_value("INV"), b.next_value("INV"), a.next_value("INV")] == [1, 2, 3]
    one.close()
    two.close()
