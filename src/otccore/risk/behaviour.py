"""Payment behaviour from paid items, and a 0–100 index where higher is better.

The timing figures are the receivables metrics (``otccore.receivables``), reused, not rewritten:
days beyond terms (amount-weighted, early counts negative), average days late and
its amount-weighted form. On top: the share of items paid late (after ``grace_days``),
the trend (average days late of items paid in the last ``recent_days`` minus that of
the earlier ones: positive is getting worse), bounced payments and broken promises.

**Bounced payments and broken promises are counts you pass in.** Nothing here
derives them: the receivables book records payments that arrived, not payments
returned unpaid, and otccore has no collections package yet to keep promises to
pay and tell when one was broken. Count them in your own system (returned direct
debits, bounced cheques, promises your collectors logged) over the window you
judge, and pass ``bounced_payments`` and ``broken_promises``; both default to 0,
which reads "none known", not "none happened".

The **index** reads like D&B's Paydex (it is not D&B's proprietary score): days
beyond terms are mapped through ``index_points`` by linear interpolation — by
default −20 days (anticipates) → 100, −10 → 90, 0 (prompt) → 80, 15 → 70, 22 → 60,
30 → 50, 60 → 40, 90 → 30, 120 → 20, 180 and later → 0 — then each bounced payment
costs ``bounce_penalty`` and each broken promise ``promise_penalty`` points, and the
result is rounded half-up and kept within 0–100. No paid items means no index
(``None``): no experience is not good experience.

Amounts are ``Money``, ``Decimal`` or ``int`` (never float).

Example:
    >>> from datetime import date
    >>> from otccore.risk import payment_behaviour
    >>> d = date(2026, 1, 31)
    >>> items = [(date(2026, 1, 1), d, date(2026, 1, 31), 100),
    ...          (date(2026, 1, 1), d, date(2026, 2, 15), 100)]
    >>> b = payment_behaviour(items, as_of=date(2026, 3, 1))
    >>> b.days_beyond_terms, b.share_paid_late, b.index
    (Decimal('7.5'), Decimal('0.5'), 75)
"""

from __future__ import annotations

import decimal
import enum
import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs
import moneyed

from otccore import _kernel
from otccore._kernel import WIDE
from otccore.errors import InvalidInput
from otccore.receivables import PaidItem, average_days_late, days_beyond_terms
from otccore.risk._common import (
    amount_decimal,
    as_list,
    from_fields,
    plain,
    ratio_decimal,
    rows_of,
)

__all__ = ["DEFAULT_INDEX_POINTS", "PaymentBehaviour", "Trend", "paydex_like", "payment_behaviour"]

_ITEM_FIELDS: tuple[str, ...] = ("issue_date", "due_date", "paid_date", "amount")


def _fields(*values: object) -> tuple[object, ...]:
    return values


DEFAULT_INDEX_POINTS: tuple[tuple[int, int], ...] = (
    (-20, 100),
    (-10, 90),
    (0, 80),
    (15, 70),
    (22, 60),
    (30, 50),
    (60, 40),
    (90, 30),
    (120, 20),
    (180, 0),
)
"""(days beyond terms, index) knots of the Paydex-like mapping."""


class Trend(enum.StrEnum):
    """Direction of payment timing, recent window against the earlier one.

    Example:
        >>> from otccore.risk import Trend
        >>> Trend.WORSENING.value
        'worsening'
    """

    IMPROVING = "improving"
    STABLE = "stable"
    WORSENING = "worsening"
    UNKNOWN = "unknown"


