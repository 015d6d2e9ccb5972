"""In-memory :class:`~otccore.matching.MatchOutcomeStore`.

Example:
    >>> from datetime import date
    >>> from otccore.matching import Band, Outcome, ReasonCode
    >>> store = MemoryMatchOutcomes()
    >>> store.record_outcomes([Outcome("P1", Band.EXCEPTION, ReasonCode.NO_PAYER, (), "?",
    ...                                date(2026, 1, 2))])
    >>> store.record_outcomes([Outcome("P1", Band.SUGGEST, None, (), "!", date(2026, 1, 3))])
    >>> [(o.payment_id, o.band.value) for o in store.list_outcomes()]
    [('P1', 'suggest')]
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from otccore.errors import DuplicateId, InvalidInput
from otccore.matching import Band, Outcome
from otccore.receivables import PaymentId

__all__ = ["MemoryMatchOutcomes"]


class MemoryMatchOutcomes:
    """Keeps the current outcome per payment in a dict (thread-safe).

    Example:
        >>> MemoryMatchOutcomes().list_outcomes()
        []
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._outcomes: dict[str, Outcome] = {}

    def record_outcomes(self, outcomes: Sequence[Outcome]) -> None:
        """Replace each payment's outcome; all or nothing."""
        new: dict[str, Outcome] = {}
        for o in outcomes:
            if not isinstance(o, Outcome):
                raise InvalidInput(f"not an Outcome: {o!r}")
            if o.payment_id in new:
                raise DuplicateId(f"two outcomes for payment {o.payment_id!r}")
            new[o.payment_id] = o
        with self._lock:
            self._outcomes.update(new)

    def list_outcomes(
        self, *, band: Band | None = None, payment_id: PaymentId | None = None
    ) -> list[Outcome]:
        """Outcomes matching the filters, sorted by payment id."""
        with self._lock:
            found = [
                o
                for o in self._outcomes.values()
                if (band is None or o.band is band)
                and (payment_id is None or o.payment_id == payment_id)
            ]
        return sorted(found, key=lambda o: o.payment_id)
