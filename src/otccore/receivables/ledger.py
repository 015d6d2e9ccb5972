"""Applying allocations to open items, and balances per customer.

Pure functions: they take values and return new values. A bad allocation set
raises and returns nothing, so a caller that saves only the result can never
save half of an application.

Example:
    >>> from datetime import date
    >>> from otccore.money import money
    >>> from otccore.receivables import Allocation, OpenItem, apply_allocations
    >>> inv = OpenItem.invoice("INV-1", "C1", money(100, "EUR"),
    ...                        issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))
    >>> [after] = apply_allocations([inv], [
    ...     Allocation.create("applied", money(98, "EUR"), payment_id="P1", item_id="INV-1"),
    ...     Allocation.create("discount", money(2, "EUR"), payment_id="P1", item_id="INV-1"),
    ... ])
    >>> after.open, after.is_open
    (Money('0.00', 'EUR'), False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from otccore._kernel import show
from otccore.errors import CurrencyMismatch, DuplicateId, NotFound, OverApplication
from otccore.money import Money, check_currency, from_minor, to_minor
from otccore.receivables.model import Allocation, CustomerId, OpenItem, Payment, PaymentId

__all__ = ["apply_allocations", "balances", "check_payment_allocations", "index_unique"]


T = TypeVar("T")


def index_unique(values: Iterable[T], key: str, what: str) -> dict[str, T]:
    """Index ``values`` by attribute ``key``, refusing duplicates with :class:`DuplicateId`.

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import Payment
        >>> from otccore.receivables.ledger import index_unique
        >>> index_unique([Payment.create("P1", money(1, "EUR"), value_date=date(2026, 1, 1))],
        ...              "id", "payment")
        {'P1': Payment(id='P1', amount=Money('1', 'EUR'), value_date=datetime.date(2026, 1, 1), payer_name='', payer_account='', customer_id=None, references=(), remittance_text='', remittance=())}
    """
    out: dict[str, T] = {}
    for value in values:
        k = getattr(value, key)
        if k in out:
            raise DuplicateId(f"duplicate {what} id: {k!r}")
        out[k] = value
    return out


def apply_allocations(
    items: Iterable[OpenItem], allocations: Iterable[Allocation]
) -> tuple[OpenItem, ...]:
    """Return ``items`` with every item-settling allocation applied, in the input order.

    Each allocation that names an item reduces that item's open amount toward zero
    by its size (invoices go down, credit notes go up). Raises — and returns nothing —
    when an allocation names an unknown item (:class:`~otccore.errors.NotFound`),
    is in another currency (:class:`~otccore.errors.CurrencyMismatch`) or would take
    an item past zero (:class:`~otccore.errors.OverApplication`). ``ON_ACCOUNT``
    allocations name no item and leave items alone.

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import Allocation, OpenItem, apply_allocations
        >>> inv = OpenItem.invoice("I1", "C1", money(50, "EUR"), issue_date=date(2026, 1, 1),
        ...                        due_date=date(2026, 1, 31))
        >>> apply_allocations([inv], [Allocation.create("applied", money(60, "EUR"),
        ...                                             payment_id="P", item_id="I1")])
        Traceback (most recent call last):
        ...
        otccore.errors.OverApplication: item 'I1': allocations of 60.00 EUR exceed its open amount of 50.00 EUR
    """
    ordered = list(items)
    by_id = index_unique(ordered, "id", "item")
    taken = _taken(allocations, by_id, "item", {})
    result: list[OpenItem] = []
    for item in ordered:
        units = taken.get(item.id)
        if units is None:
            result.append(item)
            continue
        open_units = to_minor(item.open)
        if units > abs(open_units):
            raise OverApplication(
                f"item {item.id!r}: allocations of {show(_from_units(units, item.currency))} exceed its "
                f"open amount of {show(_from_units(abs(open_units), item.currency))}"
            )
        remaining = open_units - units if open_units > 0 else open_units + units
        result.append(item.with_open(_from_units(remaining, item.currency)))
    return tuple(result)


def check_payment_allocations(
    payments: Iterable[Payment],
    allocations: Iterable[Allocation],
    *,
    already_used: Mapping[PaymentId, Money] | None = None,
) -> dict[PaymentId, Money]:
    """Check that no payment gives more cash than it has; return the cash used per payment.

    Only cash-using kinds (``APPLIED``, ``ON_ACCOUNT``) count. ``already_used`` is
    cash allocated earlier. Raises :class:`~otccore.errors.OverApplication` or
    :class:`~otccore.errors.NotFound` and returns nothing on a violation.

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import Allocation, Payment, check_payment_allocations
        >>> p = Payment.create("P1", money(10, "EUR"), value_date=date(2026, 1, 1))
        >>> check_payment_allocations([p], [Allocation.create("on_account", money(10, "EUR"),
        ...                                                   payment_id="P1")])
        {'P1': Money('10.00', 'EUR')}
    """
    by_id = index_unique(payments, "id", "payment")
    before: dict[str, int] = {p: to_minor(m) for p, m in (already_used or {}).items()}
    used = _taken(allocations, by_id, "payment", before)
    result: dict[PaymentId, Money] = {}
    for pid, units in used.items():
        payment = by_id.get(pid)
        if payment is None:
            continue
        if units > to_minor(payment.amount):
            raise OverApplication(
                f"payment {pid!r}: allocations of {show(_from_units(units, payment.currency))} exceed its "
                f"amount of {show(payment.amount)}"
            )
        result[PaymentId(pid)] = _from_units(units, payment.currency)
    return result


def balances(items: Iterable[OpenItem], *, currency: str | None = None) -> dict[CustomerId, Money]:
    """Open balance per customer (credits net against debits), sorted by customer id.

    All items must share one currency; ``currency`` names it when ``items`` may be
    empty (otherwise the result is simply empty).

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import OpenItem, balances
        >>> a = OpenItem.invoice("I1", "C1", money(50, "EUR"), issue_date=date(2026, 1, 1),
        ...                      due_date=date(2026, 1, 31))
        >>> c = OpenItem.create("credit_note", "CN1", "C1", money(-20, "EUR"),
        ...                     issue_date=date(2026, 1, 5))
        >>> balances([a, c])
        {'C1': Money('30.00', 'EUR')}
    """
    rows = list(items)
    code = _one_currency(rows, currency, "balances need")
    totals: dict[str, int] = {}
    for item in rows:
        totals[item.customer_id] = totals.get(item.customer_id, 0) + to_minor(item.open)
    if code is None:
        return {}
    return {CustomerId(k): _from_units(totals[k], code) for k in sorted(totals)}


def _from_units(units: int, currency: str) -> Money:
    return from_minor(units, currency)


def _taken(
    allocations: Iterable[Allocation],
    targets: Mapping[str, OpenItem | Payment],
    what: str,
    start: dict[str, int],
) -> dict[str, int]:
    """Minor units the allocations take from each item (``what`` "item": those that
    settle one) or payment ("payment": those that use cash), added to ``start``.

    An allocation naming an unknown target is NotFound, one in another currency
    CurrencyMismatch.
    """
    taken = start
    key: str | None
    for alloc in allocations:
        if what == "item":
            key, counts = alloc.item_id, alloc.kind.settles_item
        else:
            key, counts = alloc.payment_id, alloc.kind.uses_cash
        if not counts or key is None:
            continue
        target = targets.get(key)
        if target is None:
            raise NotFound(f"allocation names an unknown {what}: {key!r}")
        if alloc.currency != target.currency:
            raise CurrencyMismatch(
                f"allocation in {alloc.currency} for {what} {target.id!r} in {target.currency}"
            )
        taken[key] = taken.get(key, 0) + to_minor(alloc.amount)
    return taken


def _one_currency(items: Iterable[OpenItem], currency: str | None, needs: str) -> str | None:
    """The one currency of ``items``: ``currency`` (checked) when given, else the first
    item's; ``None`` for no items and no ``currency``. An item in another currency
    raises CurrencyMismatch, its message starting with ``needs`` ("aging needs")."""
    code = check_currency(currency) if currency is not None else None
    for item in items:
        if code is None:
            code = item.currency
        elif item.currency != code:
            raise CurrencyMismatch(
                f"{needs} one currency: item {item.id!r} is {item.currency}, not {code} "
                "(convert first)"
            )
    return code
