"""What cash application decides: matches in bands, exceptions with reason codes.

Every payment ends in exactly one place: an **auto-apply** match (its cash is
fully accounted for: applied plus on account), one or more **suggestions** for a
person to confirm, or an **exception** with a reason code (and, where there is
one, a proposal). Every match carries its tier, score parts, reasons and a
sentence a clerk can read.

Example:
    >>> from otccore.money import money
    >>> from otccore.receivables import OpenItem, Payment
    >>> from otccore.matching import reconcile
    >>> inv = OpenItem.invoice("INV-1", "C1", money(100, "EUR"),
    ...                        issued=date(2026, 1, 1), due=date(2026, 1, 31))
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
import enum
from datetime import date
from decimal import Decimal

import attrs

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


class Band(enum.StrEnum):
    """What happens to a match: posted, shown to a person, or an exception.

    Example:
        >>> Band("suggest")
        <Band.SUGGEST: 'suggest'>
    """

    AUTO_APPLY = "auto_apply"
    SUGGEST = "suggest"
    EXCEPTION = "exception"


class Tier(enum.StrEnum):
    """Which step of the pipeline explained a match (cheapest first).

    Example:
        >>> list(Tier)[:3]
        [<Tier.REMITTANCE: 'remittance'>, <Tier.REFERENCE: 'reference'>, <Tier.SPLIT: 'split'>]
    """

    REMITTANCE = "remittance"
    REFERENCE = "reference"
    SPLIT = "split"
    UNIQUE_AMOUNT = "unique_amount"
    SUBSET = "subset"
    MANY_TO_MANY = "many_to_many"
    TIE = "tie"
    NEAR_MISS = "near_miss"
    OLDEST_FIRST = "oldest_first"


class ReasonCode(enum.StrEnum):
    """Why: evidence behind a match, or the reason for an exception.

    Example:
        >>> ReasonCode.SHORT_PAY_OVER_TOLERANCE.value
        'short_pay_over_tolerance'
    """

    # evidence
    PAYER_GIVEN = "payer_given"
    PAYER_BANK_ACCOUNT = "payer_bank_account"
    PAYER_REFERENCE = "payer_reference"
    PAYER_REMITTANCE = "payer_remittance"
    PAYER_ALIAS = "payer_alias"
    PAYER_NAME = "payer_name"
    PAYER_CONFLICT = "payer_conflict"
    REMITTANCE = "remittance"
    REFERENCE = "reference"
    STRUCTURED_REFERENCE = "structured_reference"
    NEAR_MISS_REFERENCE = "near_miss_reference"
    EXACT_AMOUNT = "exact_amount"
    UNIQUE_AMOUNT = "unique_amount"
    SUBSET = "subset"
    SPLIT_PAYMENT = "split_payment"
    TIE_ASSIGNMENT = "tie_assignment"
    OLDEST_FIRST = "oldest_first"
    DISCOUNT = "discount"
    WRITE_OFF = "write_off"
    BANK_FEE = "bank_fee"
    FX_DIFFERENCE = "fx_difference"
    OVERPAYMENT = "overpayment"
    DEDUCTION = "deduction"
    DISCOUNT_EXPIRED = "discount_expired"
    # exceptions (and reasons a match is not posted)
    NO_PAYER = "no_payer"
    NO_CANDIDATE = "no_candidate"
    AMBIGUOUS = "ambiguous"
    AMOUNT_MISMATCH = "amount_mismatch"
    SHORT_PAY_OVER_TOLERANCE = "short_pay_over_tolerance"
    CURRENCY_MISMATCH = "currency_mismatch"
    DUPLICATE_PAYMENT = "duplicate_payment"
    UNKNOWN_REFERENCE = "unknown_reference"
    BUDGET_EXHAUSTED = "budget_exhausted"
    CONFLICT = "conflict"


@attrs.frozen
class Reason:
    """One reason: a code, a sentence, and data as sorted ``(key, value)`` text pairs.

    Example:
        >>> Reason.of(ReasonCode.REFERENCE, "reference INV-1 names the item", key="1")
        Reason(code=<ReasonCode.REFERENCE: 'reference'>, message='reference INV-1 names the item', data=(('key', '1'),))
    """

    code: ReasonCode
    message: str
    data: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, code: ReasonCode, message: str, **data: object) -> Reason:
        """Named constructor taking the data as keywords."""
        return cls(code, message, tuple(sorted((k, str(v)) for k, v in data.items())))


@attrs.frozen
class ScorePart:
    """Points one kind of evidence contributed (negative for a penalty).

    Example:
        >>> ScorePart("reference", 50)
        ScorePart(name='reference', points=50)
    """

    name: str
    points: int


@attrs.frozen
class Match:
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
        >>> Band.AUTO_APPLY in {Band.AUTO_APPLY}
        True
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
        total = sum((a.amount.amount for a in cash), Decimal(0))
        currency = cash[0].currency if cash else ""
        items = ", ".join(self.item_ids) or "no item"
        why = "; ".join(r.message for r in self.reasons)
        return (
            f"Payment {', '.join(self.payment_ids)} ({currency} {total}) {verb} to {items} "
            f"(tier {self.tier.value}, score {self.score}): {why}."
        )

    @property
    def codes(self) -> tuple[ReasonCode, ...]:
        """The reason codes, in order."""
        return tuple(r.code for r in self.reasons)


@attrs.frozen
class ExceptionCase:
    """A payment no match explains well enough to suggest, with its reason code.

    Example:
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


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    with decimal.localcontext(decimal.Context(prec=28)):
        return (Decimal(100) * part / whole).normalize() + 0


