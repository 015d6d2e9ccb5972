"""In-memory :class:`~otccore.matching.MatchOutcomeStore`."""

from __future__ import annotations

import threading
from collections.abc import Mapping

from otccore.errors import ConcurrencyConflict
from otccore.matching import Band, PaymentOutcome
from otccore.matching.ports import OutcomeStoreBase

__all__ = ["MemoryMatchOutcomes"]


class MemoryMatchOutcomes(OutcomeStoreBase):
    """Keeps the current outcome per payment in a dict (thread-safe).

    Each write holds one lock, so the "a posted outcome is final" check and the
    update are atomic.

    Example:
        >>> from datetime import date
        >>> from otccore.adapters.memory import MemoryMatchOutcomes
        >>> from otccore.matching import Band, PaymentOutcome, ReasonCode
        >>> store = MemoryMatchOutcomes()
        >>> store.record_outcomes([PaymentOutcome("P1", Band.EXCEPTION, ReasonCode.NO_PAYER, (),
        ...                                       "?", date(2026, 1, 2))])
        >>> store.record_outcomes([PaymentOutcome("P1", Band.SUGGEST, None, (), "!",
        ...                                       date(2026, 1, 3))])
        >>> [(o.payment_id, o.band.value) for o in store.list_outcomes()]
        [('P1', 'suggest')]
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._outcomes: dict[str, PaymentOutcome] = {}

    def _replace(self, outcomes: Mapping[str, PaymentOutcome]) -> None:
        with self._lock:
            for pid, o in outcomes.items():
                old = self._outcomes.get(pid)
                why = None if old is None else old.refusal(o)
                if why is not None:
                    raise ConcurrencyConflict(why)
            self._outcomes.update(outcomes)

    def _find(self, band: Band | None, ids: set[str] | None) -> list[PaymentOutcome]:
        with self._lock:
            if ids is None:
                found = list(self._outcomes.values())
            else:
                found = [o for k in ids if (o := self._outcomes.get(k)) is not None]
        return sorted(
            (o for o in found if band is None or o.band is band), key=lambda o: o.payment_id
        )
