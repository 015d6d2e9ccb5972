"""Both bundled credit stores pass the contract suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from otccore.adapters.memory import MemoryCredit
from otccore.adapters.sqlite import SqliteCredit, SqliteDatabase
from otccore.credit import CreditStore
from otccore.testing.credit import CreditStoreContract


class TestMemoryCredit(CreditStoreContract):
    @pytest.fixture
    def store(self) -> CreditStore:
        return MemoryCredit()


class TestSqliteCredit(CreditStoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[CreditStore]:
        db = SqliteDatabase(tmp_path / "credit.sqlite")
        yield SqliteCredit(db)
        db.close()


def test_sqlite_store_reopens_from_the_file(tmp_path: Path) -> None:
    from datetime import date

    from otccore.credit import CreditAccount, CreditChange, CreditLimit
    from otccore.money import money

    db = SqliteDatabase(tmp_path / "c.sqlite")
    acc = CreditAccount.open(
        "C1", "EUR", limit=CreditLimit.of(money(5, "EUR"), valid_to=date(2026, 1, 1))
    )
    SqliteCredit(db).commit(CreditChange(accounts=(acc.next_version(),)))
    db.close()
    db2 = SqliteDatabase(tmp_path / "c.sqlite")
    assert SqliteCredit(db2).get_account("C1") == acc.next_version()  # type: ignore[arg-type]
    db2.close()
