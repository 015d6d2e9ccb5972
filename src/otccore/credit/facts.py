"""Overdue and dunning facts for the check steps, and the open-item totals they come from.

The overdue steps (:class:`~otccore.credit.OldestOverdue`,
:class:`~otccore.credit.OverdueShare`) need three numbers about a customer's open
items on the check date: the open total, the overdue total (positive open amounts
due before the check date) and the oldest overdue due date. They are computed from
:class:`OpenItemTotal` rows, one per currency and issue date, by
:func:`facts_from_totals`:

- an item source that keeps those totals up to date on every write answers them
  through the :class:`~otccore.credit.ItemTotals` port at a cost that does not
  grow with the number of open items (the bundled memory and SQLite adapters do);
- any other source gives its open items and :func:`open_item_totals` sums them
  (:func:`facts_from_items` is exactly that), which reads every open item.

Both paths give the same facts: an adapter keeps, per customer, buckets of
(currency, issue date, due date) with the open minor units, the positive open minor
units and the number of open items (:func:`item_bucket` is what one item adds), and
:func:`totals_from_buckets` reduces them for a check date, the one home of that
reduction.

Currencies: amounts in the account currency are summed exactly; amounts in another
currency are summed per currency and issue date and each sum is converted once, on
that issue date (half-up), as exposure converts an item. "Overdue" and "oldest"
look at items whose open amount is positive in their own currency.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from otccore._kernel import day
from otccore.credit.exposure import to_account_minor
from otccore.errors import InvalidInput
from otccore.money import _EXACT as EXACT
from otccore.money import FxRates, Money, check_currency, from_minor
from otccore.receivables import OpenItem
from otccore.receivables.totals import (  # noqa: F401 (old path)
    BucketKey,
    OpenItemTotal,
    add_to_bucket,
    item_bucket,
    open_item_totals,
    totals_from_buckets,
)

__all__ = [
    "CreditFacts",
    "OpenItemTotal",
    "facts_from_items",
    "facts_from_totals",
    "item_bucket",
    "open_item_totals",
    "totals_from_buckets",
]

_HUNDRED: Final = Decimal(100)


@attrs.frozen
class CreditFacts:
    """What the overdue and dunning steps need about a customer's receivables.

    Computed from open items (:func:`facts_from_items`) or open-item totals
    (:func:`facts_from_totals`), or kept by the host (a
    :class:`~otccore.credit.FactsProvider`). ``dunning_level`` ``None`` means
    unknown (the dunning step then passes).

    Example:
        >>> from otccore.credit import CreditFacts
        >>> from otccore.money import money
        >>> f = CreditFacts(money(1000, "EUR"), money(155, "EUR"), oldest_overdue_days=40)
        >>> f.overdue_share
        15
    """

    open: Money
    overdue: Money
    oldest_overdue_days: int | None = None
    dunning_level: int | None = None

    @property
    def overdue_share(self) -> int:
        """Overdue as a whole percent of open receivables, rounded down (as SAP does)."""
        if self.open.amount <= 0 or self.overdue.amount <= 0:
            return 0
        share = EXACT.divide(EXACT.multiply(self.overdue.amount, _HUNDRED), self.open.amount)
        return int(share.to_integral_value(rounding=decimal.ROUND_FLOOR, context=EXACT))


def facts_from_totals(
    totals: Iterable[OpenItemTotal],
    *,
    currency: str,
    as_of: date,
    rates: FxRates,
    dunning_level: int | None = None,
) -> CreditFacts:
    """Open and overdue receivables and the oldest overdue item, in ``currency``.

    Totals in another currency are converted on their issue date through
    ``rates`` (:class:`~otccore.errors.MissingRate` when there is none); such a
    total without an issue date is :class:`~otccore.errors.InvalidInput`.

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.credit import OpenItemTotal, facts_from_totals
        >>> from otccore.money import StaticRates
        >>> totals = [OpenItemTotal("EUR", date(2026, 1, 1), 100_00, 100_00, date(2026, 1, 31)),
        ...           OpenItemTotal("USD", date(2026, 2, 1), 200_00, 0, None)]
        >>> f = facts_from_totals(totals, currency="EUR", as_of=date(2026, 3, 2),
        ...                       rates=StaticRates({("USD", "EUR"): Decimal("0.9")}))
        >>> f.open, f.overdue, f.oldest_overdue_days, f.overdue_share
        (Money('280.00', 'EUR'), Money('100.00', 'EUR'), 30, 35)
    """
    code = check_currency(currency)
    day(as_of, "as of")
    open_minor = overdue_minor = 0
    oldest: date | None = None
    for t in totals:
        if not isinstance(t, OpenItemTotal):
            raise InvalidInput(f"not an OpenItemTotal: {t!r}")
        if t.currency == code:
            open_minor += t.open_minor
            overdue_minor += t.overdue_minor
        elif t.issue_date is None:
            raise InvalidInput(
                f"an open-item total in {t.currency} needs its issue date to be converted "
                f"into {code}"
            )
        else:
            open_minor += _converted(t.open_minor, t.currency, t.issue_date, code, rates)
            overdue_minor += _converted(t.overdue_minor, t.currency, t.issue_date, code, rates)
        if t.oldest_due_date is not None and (oldest is None or t.oldest_due_date < oldest):
            oldest = t.oldest_due_date
    return CreditFacts(
        open=from_minor(open_minor, code),
        overdue=from_minor(overdue_minor, code),
        oldest_overdue_days=(as_of - oldest).days if oldest is not None else None,
        dunning_level=dunning_level,
    )


def _converted(units: int, source: str, issued: date, currency: str, rates: FxRates) -> int:
    if not units:
        return 0
    return to_account_minor(from_minor(units, source), currency, rates, issued)


def facts_from_items(
    items: Iterable[OpenItem],
    *,
    currency: str,
    as_of: date,
    rates: FxRates,
    dunning_level: int | None = None,
) -> CreditFacts:
    """Open and overdue receivables and the oldest overdue item, from open items.

    The same as :func:`facts_from_totals` over :func:`open_item_totals`: it reads
    every item, so its cost grows with the customer's open items.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import facts_from_items
        >>> from otccore.money import StaticRates, money
        >>> from otccore.receivables import OpenItem
        >>> items = [OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1),
        ...                           due_date=date(2026, 1, 31)),
        ...          OpenItem.invoice("I2", "C1", money(300, "EUR"), issue_date=date(2026, 3, 1),
        ...                           due_date=date(2026, 3, 31))]
        >>> f = facts_from_items(items, currency="EUR", as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> f.overdue, f.oldest_overdue_days, f.overdue_share
        (Money('100.00', 'EUR'), 30, 25)
    """
    return facts_from_totals(
        open_item_totals(items, as_of=as_of, currency=currency),
        currency=currency,
        as_of=as_of,
        rates=rates,
        dunning_level=dunning_level,
    )
