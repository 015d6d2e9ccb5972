"""Hypothesis strategies for otccore values, for property tests in otccore and in hosts.

Every strategy builds valid values through the public named constructors, so a
test that receives one may rely on the domain's own checks having passed:
amounts are exact ``Decimal`` at the currency's minor unit (never floats), items
carry the sign of their kind, and :func:`allocations_for` draws allocations that
never over-apply an item or a payment.

Needs the ``test`` extra (``pip install "otccore[test]"``) for Hypothesis.

Example:
    >>> from hypothesis import find, settings
    >>> from otccore.testing.strategies import money_values
    >>> NO_DB = settings(database=None)
    >>> find(money_values("EUR", min_value=1), lambda m: True, settings=NO_DB)
    Money('1.00', 'EUR')
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        'otccore.testing needs Hypothesis: install the test extra, pip install "otccore[test]"'
    ) from exc

from otccore.money import Money, check_currency, from_minor, minor_digits, money, to_minor
from otccore.receivables import (
    Allocation,
    AllocationKind,
    Customer,
    DiscountTerm,
    ItemKind,
    OpenItem,
    Payment,
    RemittanceLine,
)

__all__ = [
    "CURRENCIES",
    "ReceivablesBook",
    "allocations_for",
    "amounts",
    "business_dates",
    "currencies",
    "customers",
    "discount_terms",
    "identifiers",
    "money_values",
    "open_items",
    "payments",
    "receivables_books",
]

CURRENCIES: tuple[str, ...] = ("EUR", "USD", "GBP", "CHF", "JPY", "BHD")
"""Currencies the strategies draw from: minor units of 2, 0 (JPY) and 3 (BHD) digits."""

_T = TypeVar("_T")
_ID_ALPHABET = string.ascii_letters + string.digits + "-_./éΩ€"
_MAX_UNITS = 10**12


def currencies() -> st.SearchStrategy[str]:
    """ISO 4217 codes from :data:`CURRENCIES`.

    Example:
        >>> from hypothesis import find, settings
        >>> from otccore.testing.strategies import currencies
        >>> NO_DB = settings(database=None)
        >>> find(currencies(), lambda c: c != "EUR", settings=NO_DB)
        'USD'
    """
    return st.sampled_from(CURRENCIES)


def _bound(value: int | Decimal | str | None, currency: str, default: int) -> int:
    return default if value is None else to_minor(money(value, currency))


def amounts(
    currency: str = "EUR",
    *,
    min_value: int | Decimal | str | None = None,
    max_value: int | Decimal | str | None = None,
) -> st.SearchStrategy[Decimal]:
    """Exact ``Decimal`` amounts with the currency's minor-unit precision.

    Bounds are in major units and must themselves be whole minor units; the
    default range is ± 10¹² minor units.

    Example:
        >>> from hypothesis import find, settings
        >>> from otccore.testing.strategies import amounts
        >>> NO_DB = settings(database=None)
        >>> find(amounts("JPY", min_value=5), lambda d: True, settings=NO_DB)
        Decimal('5')
        >>> find(amounts("BHD", max_value="-0.5"), lambda d: True, settings=NO_DB)
        Decimal('-0.500')
    """
    code = check_currency(currency)
    digits = minor_digits(code)
    low = _bound(min_value, code, -_MAX_UNITS)
    high = _bound(max_value, code, _MAX_UNITS)
    return st.integers(low, high).map(lambda units: Decimal(units).scaleb(-digits))


def money_values(
    currency: str | None = None,
    *,
    min_value: int | Decimal | str | None = None,
    max_value: int | Decimal | str | None = None,
) -> st.SearchStrategy[Money]:
    """:class:`~otccore.money.Money` in ``currency`` (or any of :data:`CURRENCIES`).

    Example:
        >>> from hypothesis import find, settings
        >>> from otccore.testing.strategies import money_values
        >>> NO_DB = settings(database=None)
        >>> find(money_values("EUR", max_value=0), lambda m: m.amount < -1, settings=NO_DB)
        Money('-1.01', 'EUR')
    """
    if currency is not None:
        code = check_currency(currency)
        return amounts(code, min_value=min_value, max_value=max_value).map(lambda a: money(a, code))
    return currencies().flatmap(lambda c: money_values(c, min_value=min_value, max_value=max_value))


def identifiers(prefix: str = "") -> st.SearchStrategy[str]:
    """Non-empty ids of letters, digits, ``-_./`` and a few non-ASCII characters.

    Example:
        >>> from hypothesis import find, settings
        >>> from otccore.testing.strategies import identifiers
        >>> NO_DB = settings(database=None)
        >>> find(identifiers("INV-"), lambda s: True, settings=NO_DB)
        'INV-0'
    """
    return st.text(_ID_ALPHABET, min_size=1, max_size=10).map(lambda s: prefix + s)


def business_dates(
    min_value: date = date(2020, 1, 1), max_value: date = date(2030, 12, 31)
) -> st.SearchStrategy[date]:
    """Business dates (``datetime.date``, never ``datetime``).

    Example:
        >>> from hypothesis import find, settings
        >>> from otccore.testing.strategies import business_dates
        >>> NO_DB = settings(database=None)
        >>> find(business_dates(), lambda d: d.year > 2024, settings=NO_DB)
        datetime.date(2025, 1, 1)
    """
    return st.dates(min_value, max_value)


_ACCOUNTS = st.text(string.ascii_uppercase + string.digits, min_size=8, max_size=22)
_TEXT = st.text(string.ascii_letters + string.digits + " .,-éü", max_size=20)
_NAME = _TEXT.filter(lambda s: s.strip() != "")


@st.composite
def customers(
    draw: st.DrawFn,
    *,
    id: st.SearchStrategy[str] | None = None,
    currency: str | None = None,
    parent_ids: Sequence[str] = (),
) -> Customer:
    """A :class:`~otccore.receivables.Customer`, sometimes with a parent from ``parent_ids``.

    Example:
        >>> from hypothesis import find, settings
        >>> from otccore.testing.strategies import customers
        >>> NO_DB = settings(database=None)
        >>> c = find(customers(currency="EUR"), lambda c: len(c.bank_accounts) > 0, settings=NO_DB)
        >>> c.bank_accounts
        ('00000000',)
    """
    cid = draw(id if id is not None else identifiers("C"))
    parents = [p for p in parent_ids if p != cid]
    parent = draw(st.none() | st.sampled_from(parents)) if parents else None
    return Customer.create(
        cid,
        draw(_NAME),
        currency if currency is not None else draw(currencies()),
        parent_id=parent,
        bank_accounts=draw(st.lists(_ACCOUNTS, max_size=2)),
    )


@st.composite
def discount_terms(draw: st.DrawFn, *, currency: str, issue_date: date) -> DiscountTerm:
    """An early-payment discount of 0.01–99.99 % until a date on or after ``issue_date``.

    Example:
        >>> from datetime import date
        >>> from hypothesis import find, settings
        >>> from otccore.testing.strategies import discount_terms
        >>> NO_DB = settings(database=None)
        >>> terms = discount_terms(currency="EUR", issue_date=date(2026, 1, 1))
        >>> find(terms, lambda t: True, settings=NO_DB)
        DiscountTerm(until=datetime.date(2026, 1, 1), percent=Decimal('0.01'), base=None)
    """
    until = issue_date + timedelta(days=draw(st.integers(0, 60)))
    percent = Decimal(draw(st.integers(1, 9999))).scaleb(-2)
    base = draw(st.none() | money_values(currency, min_value=0).filter(lambda m: m.amount > 0))
    return DiscountTerm(until=until, percent=percent, base=base)


@st.composite
def open_items(
    draw: st.DrawFn,
    *,
    id: st.SearchStrategy[str] | None = None,
    currency: str | None = None,
    customer_ids: Sequence[str] = (),
    kinds: Iterable[ItemKind | str] = tuple(ItemKind),
    max_value: int | Decimal | str = 1_000_000,
) -> OpenItem:
    """An :class:`~otccore.receivables.OpenItem` of any kind, signed as its kind says.

    Invoices and debit notes are positive, credit notes and payments on account
    negative; the open amount lies between zero and the original (often all of it).
    Some items are disputed, carry discount terms or a payment reference.

    Example:
        >>> from hypothesis import given, settings
        >>> from otccore.testing.strategies import open_items
        >>> @settings(max_examples=10, database=None)
        ... @given(open_items(currency="EUR", kinds=["credit_note"]))
        ... def check(item):
        ...     assert item.original.amount <= item.open.amount <= 0
        >>> check()
    """
    kind = ItemKind(draw(st.sampled_from([ItemKind(k) for k in kinds])))
    code = currency if currency is not None else draw(currencies())
    units = to_minor(money(max_value, code))
    size = draw(st.integers(1, units))
    open_size = draw(st.sampled_from([size, 0]) | st.integers(0, size))
    sign = -1 if kind.is_credit else 1
    issued = draw(business_dates())
    due = issued + timedelta(days=draw(st.sampled_from([0, 14, 30, 60]) | st.integers(0, 120)))
    number = draw(id if id is not None else identifiers("I"))
    customer = draw(st.sampled_from(list(customer_ids)) if customer_ids else identifiers("C"))
    terms = draw(st.lists(discount_terms(currency=code, issue_date=issued), max_size=2))
    return OpenItem.create(
        kind,
        number,
        customer,
        from_minor(sign * size, code),
        issue_date=issued,
        due_date=due,
        open=from_minor(sign * open_size, code),
        disputed=draw(st.booleans()),
        discounts=terms,
        payment_reference=draw(st.none() | identifiers("RF")),
    )


@st.composite
def payments(
    draw: st.DrawFn,
    *,
    id: st.SearchStrategy[str] | None = None,
    currency: str | None = None,
    customer_ids: Sequence[str] = (),
    max_value: int | Decimal | str = 1_000_000,
) -> Payment:
    """A positive :class:`~otccore.receivables.Payment`, with references and remittance lines.

    Example:
        >>> from hypothesis import find, settings
        >>> from otccore.testing.strategies import payments
        >>> p = find(payments(currency="JPY"), lambda p: len(p.remittance) == 2,
        ...          settings=settings(database=None))
        >>> p.amount, [line.amount for line in p.remittance]
        (Money('1', 'JPY'), [Money('0', 'JPY'), Money('0', 'JPY')])
    """
    code = currency if currency is not None else draw(currencies())
    pid = draw(id if id is not None else identifiers("P"))
    amount = draw(money_values(code, min_value=0, max_value=max_value).filter(lambda m: m.amount))
    lines = draw(
        st.lists(
            st.builds(
                RemittanceLine.create,
                identifiers("I"),
                money_values(code, min_value=0, max_value=max_value),
                discount=st.none() | money_values(code, min_value=0, max_value=1000),
                adjustment=st.none() | money_values(code, min_value=-1000, max_value=1000),
                reason=_TEXT,
            ),
            max_size=2,
        )
    )
    customer = draw(st.none() | st.sampled_from(list(customer_ids))) if customer_ids else None
    return Payment.create(
        pid,
        amount,
        value_date=draw(business_dates()),
        payer_name=draw(_TEXT),
        payer_account=draw(st.just("") | _ACCOUNTS),
        customer_id=customer,
        references=draw(st.lists(identifiers(), max_size=3)),
        remittance_text=draw(_TEXT),
        remittance=lines,
    )


_NON_CASH = [k for k in AllocationKind if not k.uses_cash]


@st.composite
def allocations_for(
    draw: st.DrawFn, items: Sequence[OpenItem], payments: Sequence[Payment]
) -> list[Allocation]:
    """Allocations against ``items`` and ``payments`` that fit: nothing is over-applied.

    Cash allocations (applied, on account) never take more than a payment has;
    settling allocations never take more than an item's open amount. Kinds that
    use no cash sometimes name a payment of the same currency, sometimes none.

    Example:
        >>> from datetime import date
        >>> from hypothesis import given, settings
        >>> from otccore.money import money
        >>> from otccore.receivables import OpenItem, Payment, apply_allocations
        >>> from otccore.testing.strategies import allocations_for
        >>> inv = OpenItem.invoice("I1", "C1", money(10, "EUR"), issue_date=date(2026, 1, 1),
        ...                        due_date=date(2026, 1, 31))
        >>> pay = Payment.create("P1", money(4, "EUR"), value_date=date(2026, 1, 5))
        >>> @settings(max_examples=10, database=None)
        ... @given(allocations_for([inv], [pay]))
        ... def check(allocations):
        ...     apply_allocations([inv], allocations)  # would raise on over-application
        ...     assert sum(a.amount.amount for a in allocations if a.kind.uses_cash) <= 4
        >>> check()
    """
    cash = {p.id: to_minor(p.amount) for p in payments}
    result: list[Allocation] = []
    for item in draw(st.permutations(list(items))):
        left = abs(to_minor(item.open))
        while left > 0 and draw(st.booleans()):
            same = [p for p in payments if p.currency == item.currency]
            with_cash = [p for p in same if cash[p.id] > 0]
            kind = draw(st.sampled_from([AllocationKind.APPLIED, *_NON_CASH]))
            if kind.uses_cash:
                if not with_cash:
                    break
                payment: Payment | None = draw(st.sampled_from(with_cash))
            else:
                payment = draw(st.none() | st.sampled_from(same)) if same else None
            limit = min(left, cash[payment.id]) if kind.uses_cash and payment else left
            units = draw(st.integers(1, limit))
            left -= units
            if kind.uses_cash and payment is not None:
                cash[payment.id] -= units
            result.append(
                Allocation.create(
                    kind,
                    from_minor(units, item.currency),
                    payment_id=payment.id if payment is not None else None,
                    item_id=item.id,
                )
            )
    for p in payments:
        if cash[p.id] > 0 and draw(st.booleans()):
            units = draw(st.integers(1, cash[p.id]))
            cash[p.id] -= units
            result.append(
                Allocation.create("on_account", from_minor(units, p.currency), payment_id=p.id)
            )
    return result


@attrs.frozen
class ReceivablesBook:
    """A consistent set of customers, items, payments and allocations that fit them.

    Example:
        >>> from otccore.testing.strategies import ReceivablesBook
        >>> ReceivablesBook((), (), (), ()).items
        ()
    """

    customers: tuple[Customer, ...]
    items: tuple[OpenItem, ...]
    payments: tuple[Payment, ...]
    allocations: tuple[Allocation, ...]


@st.composite
def receivables_books(
    draw: st.DrawFn,
    *,
    currencies: Sequence[str] | None = None,
    max_customers: int = 4,
    max_items: int = 8,
    max_payments: int = 4,
    prefix: str = "",
) -> ReceivablesBook:
    """A :class:`ReceivablesBook`: unique ids (each starting with ``prefix``), one or
    two currencies, a corporate family or two, and allocations that fit.

    Example:
        >>> from hypothesis import given, settings
        >>> from otccore.testing.strategies import receivables_books
        >>> @settings(max_examples=5, database=None)
        ... @given(receivables_books(prefix="x"))
        ... def check(book):
        ...     assert all(i.id.startswith("xI") for i in book.items)
        >>> check()
    """
    codes = list(currencies) if currencies is not None else list(CURRENCIES)
    used = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=2, unique=True))
    ids = st.lists(identifiers(), max_size=max(max_customers, max_items, max_payments), unique=True)
    customer_ids = draw(ids.map(lambda xs: [f"{prefix}C{x}" for x in xs[:max_customers]]))
    customer_list: list[Customer] = []
    for cid in customer_ids:
        parents = [c.id for c in customer_list]
        customer_list.append(
            draw(
                customers(id=st.just(cid), currency=draw(st.sampled_from(used)), parent_ids=parents)
            )
        )
    owners = customer_ids or [f"{prefix}C"]

    def documents(
        strategy: Callable[..., st.SearchStrategy[_T]], letter: str, most: int
    ) -> list[_T]:
        """Up to ``most`` items or payments with unique ids, of the book's customers."""
        numbers = draw(ids.map(lambda xs: xs[:most]))
        return [
            draw(
                strategy(
                    id=st.just(f"{prefix}{letter}{n}"),
                    currency=draw(st.sampled_from(used)),
                    customer_ids=owners,
                    max_value=10_000,
                )
            )
            for n in numbers
        ]

    item_list = documents(open_items, "I", max_items)
    payment_list = documents(payments, "P", max_payments)
    return ReceivablesBook(
        customers=tuple(customer_list),
        items=tuple(item_list),
        payments=tuple(payment_list),
        allocations=tuple(draw(allocations_for(item_list, payment_list))),
    )
