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

from otccore.errors import ConcurrencyConflict, DuplicateId, InvalidInput
from otccore.matching import Band, Outcome
from otccore.receivables import PaymentId

__all__ = ["MemoryMatchOutcomes"]


class MemoryMatchOutcomes:
    """Keeps the current outcome per payment in a dict (thread-safe).

    Each write holds one lock, so the "a posted outcome is final" check and the
    update are atomic.

    Example:
        >>> MemoryMatchOutcomes().list_outcomes()
        []
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._outcomes: dict[str, Outcome] = {}

    def record_outcomes(self, outcomes: Sequence[Outcome]) -> None:
        """Replace each payment's outcome; all or nothing; a posted outcome is final.

        Example:
            >>> from datetime import date
            >>> from otccore.errors import ConcurrencyConflict
            >>> store = MemoryMatchOutcomes()
            >>> store.record_outcomes([Outcome("P1", Band.AUTO_APPLY, None, (), "posted",
            ...                                date(2026, 1, 2))])
            >>> try:
            ...     store.record_outcomes([Outcome("P1", Band.SUGGEST, None, (), "stale",
            ...                                    date(2026, 1, 2))])
            ... except ConcurrencyConflict:
            ...     print("refused")
            refused
        """
        new: dict[str, Outcome] = {}
        for o in outcomes:
            if not isinstance(o, Outcome):
                raise InvalidInput(f"not an Outcome: {o!r}")
            if o.payment_id in new:
                raise DuplicateId(f"two outcomes for payment {o.payment_id!r}")
            new[o.payment_id] = o
        with self._lock:
            for pid, o in new.items():
                old = self._outcomes.get(pid)
                if (
                    old is not None
                    and old.band is Band.AUTO_APPLY
                    and o.band is not Band.AUTO_APPLY
                ):
                    raise ConcurrencyConflict(_refusal(old, o))
            self._outcomes.update(new)

    def list_outcomes(
        self, *, band: Band | None = None, payment_id: PaymentId | None = None
    ) -> list[Outcome]:
        """Outcomes matching the filters, sorted by payment id (one id: a dict lookup).

        Example:
            >>> MemoryMatchOutcomes().list_outcomes(payment_id="P1")
            []
        """
        with self._lock:
            if payment_id is not None:
                one = self._outcomes.get(payment_id)
                return [one] if one is not None and (band is None or one.band is band) else []
            found = [o for o in self._outcomes.values() if band is None or o.band is band]
        return sorted(found, key=lambda o: o.payment_id)


def _refusal(old: Outcome, new: Outcome) -> str:
    return (
        f"payment {old.payment_id!r} is already posted (auto-apply outcome of {old.as_of}): "
        f"a {new.band.value} outcome cannot replace it"
    )
