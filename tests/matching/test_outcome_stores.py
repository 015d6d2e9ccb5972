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


def test_an_outcome_reads_from_a_row_and_refuses_bad_values():
    from datetime import date

    import pytest

    from otccore.errors import InvalidInput
    from otccore.matching import Band, PaymentOutcome, ReasonCode

    row = {
        "payment_id": "P1",
        "band": "exception",
        "code": "no_payer",
        "as_of": "2026-01-02",
        "explanation": "no payer",
        "matches": (),
    }
    assert PaymentOutcome.from_row(row) == PaymentOutcome(
        "P1", Band.EXCEPTION, ReasonCode.NO_PAYER, (), "no payer", date(2026, 1, 2)
    )
    assert PaymentOutcome.from_row({**row, "band": "suggest", "code": None}).code is None
    for bad in ({"band": "posted"}, {"code": "nope"}, {"as_of": "2026-13-01"}):
        with pytest.raises(InvalidInput):
            PaymentOutcome.from_row({**row, **bad})


@pytest.mark.parametrize("store_class", ["memory", "sqlite"])
def test_both_stores_read_a_band_as_text_and_refuse_an_unknown_one(store_class, tmp_path):
    from otccore.adapters.sqlite import SqliteDatabase, SqliteMatchOutcomes
    from otccore.errors import InvalidInput
    from otccore.testing.matching import _sample

    db = SqliteDatabase(tmp_path / "book.sqlite")
    store = MemoryMatchOutcomes() if store_class == "memory" else SqliteMatchOutcomes(db)
    try:
        store.record_outcomes(_sample())
        assert [o.payment_id for o in store.list_outcomes(band="exception")] == ["P2", "P3"]
        with pytest.raises(InvalidInput, match="'posted'"):
            store.list_outcomes(band="posted")
    finally:
        db.close()
