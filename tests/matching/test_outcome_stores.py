import pytest

from otccore.adapters.memory import MemoryMatchOutcomes
from otccore.testing.matching import MatchOutcomeStoreContract


class TestMemoryMatchOutcomes(MatchOutcomeStoreContract):
    @pytest.fixture
    def outcome_store(self):
        return MemoryMatchOutcomes()


class TestSqliteMatchOutcomes(MatchOutcomeStoreContract):
    @pytest.fixture
    def outcome_store(self, tmp_path):
        from otccore.adapters.sqlite import SqliteDatabase, SqliteMatchOutcomes

        db = SqliteDatabase(tmp_path / "book.sqlite")
        yield SqliteMatchOutcomes(db)
        db.close()


def test_sqlite_outcomes_survive_reopening(tmp_path):
    from otccore.adapters.sqlite import SqliteDatabase, SqliteMatchOutcomes
    from otccore.testing.matching import _sample

    db = SqliteDatabase(tmp_path / "book.sqlite")
    SqliteMatchOutcomes(db).record_outcomes(_sample())
    db.close()
    db = SqliteDatabase(tmp_path / "book.sqlite")
    try:
        outcomes = SqliteMatchOutcomes(db).list_outcomes()
        assert [o.payment_id for o in outcomes] == ["P1", "P2", "P3"]
        assert outcomes[0].matches[0].allocations[0].amount.amount == 100
    finally:
        db.close()


def test_outcomes_from_a_result():
    from otccore.matching import Band, ReasonCode
    from otccore.testing.matching import _sample

    outcomes = _sample()
    assert [(o.payment_id, o.band, o.code) for o in outcomes] == [
        ("P1", Band.AUTO_APPLY, None),
        ("P2", Band.EXCEPTION, ReasonCode.SHORT_PAY_OVER_TOLERANCE),
        ("P3", Band.EXCEPTION, ReasonCode.NO_PAYER),
    ]
    assert outcomes[1].matches  # the deduction proposal travels with the exception