def paydex_like(
    days_beyond_terms: object, points: Sequence[tuple[object, object]] = DEFAULT_INDEX_POINTS
) -> Decimal:
    """Interpolate the index (0–100, unrounded) for amount-weighted days beyond terms.

    Below the first knot the first index applies, beyond the last the last one.

    Example:
        >>> from otccore.risk import paydex_like
        >>> paydex_like(0), paydex_like(7.5), paydex_like(-40), paydex_like(400)
        (Decimal('80'), Decimal('75'), Decimal('100'), Decimal('0'))
    """
    knots = [(ratio_decimal(d, "knot days"), ratio_decimal(v, "knot index")) for d, v in points]
    if not knots or any(b[0] <= a[0] for a, b in itertools.pairwise(knots)):
        raise InvalidInput(f"index points need strictly increasing days: {points!r}")
    x = ratio_decimal(days_beyond_terms, "days beyond terms")
    if x <= knots[0][0]:
        return knots[0][1]
    with decimal.localcontext(WIDE):
        for (x0, y0), (x1, y1) in itertools.pairwise(knots):
            if x <= x1:
                value = y0 + (y1 - y0) * (x - x0) / (x1 - x0)
                return value.quantize(Decimal(1)) if value == value.to_integral_value() else value
    return knots[-1][1]


@attrs.frozen
class PaymentBehaviour:
    """A customer's payment record summarised; see the module for each figure.

    Example:
        >>> from datetime import date
        >>> from otccore.risk import payment_behaviour
        >>> payment_behaviour([], as_of=date(2026, 1, 1)).index is None
        True
    """

    count: int
    days_beyond_terms: Decimal | None
    average_days_late: Decimal | None
    weighted_days_late: Decimal | None
    share_paid_late: Decimal | None
    recent_days_late: Decimal | None
    earlier_days_late: Decimal | None
    trend: Trend
    bounced_payments: int
    broken_promises: int
    index: int | None

    @property
    def trend_days(self) -> Decimal | None:
        """Recent average days late − earlier average days late (positive: worse)."""
        if self.recent_days_late is None or self.earlier_days_late is None:
            return None
        return WIDE.subtract(self.recent_days_late, self.earlier_days_late)

    def to_record(self) -> dict[str, object]:
        """A flat dict (for a table row); the trend as its text."""
        return {
            "count": self.count,
            "days_beyond_terms": self.days_beyond_terms,
            "average_days_late": self.average_days_late,
            "weighted_days_late": self.weighted_days_late,
            "share_paid_late": self.share_paid_late,
            "trend": str(self.trend),
            "trend_days": self.trend_days,
            "bounced_payments": self.bounced_payments,
            "broken_promises": self.broken_promises,
            "index": self.index,
        }


