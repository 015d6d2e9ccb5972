"""Outlier tests: round amounts, one amount far above the next, order spikes.

- :func:`round_numbers`: share of amounts that are multiples of 100, 1,000 …
- :func:`relative_size_factor`: largest ÷ second largest amount per customer.
- :func:`order_spikes`: an order far above the customer's own history.

Records are :class:`~otccore.risk.Document` values, tuples, mappings or a
DataFrame; every threshold is a keyword parameter.

Example:
    Each test reads the same rows; here a whole book rather than one customer:

    >>> from datetime import date
    >>> from otccore.risk import round_numbers
    >>> rows = [(str(i), f"C{i}", f"N{i}", 1000 if i < 4 else 1234, date(2026, 1, 1)) for i in range(10)]
    >>> [(f.code, f.customer_id, len(f.subjects)) for f in round_numbers(rows, by_customer=False)]
    [('round_100', None, 4), ('round_1000', None, 4)]
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from otccore import _kernel
from otccore._kernel import WIDE
from otccore.errors import InvalidInput
from otccore.risk._common import plain, ratio_decimal
from otccore.risk.codes import SignalCode
from otccore.risk.documents import Document, documents, per_customer
from otccore.risk.findings import Finding, Findings

__all__ = ["order_spikes", "relative_size_factor", "round_numbers"]


def round_numbers(
    records: Iterable[Any],
    *,
    multiples: Mapping[int, object] | None = None,
    min_count: int = 10,
    by_customer: bool | None = None,
    by_party: bool | None = None,
) -> Findings:
    """Customers (or the whole set) whose share of round amounts exceeds a threshold.

    ``multiples`` maps a multiple to the highest acceptable share of amounts that
    are exact multiples of it; default ``{100: 0.2, 1000: 0.1}``. Groups with fewer
    than ``min_count`` documents are not judged. ``by_customer=False`` judges all
    documents as one group (``by_party=`` is its deprecated name).

    Example:
        >>> from datetime import date
        >>> from otccore.risk import round_numbers
        >>> rows = [(str(i), "C1", f"N{i}", 500 if i < 4 else 123 + i, date(2026, 1, 1))
        ...         for i in range(10)]
        >>> [(f.code, f.details["share"]) for f in round_numbers(rows)]
        [('round_100', Decimal('0.4'))]
    """
    limits = {100: Decimal("0.2"), 1000: Decimal("0.1")} if multiples is None else {}
    for m, share in (multiples or {}).items():
        if isinstance(m, bool) or not isinstance(m, int) or m <= 0:
            raise InvalidInput(f"multiples must be positive ints: {m!r}")
        limits[m] = ratio_decimal(share, f"share for {m}")
    _kernel.whole(min_count, "min_count", minimum=1)
    grouped = _kernel.renamed(
        by_customer, by_party, new_name="by_customer", old_name="by_party", where="round_numbers"
    )
    docs = documents(records)
    groups: dict[str | None, list[Document]] = {}
    if grouped is None or grouped:
        groups.update(per_customer(docs))
    else:
        groups[None] = docs
    out = []
    for customer in sorted(groups, key=lambda c: c or ""):
        group = groups[customer]
        if len(group) < min_count:
            continue
        for m in sorted(limits):
            hits = [d for d in group if d.amount != 0 and WIDE.remainder(d.amount, m) == 0]
            share = plain(WIDE.divide(len(hits), len(group)))
            if share > limits[m]:
                out.append(
                    Finding.create(
                        "round_numbers",
                        f"round_{m}",
                        f"{len(hits)} of {len(group)} amounts are multiples of {m} "
                        f"({share:%} > {limits[m]:%})",
                        customer_id=customer,
                        subjects=[d.id for d in hits],
                        data={"share": share, "multiple": m, "limit": limits[m]},
                    )
                )
    return Findings(out)


def relative_size_factor(
    records: Iterable[Any], *, threshold: object = 10, min_count: int = 2
) -> Findings:
    """Customers whose largest amount is at least ``threshold`` × their second largest.

    Only positive amounts count; customers with fewer than ``min_count`` of them are
    skipped.

    Example:
        >>> from datetime import date
        >>> from otccore.risk import relative_size_factor
        >>> rows = [("1", "C1", "A", 100, date(2026, 1, 1)), ("2", "C1", "B", 5000, date(2026, 1, 2))]
        >>> [(f.customer_id, f.details["rsf"]) for f in relative_size_factor(rows)]
        [('C1', Decimal('50'))]
    """
    limit = ratio_decimal(threshold, "threshold")
    _kernel.whole(min_count, "min_count", minimum=2)
    groups = per_customer(d for d in documents(records) if d.amount > 0)
    out = []
    for customer in sorted(groups):
        group = sorted(groups[customer], key=lambda d: (-d.amount, d.id))
        if len(group) < min_count:
            continue
        largest, second = group[0], group[1]
        rsf = plain(WIDE.divide(largest.amount, second.amount))
        if rsf >= limit:
            out.append(
                Finding.create(
                    "relative_size_factor",
                    SignalCode.RELATIVE_SIZE_FACTOR,
                    f"largest amount {largest.amount} is {rsf} × the next largest {second.amount}",
                    customer_id=customer,
                    subjects=[largest.id],
                    data={"rsf": rsf, "largest": largest.amount, "second": second.amount},
                )
            )
    return Findings(out)


def _median(ordered: list[Decimal]) -> Decimal:
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return WIDE.divide(WIDE.add(ordered[mid - 1], ordered[mid]), 2)


def order_spikes(
    records: Iterable[Any],
    *,
    multiple: object = 3,
    min_history: int = 3,
    lookback_days: int | None = 365,
) -> Findings:
    """Orders above ``multiple`` × the median of the same customer's earlier orders.

    Earlier means a strictly earlier date within ``lookback_days`` (``None``: all
    history); an order is judged only with at least ``min_history`` earlier orders.
    Each customer's history is walked once in date order with a sliding window kept
    sorted (bisect), so the median of the window is read off, not recomputed.

    Example:
        >>> from datetime import date
        >>> from otccore.risk import order_spikes
        >>> rows = [(str(i), "C1", f"O{i}", 100, date(2026, 1, 1 + i)) for i in range(4)]
        >>> rows.append(("9", "C1", "O9", 450, date(2026, 2, 1)))
        >>> [(f.subjects, f.details["ratio"]) for f in order_spikes(rows)]
        [(('9',), Decimal('4.5'))]
    """
    factor = ratio_decimal(multiple, "multiple")
    _kernel.whole(min_history, "min_history", minimum=1)
    if lookback_days is not None:
        _kernel.whole(lookback_days, "lookback_days", minimum=1)
    groups = per_customer(documents(records))
    out = []
    for customer in sorted(groups):
        group = sorted(groups[customer], key=lambda d: (d.document_date, d.id))
        window: list[Decimal] = []  # amounts of the orders in [start, day), ascending
        entered = left = 0  # group[left:entered] is the window
        for day, orders in itertools.groupby(group, key=lambda d: d.document_date):
            while entered < len(group) and group[entered].document_date < day:
                bisect.insort(window, group[entered].amount)
                entered += 1
            if lookback_days is not None:
                start = date.fromordinal(max(1, day.toordinal() - lookback_days))
                while left < entered and group[left].document_date < start:
                    del window[bisect.bisect_left(window, group[left].amount)]
                    left += 1
            if len(window) < min_history:
                continue
            median = _median(window)
            if median <= 0:
                continue
            for order in orders:
                if order.amount > WIDE.multiply(factor, median):
                    ratio = plain(WIDE.divide(order.amount, median))
                    out.append(
                        Finding.create(
                            "order_spikes",
                            SignalCode.ORDER_SPIKE,
                            f"order {order.number} of {order.amount} is {ratio} × the median "
                            f"{median} of {len(window)} earlier orders",
                            customer_id=customer,
                            subjects=[order.id],
                            data={"ratio": ratio, "median": median, "history": len(window)},
                        )
                    )
    return Findings(out)
