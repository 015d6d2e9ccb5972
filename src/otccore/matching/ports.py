"""Ports of cash application: where outcomes (suggestions, exceptions) are kept.

Allocations go to the receivables :class:`~otccore.receivables.AllocationLedger`;
what a person still has to look at — suggestions and exceptions — goes to a
:class:`MatchOutcomeStore`, one current :class:`Outcome` per payment (a new run
replaces the payment's earlier outcome, so running twice stores nothing twice).

Example:
    >>> from otccore.adapters.memory import MemoryMatchOutcomes
    >>> store: MatchOutcomeStore = MemoryMatchOutcomes()
    >>> store.record_outcomes([Outcome("P1", Band.EXCEPTION, ReasonCode.NO_PAYER, (), "no payer",
    ...                                date(2026, 3, 31))])
    >>> [o.code for o in store.list_outcomes()]
    [<ReasonCode.NO_PAYER: 'no_payer'>]
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

import attrs

from otccore.matching.result import Band, Match, ReasonCode, ReconciliationResult
from otccore.receivables import PaymentId

__all__ = ["MatchOutcomeStore", "Outcome"]


@attrs.frozen
class Outcome:
    """The current state of one payment after a run: posted, suggested or an exception.

    ``matches`` holds the posted match, the suggestions, or an exception's proposals;
    ``code`` is the exception's reason code (``None`` otherwise).

    Example:
        >>> Outcome("P1", Band.SUGGEST, None, (), "two candidates", date(2026, 1, 2)).band
        <Band.SUGGEST: 'suggest'>
    """

    payment_id: PaymentId
    band: Band
    code: ReasonCode | None
    matches: tuple[Match, ...]
    explanation: str
    as_of: date

    @classmethod
    def from_result(cls, result: ReconciliationResult, as_of: date) -> list[Outcome]:
        """One outcome per payment of ``result``, sorted by payment id.

        Example:
            >>> from otccore.matching import reconcile
            >>> Outcome.from_result(reconcile([], [], as_of=date(2026, 1, 2)), date(2026, 1, 2))
            []
        """
        by_payment: dict[PaymentId, list[Match]] = {}
        for m in result.matches:
            for pid in m.payment_ids:
                by_payment.setdefault(pid, []).append(m)
        out: list[Outcome] = []
        for pid, matches in by_payment.items():
            band = Band.AUTO_APPLY if matches[0].band is Band.AUTO_APPLY else Band.SUGGEST
            kept = tuple(
                m for m in matches if (m.band is Band.AUTO_APPLY) == (band is Band.AUTO_APPLY)
            )
            out.append(cls(PaymentId(pid), band, None, kept, kept[0].explanation, as_of))
        for case in result.exceptions:
            out.append(
                cls(
                    case.payment_id,
                    Band.EXCEPTION,
                    case.code,
                    case.proposals,
                    case.explanation,
                    as_of,
                )
            )
        return sorted(out, key=lambda o: o.payment_id)


class MatchOutcomeStore(Protocol):
    """Port: the current outcome of each payment, for the people who work the queue."""

    def record_outcomes(self, outcomes: Sequence[Outcome]) -> None:
        """Store ``outcomes`` atomically, replacing each payment's earlier outcome."""
        ...

    def list_outcomes(
        self, *, band: Band | None = None, payment_id: PaymentId | None = None
    ) -> list[Outcome]:
        """Stored outcomes matching the filters, sorted by payment id."""
        ...