@attrs.frozen
class Summary:
    """Counts and rates of one reconciliation.

    ``item_auto_rate`` is the share of the items the run linked to any payment
    (in a match, a suggestion or an exception's proposal) whose link was posted.
    Rates are ``Decimal`` percent, unrounded; ``None`` when there is nothing to count.

    Example:
        >>> Summary(4, 3, 1, 0, 5, 6).payment_auto_rate
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
        """Percent of payments auto-applied."""
        return _percent(self.auto_applied, self.payments)

    @property
    def item_auto_rate(self) -> Decimal | None:
        """Percent of linked items whose link was auto-applied."""
        return _percent(self.items_auto_applied, self.items_linked)

    def as_dict(self) -> dict[str, object]:
        """The counts and rates as a plain dict (for JSON and tables)."""
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


@attrs.frozen
class ReconciliationResult:
    """The outcome of :func:`~otccore.matching.reconcile`.

    Attributes:
        matches: auto-apply matches and suggestions, sorted by first payment id.
        exceptions: one per payment that is neither auto-applied nor suggested.
        leftover_payments: the payments not auto-applied, unchanged.
        leftover_items: open items after the auto-apply allocations (settled
            items dropped), sorted by id. Reconciling the leftovers again posts nothing.
        as_of: the date of the run.

    Example:
        >>> from otccore.matching import reconcile
        >>> reconcile([], [], as_of=date(2026, 1, 1)).summary().payment_auto_rate is None
        True
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
        """Every allocation of every auto-apply match, ready for ``record_allocations``."""
        return tuple(a for m in self.auto_applied for a in m.allocations)

    def summary(self) -> Summary:
        """Payment-level and item-level counts and auto-apply rates."""
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
            >>> from otccore.matching import reconcile
            >>> reconcile([], [], as_of=date(2026, 1, 1)).match_rows()
            []
        """
        rows: list[dict[str, object]] = []
        for m in self.matches:
            for a in m.allocations:
                rows.append(
                    {
                        "payment_ids": " ".join(m.payment_ids),
                        "band": m.band.value,
                        "tier": m.tier.value,
                        "score": m.score,
                        "customer_id": m.customer_id or "",
                        "kind": a.kind.value,
                        "payment_id": a.payment_id or "",
                        "item_id": a.item_id or "",
                        "amount": a.amount.amount,
                        "currency": a.currency,
                        "reasons": " ".join(r.code.value for r in m.reasons),
                        "explanation": m.explanation,
                    }
                )
        return rows

    def exception_rows(self) -> list[dict[str, object]]:
        """One row per exception (for CSV or ``pandas.DataFrame``)."""
        return [
            {
                "payment_id": e.payment_id,
                "code": e.code.value,
                "customer_id": e.customer_id or "",
                "proposal_items": " ".join(i for p in e.proposals for i in p.item_ids),
                "explanation": e.explanation,
            }
            for e in self.exceptions
        ]
