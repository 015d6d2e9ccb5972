"""Contract suite for :class:`~otccore.matching.MatchOutcomeStore` implementations.

Subclass :class:`MatchOutcomeStoreContract` in your adapter's tests and provide an
``outcome_store`` fixture that returns a fresh, empty store (``yield`` it to
close it afterwards)::

    class TestSqliteOutcomes(MatchOutcomeStoreContract):
        @pytest.fixture
        def outcome_store(self, tmp_path):
            db = SqliteDatabase(tmp_path / "outcomes.sqlite")
            yield SqliteMatchOutcomes(db)
            db.close()

Each check is a plain method, so it also runs outside pytest against any store
(the example of :class:`MatchOutcomeStoreContract`).
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from otccore.errors import ConcurrencyConflict, DuplicateId
from otccore.matching import (
    Band,
    MatchOutcomeStore,
    PaymentOutcome,
    ReasonCode,
    reconcile,
)
from otccore.money import money
from otccore.receivables import OpenItem, Payment, PaymentId

__all__ = ["MatchOutcomeStoreContract"]

_DAY = date(2026, 3, 31)


def _sample() -> list[PaymentOutcome]:
    items = [
        OpenItem.invoice("INV-1", "C1", money(100, "EUR"), issue_date=date(2026, 3, 1),
                         due_date=date(2026, 3, 31)),
        OpenItem.invoice("INV-2", "C1", money(300, "EUR"), issue_date=date(2026, 3, 1),
                         due_date=date(2026, 3, 31)),
    ]  # fmt: skip
    pays = [
        Payment.create("P1", money(100, "EUR"), value_date=_DAY, references=["INV-1"]),
        Payment.create("P2", money(100, "EUR"), value_date=_DAY, references=["INV-2"]),
        Payment.create("P3", money(7, "EUR"), value_date=_DAY),
    ]
    return PaymentOutcome.from_result(reconcile(pays, items, as_of=_DAY), _DAY)


class MatchOutcomeStoreContract:
    """Behaviour every outcome store keeps (pytest class; subclass it).

    Example:
        >>> from otccore.adapters.memory import MemoryMatchOutcomes
        >>> from otccore.testing.matching import MatchOutcomeStoreContract
        >>> suite = MatchOutcomeStoreContract()
        >>> checks = sorted(n for n in dir(suite) if n.startswith("test_"))
        >>> for name in checks:
        ...     getattr(suite, name)(MemoryMatchOutcomes())
        >>> checks[:2], len(checks)
        (['test_a_new_outcome_replaces_the_old', 'test_a_posted_outcome_is_final'], 7)
    """

    @pytest.fixture
    def outcome_store(self) -> MatchOutcomeStore:
        """Override: a fresh, empty store (``yield`` it to close it afterwards)."""
        raise NotImplementedError

    def test_round_trip(self, outcome_store: MatchOutcomeStore) -> None:
        """What is recorded comes back equal, sorted by payment id."""
        sample = _sample()
        outcome_store.record_outcomes(sample)
        assert outcome_store.list_outcomes() == sorted(sample, key=lambda o: o.payment_id)

    def test_filters(self, outcome_store: MatchOutcomeStore) -> None:
        """``band`` and ``payment_id`` filter the outcomes."""
        outcome_store.record_outcomes(_sample())
        assert [o.payment_id for o in outcome_store.list_outcomes(band=Band.EXCEPTION)] == [
            "P2",
            "P3",
        ]
        [one] = outcome_store.list_outcomes(payment_id=PaymentId("P3"))
        assert one.code is ReasonCode.NO_PAYER

    def test_many_payment_ids_in_one_call(self, outcome_store: MatchOutcomeStore) -> None:
        """``payment_ids`` keeps the outcomes of those payments, sorted; unknown ids are left out.

        It combines with the other filters, and an empty collection keeps none.
        """
        outcome_store.record_outcomes(_sample())
        found = outcome_store.list_outcomes(payment_ids=["P3", "nope", "P1", "P3"])
        assert [o.payment_id for o in found] == ["P1", "P3"]
        assert found == [
            outcome_store.list_outcomes(payment_id=PaymentId(p))[0] for p in ("P1", "P3")
        ]
        exceptions = outcome_store.list_outcomes(band=Band.EXCEPTION, payment_ids=("P1", "P3"))
        assert [o.payment_id for o in exceptions] == ["P3"]
        assert outcome_store.list_outcomes(payment_id=PaymentId("P1"), payment_ids={"P3"}) == []
        assert outcome_store.list_outcomes(payment_ids=[]) == []
        many = [f"X{n:04d}" for n in range(1200)] + ["P2"]  # more ids than one query may bind
        assert [o.payment_id for o in outcome_store.list_outcomes(payment_ids=many)] == ["P2"]

    def test_a_new_outcome_replaces_the_old(self, outcome_store: MatchOutcomeStore) -> None:
        """A payment has one current outcome; a newer one replaces it."""
        outcome_store.record_outcomes(_sample())
        newer = PaymentOutcome(
            PaymentId("P3"), Band.SUGGEST, None, (), "now suggested", date(2026, 4, 1)
        )
        outcome_store.record_outcomes([newer])
        assert outcome_store.list_outcomes(payment_id=PaymentId("P3")) == [newer]
        assert len(outcome_store.list_outcomes()) == 3

    def test_duplicates_store_nothing(self, outcome_store: MatchOutcomeStore) -> None:
        """Two outcomes for one payment in one call raise ``DuplicateId``; nothing is stored."""
        one = PaymentOutcome(PaymentId("P9"), Band.EXCEPTION, ReasonCode.NO_PAYER, (), "x", _DAY)
        with pytest.raises(DuplicateId):
            outcome_store.record_outcomes([one, one])
        assert outcome_store.list_outcomes() == []

    def test_a_posted_outcome_is_final(self, outcome_store: MatchOutcomeStore) -> None:
        """Only another posting replaces an auto-apply outcome; anything else raises
        ``ConcurrencyConflict`` and stores nothing of the call.
        """
        sample = _sample()
        outcome_store.record_outcomes(sample)
        [posted] = outcome_store.list_outcomes(payment_id=PaymentId("P1"))
        assert posted.band is Band.AUTO_APPLY
        stale = PaymentOutcome(PaymentId("P1"), Band.SUGGEST, None, (), "stale", date(2026, 4, 1))
        new = PaymentOutcome(PaymentId("P9"), Band.EXCEPTION, ReasonCode.NO_PAYER, (), "x", _DAY)
        with pytest.raises(ConcurrencyConflict, match="P1"):
            outcome_store.record_outcomes([new, stale])
        assert outcome_store.list_outcomes(payment_id=PaymentId("P1")) == [posted]
        assert outcome_store.list_outcomes(payment_id=PaymentId("P9")) == []
        # a later posting of the same payment (it had cash left) does replace it
        again = attrs.evolve(posted, as_of=date(2026, 4, 1))
        outcome_store.record_outcomes([again])
        assert outcome_store.list_outcomes(payment_id=PaymentId("P1")) == [again]

    def test_an_unknown_payment_has_no_outcome(self, outcome_store: MatchOutcomeStore) -> None:
        """Filters that match nothing give an empty list, not an error."""
        outcome_store.record_outcomes(_sample())
        assert outcome_store.list_outcomes(payment_id=PaymentId("nope")) == []
        assert outcome_store.list_outcomes(band=Band.SUGGEST) == []
