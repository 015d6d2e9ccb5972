"""The events of cash application, sent to the host's :class:`~otccore.ports.EventSink`.

:class:`~otccore.matching.CashApplication` emits :class:`MatchPosted` for every
posting (followed by the receivables-level
:class:`otccore.receivables.events.CashApplied` per item it changed),
:class:`MatchSuggested` and :class:`ExceptionRaised` when a payment's outcome is
new or changed, and :class:`ReconciliationRun` at the end of every run.

Example:
    >>> from otccore.matching import MatchSuggested
    >>> MatchSuggested("P1", (("I1",), ("I2",))).as_dict()
    {'payment_id': 'P1', 'options': (('I1',), ('I2',))}
"""

from __future__ import annotations

from datetime import date

import attrs

from otccore import _kernel
from otccore.money import Money
from otccore.ports import Event
from otccore.receivables import ItemId, PaymentId

__all__ = ["ExceptionRaised", "MatchPosted", "MatchSuggested", "ReconciliationRun"]


@attrs.frozen
class MatchPosted(Event):
    """A match was posted: ``amount`` of cash from ``payment_ids`` went to ``item_ids``.

    Was ``CashApplied`` (still importable, with a warning): that name is the
    receivables per-item event :class:`otccore.receivables.events.CashApplied`.

    Example:
        >>> from otccore.matching import MatchPosted
        >>> from otccore.money import money
        >>> MatchPosted(("P1",), ("I1",), money(5, "EUR"), "reference", 90).name
        'MatchPosted'
    """

    payment_ids: tuple[PaymentId, ...]
    item_ids: tuple[ItemId, ...]
    amount: Money
    tier: str
    score: int


@attrs.frozen
class MatchSuggested(Event):
    """A payment waits for a person to confirm one of ``options`` (item id tuples).

    Emitted when the payment's outcome is new or has changed, not on every run.

    Example:
        >>> from otccore.matching import MatchSuggested
        >>> MatchSuggested("P1", (("I1",), ("I2",))).name
        'MatchSuggested'
    """

    payment_id: PaymentId
    options: tuple[tuple[ItemId, ...], ...]


@attrs.frozen
class ExceptionRaised(Event):
    """A payment could not be matched; ``code`` says why.

    Emitted when the payment's outcome is new or has changed, not on every run.

    Example:
        >>> from otccore.matching import ExceptionRaised
        >>> ExceptionRaised("P1", code="no_payer", explanation="no payer").code
        'no_payer'
    """

    payment_id: PaymentId
    code: str = attrs.field(kw_only=True)
    explanation: str = attrs.field(kw_only=True)


ExceptionRaised.__init__ = _kernel.keyword_only(ExceptionRaised.__init__)  # type: ignore[method-assign]


@attrs.frozen
class ReconciliationRun(Event):
    """A run finished, with its counts (emitted by every run).

    ``payments`` counts the payments the run decided, those another writer
    posted meanwhile included; ``auto_applied`` the matches this run posted;
    ``suggested`` and ``exceptions`` the run's final outcomes (lost races and
    rejected matches are exceptions); ``conflicts`` the races lost on every retry.

    Example:
        >>> from datetime import date
        >>> from otccore.matching import ReconciliationRun
        >>> ReconciliationRun(date(2026, 1, 2), payments=3, auto_applied=2, suggested=1,
        ...                   exceptions=0, conflicts=0).payments
        3
    """

    as_of: date
    payments: int = attrs.field(kw_only=True)
    auto_applied: int = attrs.field(kw_only=True)
    suggested: int = attrs.field(kw_only=True)
    exceptions: int = attrs.field(kw_only=True)
    conflicts: int = attrs.field(kw_only=True)


ReconciliationRun.__init__ = _kernel.keyword_only(ReconciliationRun.__init__)  # type: ignore[method-assign]


__getattr__ = _kernel.deprecated_names(__name__, {"CashApplied": ("MatchPosted", MatchPosted)})