def payment_behaviour(
    items: Iterable[PaidItem | tuple[date, date, date, object]],
    *,
    as_of: date,
    recent_days: int = 90,
    grace_days: int = 0,
    trend_tolerance: object = 5,
    bounced_payments: int = 0,
    broken_promises: int = 0,
    bounce_penalty: int = 5,
    promise_penalty: int = 5,
    index_points: Sequence[tuple[object, object]] = DEFAULT_INDEX_POINTS,
) -> PaymentBehaviour:
    """Summarise paid items as of ``as_of``.

    Items are ``PaidItem``, ``(issued, due, paid, amount)`` tuples, mappings or a
    DataFrame with columns ``issue_date``, ``due_date``, ``paid_date``, ``amount``.

    Items paid after ``as_of`` are refused (they cannot be known yet). The trend is
    ``WORSENING``/``IMPROVING`` when recent average days late differ from the earlier
    ones by more than ``trend_tolerance`` days, ``UNKNOWN`` when either window is
    empty. The result does not depend on the order of the items.

    ``bounced_payments`` and ``broken_promises`` are counts the caller supplies: they
    are not derived from the items (no collections package records promises to pay
    yet), so leaving them at 0 means none are known. Each costs ``bounce_penalty``
    or ``promise_penalty`` index points.

    Example:
        >>> from datetime import date
        >>> from otccore.risk import payment_behaviour
        >>> d = date(2026, 1, 31)
        >>> old = [(date(2025, 9, 1), date(2025, 10, 1), date(2025, 10, 1), 50)] * 3
        >>> new = [(date(2026, 1, 1), d, date(2026, 2, 20), 50)]
        >>> b = payment_behaviour(old + new, as_of=date(2026, 3, 1), bounced_payments=1)
        >>> b.trend, b.trend_days, b.index
        (<Trend.WORSENING: 'worsening'>, Decimal('20'), 72)
    """
    if not isinstance(as_of, date):
        raise InvalidInput(f"as_of must be a date: {as_of!r}")
    recent = _kernel.whole(recent_days, "recent_days")
    grace = _kernel.whole(grace_days, "grace_days")
    bounced = _kernel.whole(bounced_payments, "bounced_payments")
    broken = _kernel.whole(broken_promises, "broken_promises")
    _kernel.whole(bounce_penalty, "bounce_penalty")
    _kernel.whole(promise_penalty, "promise_penalty")
    tolerance = ratio_decimal(trend_tolerance, "trend_tolerance")
    rows: list[PaidItem] = []
    for index, item in enumerate(as_list(rows_of(items))):
        if isinstance(item, Mapping):
            item = from_fields(_fields, item, _ITEM_FIELDS, f"item {index}")
        if not isinstance(item, PaidItem):
            if not isinstance(item, tuple | list) or len(item) != 4:
                raise InvalidInput(
                    f"item {index} must be a PaidItem or (issued, due, paid, amount)"
                )
            issued, due, paid, amount = item
            for when in (issued, due, paid):
                if isinstance(when, datetime):
                    raise InvalidInput(
                        f"item {index}: dates must be datetime.date, not {type(when).__name__} "
                        f"(for a pandas column use .dt.date): {when!r}"
                    )
            # numpy integers become Decimal here; Money keeps its currency for the metrics
            item = PaidItem(
                issued,
                due,
                paid,
                amount if isinstance(amount, moneyed.Money) else amount_decimal(amount),
            )
        if isinstance(item.paid_date, date) and item.paid_date > as_of:
            raise InvalidInput(f"item {index} was paid on {item.paid_date}, after as_of {as_of}")
        rows.append(item)
    dbt = days_beyond_terms(rows)  # validates dates and amounts (never float)
    if not rows:
        return PaymentBehaviour(
            0, None, None, None, None, None, None, Trend.UNKNOWN, bounced, broken, None
        )
    cutoff = as_of - timedelta(days=recent)
    recent_rows = [r for r in rows if r.paid_date > cutoff]
    earlier_rows = [r for r in rows if r.paid_date <= cutoff]
    recent_late = average_days_late(recent_rows)
    earlier_late = average_days_late(earlier_rows)
    if recent_late is None or earlier_late is None:
        trend = Trend.UNKNOWN
    elif WIDE.subtract(recent_late, earlier_late) > tolerance:
        trend = Trend.WORSENING
    elif WIDE.subtract(earlier_late, recent_late) > tolerance:
        trend = Trend.IMPROVING
    else:
        trend = Trend.STABLE
    late = sum(1 for r in rows if r.days_late > grace)
    share = plain(WIDE.divide(Decimal(late), Decimal(len(rows))))
    score_index: int | None = None
    if dbt is not None:
        penalty = bounced * bounce_penalty + broken * promise_penalty
        raw = WIDE.subtract(paydex_like(dbt, index_points), Decimal(penalty))
        clamped = max(Decimal(0), min(Decimal(100), raw))
        score_index = int(clamped.quantize(Decimal(1), decimal.ROUND_HALF_UP, context=WIDE))
    return PaymentBehaviour(
        count=len(rows),
        days_beyond_terms=dbt,
        average_days_late=average_days_late(rows),
        weighted_days_late=average_days_late(rows, weighted=True),
        share_paid_late=share,
        recent_days_late=recent_late,
        earlier_days_late=earlier_late,
        trend=trend,
        bounced_payments=bounced,
        broken_promises=broken,
        index=score_index,
    )
