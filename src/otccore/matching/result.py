"""What cash application decides: matches in bands, exceptions with reason codes.

Every payment ends in exactly one place: an **auto-apply** match (its cash is
fully accounted for: applied plus on account), one or more **suggestions** for a
person to confirm, or an **exception** with a reason code (and, where there is
one, a proposal). Every match carries its tier, score parts, reasons and a
sentence a clerk can read.

Example:
    >>> from datetime import date
    >>> from otccore.matching import reconcile
    >>> from otccore.money import money
    >>> from otccore.receivables import OpenItem, Payment
    >>> inv = OpenItem.invoice("INV-1", "C1", money(100, "EUR"),
    ...                        issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))
    >>> pay = Payment.create("P1", money(100, "EUR"), value_date=date(2026, 1, 20),
    ...                      references=["INV-1"])
    >>> result = reconcile([pay], [inv], as_of=date(2026, 1, 31))
    >>> [(m.band, m.tier, m.item_ids) for m in result.matches]
    [(<Band.AUTO_APPLY: 'auto_apply'>, <Tier.REFERENCE: 'reference'>, ('INV-1',))]
    >>> result.summary().payment_auto_rate
    Decimal('100')
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

import attrs

from otccore._kernel import DIVISION, keyword_only, show
from otccore._tabular import TableMixin
from otccore.matching.codes import Band, ReasonCode, Tier  # re-exported: defined here before
from otccore.money import sum_money
from otccore.reasons import Reason
from otccore.receivables import Allocation, CustomerId, ItemId, OpenItem, Payment, PaymentId

__all__ = [
    "Band",
    "ExceptionCase",
    "Match",
    "Reason",
    "ReasonCode",
    "ReconciliationResult",
    "ScorePart",
    "Summary",
    "Tier",
]


@attrs.frozen
class ScorePart:
    """Points one kind of evidence contributed (negative for a penalty).

    Example:
        >>> from otccore.matching import ScorePart
        >>> ScorePart("reference", 50)
        ScorePart(name='reference', points=50)
    """

    name: str
    points: int


@attrs.frozen
class Match(TableMixin):
    """Payments linked to items, with the allocations that would post it.

    Attributes:
        payment_ids: the payments (several only for split payments).
        item_ids: the items settled or paid, sorted.
        customer_id: the customer the items belong to (the first, if several).
        tier: the pipeline step that found it.
        band: auto-apply or suggest (or exception, for a proposal inside an exception).
        score: the sum of ``parts`` clamped to 0–100.
        parts: the score parts.
        allocations: applied, discount, write-off, deduction, on-account, FX
            difference and bank-fee allocations.
        reasons: the evidence, and why it is not posted when it is not.

    Example:
        >>> from datetime import date
        >>> from otccore.matching import reconcile
        >>> from otccore.matching._examples import _inv, _pay
        >>> items = [_inv("INV-1", 100), _inv("INV-2", 240), _inv("INV-3", 250)]
        >>> result = reconcile([_pay("P2", 250, "INV-2")], items, as_of=date(2026, 1, 31))
        >>> [(m.item_ids, m.tier.value, m.band.value) for m in result.matches]
        [(('INV-3',), 'unique_amount', 'suggest'), (('INV-2',), 'reference', 'suggest')]
        >>> m = result.matches[1]        # the reference says INV-2, the amount says INV-3
        >>> m.payment_ids, m.score
        (('P2',), 60)
        >>> [(a.kind.value, str(a.amount.amount)) for a in m.allocations]
        [('applied', '240.00'), ('on_account', '10.00')]
    """

    payment_ids: tuple[PaymentId, ...]
    item_ids: tuple[ItemId, ...]
    customer_id: CustomerId | None
    tier: Tier
    band: Band
    score: int
    parts: tuple[ScorePart, ...]
    allocations: tuple[Allocation, ...]
    reasons: tuple[Reason, ...]

    @property
    def explanation(self) -> str:
        """One human-readable sentence: who paid what, to which items, and why.

        Built from the fields on demand (a million matches need not carry a
        million sentences).
        """
        verb = {
            Band.AUTO_APPLY: "auto-applied",
            Band.SUGGEST: "suggested",
            Band.EXCEPTION: "proposed",
        }[self.band]
        cash = [a for a in self.allocations if a.kind.uses_cash]
        paid = show(sum_money((a.amount for a in cash), cash[0].currency)) if cash else "0"
        items = ", ".join(self.item_ids) or "no item"
        why = "; ".join(r.message for r in self.reasons)
        return (
            f"Payment {', '.join(self.payment_ids)} ({paid}) {verb} to {items} "
            f"(tier {self.tier.value}, score {self.score}): {why}."
        )

    @property
    def codes(self) -> tuple[ReasonCode, ...]:
        """The reason codes, in order."""
        return tuple(ReasonCode(r.code) for r in self.reasons)

    def to_records(self) -> list[dict[str, object]]:
        """One row per allocation (the columns of
        :meth:`ReconciliationResult.match_rows`), for CSV or
        ``otccore.adapters.pandas.to_frame``.

        Example:
            >>> from datetime import date
            >>> from otccore.matching import reconcile
            >>> from otccore.matching._examples import _inv, _pay
            >>> [m] = reconcile([_pay("P1", 100, "INV-1")], [_inv("INV-1", 100)],
            ...                 as_of=date(2026, 1, 31)).matches
            >>> [(r["kind"], r["item_id"], r["amount"]) for r in m.to_records()]
            [('applied', 'INV-1', Decimal('100.00'))]
        """
        explanation = self.explanation
        reasons = _codes(self.reasons)
        return [
            {
                "payment_ids": " ".join(self.payment_ids),
                "band": self.band.value,
                "tier": self.tier.value,
                "score": self.score,
                "customer_id": self.customer_id or "",
                "kind": a.kind.value,
                "payment_id": a.payment_id or "",
                "item_id": a.item_id or "",
                "amount": a.amount.amount,
                "currency": a.currency,
                "reasons": reasons,
                "explanation": explanation,
            }
            for a in self.allocations
        ]


_MATCH_COLUMNS = (
    "payment_ids",
    "band",
    "tier",
    "score",
    "customer_id",
    "kind",
    "payment_id",
    "item_id",
    "amount",
    "currency",
    "reasons",
    "explanation",
)
"""The columns of :meth:`Match.to_records`, in order (also the CSV adapter's)."""


def _codes(reasons: tuple[Reason, ...]) -> str:
    """The reason codes as one cell, separated by spaces."""
    return " ".join(map(str, (r.code for r in reasons)))


@attrs.frozen
class ExceptionCase:
    """A payment no match explains well enough to suggest, with its reason code.

    Example:
        >>> from otccore.matching import ExceptionCase, Reason, ReasonCode
        >>> case = ExceptionCase("P9", ReasonCode.NO_PAYER, None,
        ...                      (Reason.of(ReasonCode.NO_PAYER, "no payer"),), "no payer", ())
        >>> case.code
        <ReasonCode.NO_PAYER: 'no_payer'>
    """

    payment_id: PaymentId
    code: ReasonCode
    customer_id: CustomerId | None
    reasons: tuple[Reason, ...]
    explanation: str
    proposals: tuple[Match, ...] = ()

    def to_record(self) -> dict[str, object]:
        """One row (the columns of :meth:`ReconciliationResult.exception_rows`).

        Example:
            >>> from otccore.matching import ExceptionCase, Reason, ReasonCode
            >>> case = ExceptionCase("P9", ReasonCode.NO_PAYER, None,
            ...                      (Reason.of(ReasonCode.NO_PAYER, "no payer"),), "no payer")
            >>> case.to_record()
            {'payment_id': 'P9', 'code': 'no_payer', 'customer_id': '', 'proposal_items': '', 'explanation': 'no payer'}
        """
        return {
            "payment_id": self.payment_id,
            "code": self.code.value,
            "customer_id": self.customer_id or "",
            "proposal_items": " ".join(i for p in self.proposals for i in p.item_ids),
            "explanation": self.explanation,
        }


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    with decimal.localcontext(DIVISION):
        return (Decimal(100) * part / whole).normalize() + 0


@attrs.frozen(kw_only=True)
class Summary(TableMixin):
    """Counts and rates of one reconciliation.

    ``item_auto_rate`` is the share of the items the run linked to any payment
    (in a match, a suggestion or an exception's proposal) whose link was posted.
    Rates are ``Decimal`` percent, unrounded; ``None`` when there is nothing to count.

    Example:
        >>> from otccore.matching import Summary
        >>> Summary(payments=4, auto_applied=3, suggested=1,
        ...         exceptions=0, items_auto_applied=5, items_linked=6).payment_auto_rate
        Decimal('75')
    """

    payments: int
    auto_applied: int
    suggested: int
    exceptions: int
    items_auto_applied: int
    items_linked: int

    @property
    def payment_auto_rate(self) -> Decimal | None:
        """Percent of payments auto-applied (``None`` without payments)."""
        return _percent(self.auto_applied, self.payments)

    @property
    def item_auto_rate(self) -> Decimal | None:
        """Percent of linked items whose link was auto-applied (``None`` without links)."""
        return _percent(self.items_auto_applied, self.items_linked)

    def as_dict(self) -> dict[str, object]:
        """The counts and rates as a plain dict (for JSON and tables; also ``to_record``).

        Example:
            >>> from otccore.matching import Summary
            >>> Summary(payments=4, auto_applied=3, suggested=1,
            ...         exceptions=0, items_auto_applied=5, items_linked=6).as_dict()["suggested"]
            1
        """
        return {
            "payments": self.payments,
            "auto_applied": self.auto_applied,
            "suggested": self.suggested,
            "exceptions": self.exceptions,
            "items_auto_applied": self.items_auto_applied,
            "items_linked": self.items_linked,
            "payment_auto_rate": self.payment_auto_rate,
            "item_auto_rate": self.item_auto_rate,
        }

    to_record = as_dict  # one row for ``otccore.adapters.pandas.to_frame``

    def to_records(self) -> list[dict[str, object]]:
        """The summary as a table of one row (:meth:`as_dict`)."""
        return [self.as_dict()]


Summary.__init__ = keyword_only(Summary.__init__)  # type: ignore[method-assign]


@attrs.frozen
class ReconciliationResult(TableMixin):
    """The outcome of :func:`~otccore.matching.reconcile`.

    Attributes:
        matches: auto-apply matches and suggestions, sorted by first payment id.
        exceptions: one per payment that is neither auto-applied nor suggested.
        leftover_payments: the payments not auto-applied, unchanged.
        leftover_items: open items after the auto-apply allocations (settled
            items dropped), sorted by id. Reconciling the leftovers again posts nothing.
        as_of: the date of the run.

    The examples of the methods below use ``_example()``, which returns the
    result built here: P1 pays INV-1 by reference (posted), P2 names INV-2 but
    pays exactly INV-3's amount (two suggestions), nobody knows who sent P3.

    Example:
        >>> from datetime import date
        >>> from otccore.matching import reconcile
        >>> from otccore.matching._examples import _example
        >>> from otccore.money import money
        >>> from otccore.receivables import OpenItem, Payment
        >>> def inv(number, amount):
        ...     return OpenItem.invoice(number, "C1", money(amount, "EUR"),
        ...                             issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))
        >>> def pay(pid, amount, *refs):
        ...     return Payment.create(pid, money(amount, "EUR"), value_date=date(2026, 1, 20),
        ...                           references=refs)
        >>> result = reconcile(
        ...     [pay("P1", 100, "INV-1"), pay("P2", 250, "INV-2"), pay("P3", 7)],
        ...     [inv("INV-1", 100), inv("INV-2", 240), inv("INV-3", 250)],
        ...     as_of=date(2026, 1, 31))
        >>> result == _example()
        True
        >>> [(m.band.value, m.item_ids) for m in result.matches]
        [('auto_apply', ('INV-1',)), ('suggest', ('INV-3',)), ('suggest', ('INV-2',))]
        >>> [(e.payment_id, e.code.value) for e in result.exceptions]
        [('P3', 'no_payer')]
        >>> [i.id for i in result.leftover_items], [p.id for p in result.leftover_payments]
        (['INV-2', 'INV-3'], ['P2', 'P3'])
    """

    matches: tuple[Match, ...]
    exceptions: tuple[ExceptionCase, ...]
    leftover_payments: tuple[Payment, ...]
    leftover_items: tuple[OpenItem, ...]
    as_of: date | None = None

    @property
    def auto_applied(self) -> tuple[Match, ...]:
        """The matches in the auto-apply band."""
        return tuple(m for m in self.matches if m.band is Band.AUTO_APPLY)

    @property
    def suggestions(self) -> tuple[Match, ...]:
        """The matches in the suggest band."""
        return tuple(m for m in self.matches if m.band is Band.SUGGEST)

    def allocations(self) -> tuple[Allocation, ...]:
        """Every allocation of every auto-apply match, ready for ``record_allocations``.

        Example:
            >>> from otccore.matching._examples import _example
            >>> [(a.kind.value, a.item_id, str(a.amount.amount)) for a in _example().allocations()]
            [('applied', 'INV-1', '100.00')]
        """
        return tuple(a for m in self.auto_applied for a in m.allocations)

    def summary(self) -> Summary:
        """Payment-level and item-level counts and auto-apply rates.

        Example:
            >>> from otccore.matching._examples import _example
            >>> s = _example().summary()
            >>> s.payments, s.auto_applied, s.suggested, s.exceptions
            (3, 1, 1, 1)
            >>> s.payment_auto_rate, s.item_auto_rate
            (Decimal('33.33333333333333333333333333'), Decimal('33.33333333333333333333333333'))
        """
        auto_pay: set[str] = set()
        auto_items: set[str] = set()
        sugg_pay: set[str] = set()
        linked: set[str] = set()
        for m in self.matches:
            linked.update(m.item_ids)
            if m.band is Band.AUTO_APPLY:
                auto_pay.update(m.payment_ids)
                auto_items.update(m.item_ids)
            else:
                sugg_pay.update(m.payment_ids)
        for case in self.exceptions:
            for proposal in case.proposals:
                linked.update(proposal.item_ids)
        sugg_pay -= auto_pay
        payments = len(auto_pay) + len(sugg_pay) + len(self.exceptions)
        return Summary(
            payments=payments,
            auto_applied=len(auto_pay),
            suggested=len(sugg_pay),
            exceptions=len(self.exceptions),
            items_auto_applied=len(auto_items),
            items_linked=len(linked),
        )

    def match_rows(self) -> list[dict[str, object]]:
        """One row per allocation of every match (for CSV or ``pandas.DataFrame``).

        Example:
            >>> from otccore.matching._examples import _example
            >>> for r in _example().match_rows():
            ...     print(r["payment_id"], r["band"], r["kind"], r["item_id"], r["amount"])
            P1 auto_apply applied INV-1 100.00
            P2 suggest applied INV-3 250.00
            P2 suggest applied INV-2 240.00
            P2 suggest on_account  10.00
        """
        return [row for m in self.matches for row in m.to_records()]

    def allocation_rows(self) -> list[dict[str, object]]:
        """One row per allocation to post (:meth:`allocations`): what the ledger receives.

        Columns ``payment_id``, ``item_id``, ``customer_id``, ``kind``, ``amount``,
        ``currency``, ``tier`` and ``score`` (of the match the allocation comes from).

        Example:
            >>> from datetime import date
            >>> from otccore.matching import reconcile
            >>> from otccore.money import money
            >>> from otccore.receivables import OpenItem, Payment
            >>> items = [OpenItem.invoice(n, "C7", money(a, "EUR"), issue_date=date(2026, 3, 2),
            ...                           due_date=date(2026, 4, 1)) for n, a in [("RE-5001", 60), ("RE-5002", 40)]]
            >>> both = Payment.create("P5", money(100, "EUR"), value_date=date(2026, 3, 20),
            ...                       references=["RE-5001", "RE-5002"])
            >>> rows = reconcile([both], items, as_of=date(2026, 3, 31)).allocation_rows()
            >>> [(r["item_id"], r["customer_id"], r["amount"], r["currency"]) for r in rows]
            [('RE-5001', 'C7', Decimal('60.00'), 'EUR'), ('RE-5002', 'C7', Decimal('40.00'), 'EUR')]
        """
        return [
            {
                "payment_id": a.payment_id or "",
                "item_id": a.item_id or "",
                "customer_id": m.customer_id or "",
                "kind": a.kind.value,
                "amount": a.amount.amount,
                "currency": a.currency,
                "tier": m.tier.value,
                "score": m.score,
            }
            for m in self.auto_applied
            for a in m.allocations
        ]

    def exception_rows(self) -> list[dict[str, object]]:
        """One row per exception (for CSV or ``pandas.DataFrame``).

        Example:
            >>> from otccore.matching._examples import _example
            >>> [(r["payment_id"], r["code"]) for r in _example().exception_rows()]
            [('P3', 'no_payer')]
        """
        return [e.to_record() for e in self.exceptions]

    def to_records(self) -> list[dict[str, object]]:
        """The main table, every row of the result: :meth:`match_rows`, then one row
        per exception (``to_frame()`` builds a frame of it).

        The result has three more tables, each a list of rows with the same column
        conventions (frame any of them with ``otccore.adapters.pandas.to_frame``):
        :meth:`match_rows` (one row per allocation of every match, suggestions
        included), :meth:`allocation_rows` (what auto-apply posts) and
        :meth:`exception_rows` (one row per exception); :meth:`summary` is a
        one-row table of counts and rates.

        All rows have the columns of :meth:`match_rows` plus ``code`` and
        ``proposal_items`` (empty for matches). An exception row has band
        ``exception``, its payment in ``payment_ids`` and ``payment_id``, the codes
        of its reasons in ``reasons``, and ``None`` for ``score`` and ``amount``
        (its proposals are in ``proposal_items``, not in the amounts).

        Example:
            >>> from otccore.matching._examples import _example
            >>> for r in _example().to_records():
            ...     print(r["band"], r["payment_id"], r["kind"] or "-", r["amount"], r["code"] or "-")
            auto_apply P1 applied 100.00 -
            suggest P2 applied 250.00 -
            suggest P2 applied 240.00 -
            suggest P2 on_account 10.00 -
            exception P3 - None no_payer
        """
        rows: list[dict[str, object]] = [
            {**row, "code": "", "proposal_items": ""} for row in self.match_rows()
        ]
        blank = dict.fromkeys(_MATCH_COLUMNS, "")
        for e in self.exceptions:
            record = e.to_record()
            rows.append(
                {
                    **blank,
                    "payment_ids": e.payment_id,
                    "band": Band.EXCEPTION.value,
                    "score": None,
                    "customer_id": record["customer_id"],
                    "payment_id": e.payment_id,
                    "amount": None,
                    "reasons": _codes(e.reasons),
                    "explanation": e.explanation,
                    "code": record["code"],
                    "proposal_items": record["proposal_items"],
                }
            )
        return rows
