"""Receivables metrics: DSO, best possible DSO, ADD, countback DSO, CEI, ADL, DBT, WDTP.

Each definition, its variants and the rules common to all of them are written out
in docs/explanation/metrics.md; this module computes exactly those.

Amounts may be :class:`~otccore.money.Money`, ``Decimal`` or ``int`` (never float);
results are unrounded ``Decimal`` days or percent (round only for display). When a
denominator is zero (no sales, no payments) the result is ``None``: the metric is
undefined, which is a business fact, not an error.

Example:
    >>> from decimal import Decimal
    >>> from otccore.receivables import average_days_delinquent, best_possible_dso, dso
    >>> dso(Decimal("300000"), credit_sales=Decimal("900000"), days=90)
    Decimal('30')
    >>> best_possible_dso(180000, credit_sales=900000, days=90)
    Decimal('18')
    >>> average_days_delinquent(300000, current_receivables=180000, credit_sales=900000, days=90)
    Decimal('12')
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

import attrs
import moneyed

from otccore._kernel import WIDE, choice, keyword_only
from otccore.errors import CurrencyMismatch, InvalidInput
from otccore.money import as_decimal

__all__ = [
    "PaidItem",
    "SalesBasis",
    "average_days_delinquent",
    "average_days_late",
    "best_possible_dso",
    "collection_effectiveness_index",
    "countback_dso",
    "days_beyond_terms",
    "dso",
    "weighted_days_to_pay",
]

# Metrics are computed in the kernel's WIDE context (40 digits, half-even): the
# ambient decimal context is never read or changed.


class SalesBasis(enum.StrEnum):
    """Which sales :func:`collection_effectiveness_index` adds to the opening receivables.

    Example:
        >>> from otccore.receivables import SalesBasis
        >>> SalesBasis("total") is SalesBasis.TOTAL
        True
    """

    MONTHLY = "monthly"
    """The period's sales ÷ its number of months (the CRF form)."""
    TOTAL = "total"
    """The period's whole sales."""


class _Amounts:
    """Turns a metric's amount arguments into Decimals, checking one currency."""

    def __init__(self) -> None:
        self.currency: str | None = None

    def __call__(self, value: object, what: str) -> Decimal:
        if isinstance(value, moneyed.Money):
            code = value.currency.code
            if self.currency is None:
                self.currency = code
            elif code != self.currency:
                raise CurrencyMismatch(f"{what} is in {code}, other amounts in {self.currency}")
            return as_decimal(value.amount, what=what)
        return as_decimal(value, what=what)


def _days(value: object, what: str = "days") -> Decimal:
    d = as_decimal(value, what=what)
    if d <= 0:
        raise InvalidInput(f"{what} must be positive: {value!r}")
    return d


def _clean(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (30, not 3E+1)."""
    with decimal.localcontext(WIDE):
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()


def _ratio_days(numerator: Decimal, sales: Decimal, days: Decimal) -> Decimal | None:
    if sales == 0:
        return None
    with decimal.localcontext(WIDE):
        return _clean(numerator * days / sales)


@keyword_only
def dso(
    receivables: object,
    *,
    credit_sales: object,
    days: object,
    opening_receivables: object | None = None,
) -> Decimal | None:
    """Days sales outstanding: receivables ÷ credit sales of the period × days in it.

    With ``opening_receivables`` the average of opening and closing receivables is
    used instead (the average-AR variant). ``None`` when sales are zero.

    ``credit_sales`` and ``days`` are keyword-only (by position they still work,
    with a ``DeprecationWarning``).

    Example:
        >>> from otccore.receivables import dso
        >>> dso(120, credit_sales=360, days=30)
        Decimal('10')
        >>> dso(120, credit_sales=360, days=30, opening_receivables=60)
        Decimal('7.5')
        >>> dso(120, credit_sales=0, days=30) is None
        True
    """
    amount = _Amounts()
    ar = amount(receivables, "receivables")
    if opening_receivables is not None:
        with decimal.localcontext(WIDE):
            ar = (amount(opening_receivables, "opening receivables") + ar) / 2
    return _ratio_days(ar, amount(credit_sales, "credit sales"), _days(days))


@keyword_only
def best_possible_dso(
    current_receivables: object, *, credit_sales: object, days: object
) -> Decimal | None:
    """Best possible DSO: current (not yet due) receivables ÷ credit sales × days.

    Example:
        >>> from otccore.receivables import best_possible_dso
        >>> best_possible_dso(60, credit_sales=360, days=30)
        Decimal('5')
    """
    amount = _Amounts()
    current = amount(current_receivables, "current receivables")
    return _ratio_days(current, amount(credit_sales, "credit sales"), _days(days))


@keyword_only
def average_days_delinquent(
    receivables: object, *, current_receivables: object, credit_sales: object, days: object
) -> Decimal | None:
    """Average days delinquent: DSO − best possible DSO = past-due AR ÷ sales × days.

    Per customer: call it with that customer's amounts (see
    :meth:`~otccore.receivables.AgingReport.customer_metrics`).

    Example:
        >>> from otccore.receivables import average_days_delinquent
        >>> average_days_delinquent(120, current_receivables=60, credit_sales=360, days=30)
        Decimal('5')
    """
    amount = _Amounts()
    total = amount(receivables, "receivables")
    current = amount(current_receivables, "current receivables")
    past_due = WIDE.subtract(total, current)
    return _ratio_days(past_due, amount(credit_sales, "credit sales"), _days(days))


def countback_dso(receivables: object, periods: Sequence[tuple[object, object]]) -> Decimal | None:
    """Countback (exhaustion) DSO over ``periods`` given latest first as ``(days, sales)``.

    Walk back from the latest period: while the receivables left are at least that
    period's sales, subtract them and add its days; for the last period add the
    remaining receivables ÷ its sales × its days. A period with zero or negative
    sales stops the walk (the days counted so far are the result). ``None`` when
    receivables are positive but the latest period already has no sales. Receivables
    beyond the whole history count only the history's days.

    Example:
        >>> from otccore.receivables import countback_dso
        >>> countback_dso(150, [(30, 100), (31, 100), (30, 100)])
        Decimal('45.5')
        >>> countback_dso(150, [(30, 100), (31, 0), (30, 100)])
        Decimal('30')
    """
    amount = _Amounts()
    left = amount(receivables, "receivables")
    total = Decimal(0)
    walked = False
    with decimal.localcontext(WIDE):
        for index, period in enumerate(periods):
            if not isinstance(period, tuple | list) or len(period) != 2:
                raise InvalidInput(f"period {index} must be a (days, sales) pair: {period!r}")
            days = _days(period[0], f"days of period {index}")
            sales = amount(period[1], f"sales of period {index}")
            if left <= 0:
                break
            if sales <= 0:
                break
            walked = True
            if left >= sales:
                left -= sales
                total += days
            else:
                total += left * days / sales
                left = Decimal(0)
                break
    if not walked and left > 0:
        return None
    return _clean(total)


@keyword_only
def collection_effectiveness_index(
    opening_receivables: object,
    *,
    credit_sales: object,
    closing_receivables: object,
    closing_current_receivables: object,
    months: int,
    sales_basis: SalesBasis | str = SalesBasis.MONTHLY,
) -> Decimal | None:
    """CEI in percent (CRF form, as Oracle Advanced Collections computes it).

    (opening AR + sales ÷ N − closing total AR) ÷ (opening AR + sales ÷ N − closing
    current AR) × 100, where N = ``months`` in the period. ``sales_basis="total"``
    (:class:`SalesBasis`) uses the period's whole sales instead of sales ÷ N.
    ``None`` when the denominator is zero. Every amount after the opening
    receivables is keyword-only (by position they still work, with a
    ``DeprecationWarning``).

    Example:
        >>> from otccore.receivables import collection_effectiveness_index as cei
        >>> cei(100, credit_sales=300, closing_receivables=120, closing_current_receivables=80,
        ...     months=3)
        Decimal('66.66666666666666666666666666666666666667')
        >>> cei(100, credit_sales=300, closing_receivables=120, closing_current_receivables=80,
        ...     months=3, sales_basis="total")
        Decimal('87.5')
    """
    if isinstance(months, bool) or not isinstance(months, int) or months <= 0:
        raise InvalidInput(f"months must be a positive int: {months!r}")
    basis = choice(SalesBasis, sales_basis, "sales_basis")
    amount = _Amounts()
    opening = amount(opening_receivables, "opening receivables")
    sales = amount(credit_sales, "credit sales")
    closing = amount(closing_receivables, "closing receivables")
    current = amount(closing_current_receivables, "closing current receivables")
    with decimal.localcontext(WIDE):
        collectible = opening + (sales / months if basis is SalesBasis.MONTHLY else sales)
        denominator = collectible - current
        if denominator == 0:
            return None
        return _clean((collectible - closing) * 100 / denominator)


@attrs.frozen
class PaidItem:
    """A closed item for payment-timing metrics: its dates and amount.

    Plain ``(issue_date, due_date, paid_date, amount)`` tuples are accepted
    wherever a ``PaidItem`` is.

    Example:
        >>> from datetime import date
        >>> from otccore.receivables import PaidItem
        >>> PaidItem(date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 5), 100).days_late
        5
    """

    issue_date: date
    due_date: date
    paid_date: date
    amount: object

    @property
    def days_late(self) -> int:
        """Paid date − due date (negative when paid early)."""
        return (self.paid_date - self.due_date).days

    @property
    def days_to_pay(self) -> int:
        """Paid date − issue date."""
        return (self.paid_date - self.issue_date).days


def _paid(
    records: Iterable[PaidItem | tuple[date, date, date, object]],
) -> list[tuple[PaidItem, Decimal]]:
    amount = _Amounts()
    out: list[tuple[PaidItem, Decimal]] = []
    for index, record in enumerate(records):
        if not isinstance(record, PaidItem):
            if not isinstance(record, tuple | list) or len(record) != 4:
                raise InvalidInput(
                    f"record {index} must be a PaidItem or (issue, due, paid, amount): {record!r}"
                )
            record = PaidItem(*record)
        for what in ("issue_date", "due_date", "paid_date"):
            if not isinstance(getattr(record, what), date):
                raise InvalidInput(f"record {index}: {what} must be a date: {record!r}")
        value = amount(record.amount, f"amount of record {index}")
        if value < 0:
            raise InvalidInput(f"record {index}: amount must not be negative: {record.amount!r}")
        out.append((record, value))
    return out


def _weighted(pairs: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    with decimal.localcontext(WIDE):
        weight = sum((w for _, w in pairs), Decimal(0))
        if weight == 0:
            return None
        return _clean(sum((d * w for d, w in pairs), Decimal(0)) / weight)


def average_days_late(
    records: Iterable[PaidItem | tuple[date, date, date, object]], *, weighted: bool = False
) -> Decimal | None:
    """Average of (paid date − due date) over closing payments; early counts negative.

    ``weighted=True`` weights each item by its amount. ``None`` for no records
    (or zero total amount when weighted).

    Example:
        >>> from datetime import date
        >>> from otccore.receivables import average_days_late
        >>> d = date(2026, 1, 31)
        >>> rows = [(date(2026, 1, 1), d, date(2026, 2, 10), 100),
        ...         (date(2026, 1, 1), d, date(2026, 1, 29), 300)]
        >>> average_days_late(rows), average_days_late(rows, weighted=True)
        (Decimal('4'), Decimal('1'))
    """
    rows = _paid(records)
    if weighted:
        return _weighted([(Decimal(r.days_late), w) for r, w in rows])
    if not rows:
        return None
    with decimal.localcontext(WIDE):
        return _clean(Decimal(sum(r.days_late for r, _ in rows)) / len(rows))


def days_beyond_terms(
    records: Iterable[PaidItem | tuple[date, date, date, object]], *, clamp_early: bool = False
) -> Decimal | None:
    """Σ(amount × days late) ÷ Σ amount; early payments count negative.

    ``clamp_early=True`` counts early payments as 0 days late.

    Example:
        >>> from datetime import date
        >>> from otccore.receivables import days_beyond_terms
        >>> late = (date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 10), 100)  # 10 days late
        >>> early = (date(2026, 1, 1), date(2026, 1, 31), date(2026, 1, 29), 300)  # 2 early
        >>> days_beyond_terms([late, early]), days_beyond_terms([late, early], clamp_early=True)
        (Decimal('1'), Decimal('2.5'))
    """
    rows = _paid(records)
    return _weighted(
        [(Decimal(max(r.days_late, 0) if clamp_early else r.days_late), w) for r, w in rows]
    )


def weighted_days_to_pay(
    records: Iterable[PaidItem | tuple[date, date, date, object]],
) -> Decimal | None:
    """Σ(amount × (paid − invoice date)) ÷ Σ amount.

    Example:
        >>> from datetime import date
        >>> from otccore.receivables import weighted_days_to_pay
        >>> rows = [(date(2026, 1, 1), date(2026, 1, 31), date(2026, 1, 21), 100),
        ...         (date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 10), 100)]
        >>> weighted_days_to_pay(rows)
        Decimal('30')
    """
    rows = _paid(records)
    return _weighted([(Decimal(r.days_to_pay), w) for r, w in rows])
