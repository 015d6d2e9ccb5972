"""Open items: invoices, debit notes, credit notes and payments on account, with their
early-payment discounts.

Sign convention: an item's amounts carry the sign of what the customer owes
(see docs/explanation/money.md, "Signs of open items and the kinds of allocation").
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict, Unpack

import attrs
import moneyed

from otccore._kernel import EXACT, day, renamed, text
from otccore.errors import CurrencyMismatch, InvalidAmount, InvalidInput
from otccore.money import Money, as_money, round_money
from otccore.receivables._fields import (
    _amount,
    _date,
    _flag,
    _money,
    _nested,
    _opt_amount,
    _opt_date,
    _opt_id,
    _percent,
    _required,
    _row,
)
from otccore.receivables.customers import CustomerId, ItemId

__all__ = ["DiscountTerm", "ItemKind", "OpenItem"]


class ItemKind(enum.StrEnum):
    """What an open item is.

    Example:
        >>> from otccore.receivables import ItemKind
        >>> ItemKind("credit_note").is_credit
        True
    """

    INVOICE = "invoice"
    DEBIT_NOTE = "debit_note"
    CREDIT_NOTE = "credit_note"
    ON_ACCOUNT = "on_account"

    @property
    def is_credit(self) -> bool:
        """True for kinds whose amounts are negative (credit notes, payments on account)."""
        return self in (ItemKind.CREDIT_NOTE, ItemKind.ON_ACCOUNT)


@attrs.frozen
class DiscountTerm:
    """An early-payment discount: ``percent`` off if paid on or before ``until``.

    ``percent`` is an ``int``, ``Decimal`` or numeric ``str`` (kept as a ``Decimal``;
    a float raises :class:`~otccore.errors.InvalidAmount`), strictly between 0 and 100.
    ``base`` is the amount the percentage applies to (for example the net amount,
    when the discount excludes VAT); ``None`` means the item's original amount.

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.money import money
        >>> from otccore.receivables import DiscountTerm
        >>> term = DiscountTerm(until=date(2026, 1, 15), percent=Decimal("2"))
        >>> term.amount_for(money("119.00", "EUR"))
        Money('2.38', 'EUR')
    """

    until: date
    percent: Decimal = attrs.field(converter=_percent)
    base: Money | None = None

    def __attrs_post_init__(self) -> None:
        day(self.until, "discount date")
        if not Decimal(0) < self.percent < Decimal(100):
            raise InvalidInput(f"discount percent must be between 0 and 100: {self.percent!r}")
        if self.base is not None:
            _money(self.base, "discount base")

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> DiscountTerm:
        """A discount term from a file or database row.

        Keys: ``until`` (a date or ISO text), ``percent``; optional ``base`` (``Money``,
        or an exact amount with ``currency``).

        Example:
            >>> from otccore.receivables import DiscountTerm
            >>> DiscountTerm.from_row({"until": "2026-01-15", "percent": "2"})
            DiscountTerm(until=datetime.date(2026, 1, 15), percent=Decimal('2'), base=None)
        """
        row = _row(row, "discount")
        return cls(
            until=_date(_required(row, "until", "discount"), "until"),
            percent=_required(row, "percent", "discount"),
            base=_opt_amount(row, "base", "discount"),
        )

    def amount_for(self, original: moneyed.Money) -> Money:
        """The discount in money, half-up to the minor unit, on ``base`` or ``original``.

        Example:
            >>> from datetime import date
            >>> from decimal import Decimal
            >>> from otccore.money import money
            >>> from otccore.receivables import DiscountTerm
            >>> DiscountTerm(date(2026, 1, 15), Decimal("3")).amount_for(money(50, "EUR"))
            Money('1.50', 'EUR')
        """
        base = self.base if self.base is not None else as_money(original)
        if base.currency != original.currency:
            raise CurrencyMismatch(
                f"discount base is {base.currency.code}, item is {original.currency.code}"
            )
        # Exact (60 digits) whatever the caller's decimal context; rounded once, half-up.
        share = EXACT.divide(EXACT.multiply(EXACT.abs(base.amount), self.percent), 100)
        return round_money(Money(share, base.currency.code))


class _ItemOptions(TypedDict, total=False):
    """The keywords :meth:`OpenItem.invoice` passes on to :meth:`OpenItem.create`."""

    open: moneyed.Money | None
    disputed: bool
    discounts: Iterable[DiscountTerm]
    payment_reference: str | None
    id: str | None


@attrs.frozen
class OpenItem:
    """A receivable document: invoice, debit note, credit note or payment on account.

    Build invoices with :meth:`invoice`; the general constructor checks every field.

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import OpenItem
        >>> item = OpenItem.invoice("INV-7", "C1", money(100, "EUR"),
        ...                         issue_date=date(2026, 3, 1), due_date=date(2026, 3, 31))
        >>> item.days_past_due(date(2026, 4, 10)), item.days_past_due(date(2026, 3, 21))
        (10, -10)
    """

    id: ItemId
    kind: ItemKind
    number: str
    customer_id: CustomerId
    original: Money
    open: Money
    issue_date: date
    due_date: date
    disputed: bool = False
    discounts: tuple[DiscountTerm, ...] = ()
    payment_reference: str | None = None

    def __attrs_post_init__(self) -> None:
        text(self.id, "item id")
        text(self.number, "document number")
        text(self.customer_id, "customer id")
        if not isinstance(self.kind, ItemKind):
            raise InvalidInput(f"unknown item kind: {self.kind!r}")
        original = _money(self.original, "original amount")
        open_ = _money(self.open, "open amount")
        if original.currency != open_.currency:
            raise CurrencyMismatch(
                f"item {self.id!r}: open amount is {open_.currency.code}, "
                f"original is {original.currency.code}"
            )
        day(self.issue_date, "issue date")
        day(self.due_date, "due date")
        if self.due_date < self.issue_date:
            raise InvalidInput(
                f"item {self.id!r}: due date {self.due_date} is before issue date {self.issue_date}"
            )
        if not isinstance(self.disputed, bool):
            raise InvalidInput(f"disputed must be a bool: {self.disputed!r}")
        credit = self.kind.is_credit
        o, p = original.amount, open_.amount
        if (credit and o >= 0) or (not credit and o <= 0):
            sign = "negative" if credit else "positive"
            kind = str(self.kind).replace("_", " ")
            raise InvalidAmount(f"item {self.id!r}: {kind} amounts must be {sign}: {o}")
        if (credit and not o <= p <= 0) or (not credit and not 0 <= p <= o):
            raise InvalidAmount(
                f"item {self.id!r}: open amount {p} must lie between 0 and the original {o}"
            )
        if not isinstance(self.discounts, tuple):
            raise InvalidInput("discounts must be a tuple of DiscountTerm")
        for term in self.discounts:
            if not isinstance(term, DiscountTerm):
                raise InvalidInput(f"not a DiscountTerm: {term!r}")
        if self.payment_reference is not None:
            text(self.payment_reference, "payment reference")

    @classmethod
    def invoice(
        cls,
        number: str,
        customer_id: str,
        amount: moneyed.Money,
        *,
        issue_date: date | None = None,
        due_date: date | None = None,
        issued: date | None = None,
        due: date | None = None,
        **options: Unpack[_ItemOptions],
    ) -> OpenItem:
        """An invoice whose id defaults to its number and open amount to its amount.

        The other keywords (``open``, ``disputed``, ``discounts``, ``payment_reference``,
        ``id``) are those of :meth:`create`. ``issued`` and ``due`` are the deprecated
        names of ``issue_date`` and ``due_date``.

        Example:
            >>> from datetime import date
            >>> from otccore.money import money
            >>> from otccore.receivables import OpenItem
            >>> OpenItem.invoice("INV-1", "C1", money(10, "EUR"), issue_date=date(2026, 1, 1),
            ...                  due_date=date(2026, 1, 31)).kind
            <ItemKind.INVOICE: 'invoice'>
        """
        where = "OpenItem.invoice"
        due_date = renamed(due_date, due, new_name="due_date", old_name="due", where=where)
        if due_date is None:
            raise InvalidInput("an invoice needs a due_date")
        issue_date = renamed(
            issue_date, issued, new_name="issue_date", old_name="issued", where=where
        )
        return cls.create(
            ItemKind.INVOICE,
            number,
            customer_id,
            amount,
            issue_date=issue_date,
            due_date=due_date,
            **options,
        )

    @classmethod
    def create(
        cls,
        kind: ItemKind | str,
        number: str,
        customer_id: str,
        amount: moneyed.Money,
        *,
        issue_date: date | None = None,
        due_date: date | None = None,
        open: moneyed.Money | None = None,
        disputed: bool = False,
        discounts: Iterable[DiscountTerm] = (),
        payment_reference: str | None = None,
        id: str | None = None,
        issued: date | None = None,
        due: date | None = None,
    ) -> OpenItem:
        """Any kind of item; ``due_date`` defaults to ``issue_date`` (credits are due at once).

        ``issued`` and ``due`` are the deprecated names of ``issue_date`` and ``due_date``.

        Example:
            >>> from datetime import date
            >>> from otccore.money import money
            >>> from otccore.receivables import OpenItem
            >>> OpenItem.create("credit_note", "CN-1", "C1", money(-5, "EUR"),
            ...                 issue_date=date(2026, 1, 1)).open
            Money('-5', 'EUR')
        """
        where = "OpenItem.create"
        issue_date = renamed(
            issue_date, issued, new_name="issue_date", old_name="issued", where=where
        )
        due_date = renamed(due_date, due, new_name="due_date", old_name="due", where=where)
        if issue_date is None:
            raise InvalidInput("an open item needs an issue_date")
        try:
            item_kind = ItemKind(kind)
        except ValueError:
            raise InvalidInput(f"unknown item kind: {kind!r}") from None
        original = _money(amount, "amount")
        return cls(
            id=ItemId(id if id is not None else number),
            kind=item_kind,
            number=number,
            customer_id=CustomerId(customer_id),
            original=original,
            open=_money(open, "open amount") if open is not None else original,
            issue_date=issue_date,
            due_date=due_date if due_date is not None else issue_date,
            disputed=disputed,
            discounts=tuple(sorted(discounts, key=lambda t: t.until)),
            payment_reference=payment_reference,
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> OpenItem:
        """An item from a file or database row, checked as :meth:`create` checks it.

        Keys: ``number``, ``customer_id``, ``amount`` (``Money``, or an exact amount —
        ``int``, ``Decimal`` or a numeric ``str``, never a float — with ``currency``),
        ``issue_date`` (a date or ISO text); optional ``kind`` (default ``invoice``),
        ``id`` (default the number), ``open`` (an amount like ``amount``),
        ``due_date``, ``disputed`` (a bool, 0/1, or true/false, yes/no),
        ``payment_reference`` and ``discounts`` (:class:`DiscountTerm` values or rows
        that :meth:`DiscountTerm.from_row` reads). An optional key that is absent or
        ``None`` is not given; other keys are ignored.

        Example:
            >>> from otccore.receivables import OpenItem
            >>> item = OpenItem.from_row({"number": "INV-1", "customer_id": "C1",
            ...     "amount": "100.00", "open": "40.00", "currency": "EUR",
            ...     "issue_date": "2026-03-01", "due_date": "2026-03-31", "disputed": "no"})
            >>> item.open, item.due_date
            (Money('40.00', 'EUR'), datetime.date(2026, 3, 31))
            >>> OpenItem.from_row({"number": "INV-2", "customer_id": "C1", "amount": 5,
            ...                    "currency": "EUR", "issue_date": "1 March 2026"})
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: issue_date is not an ISO date: '1 March 2026'
        """
        row = _row(row, "open item")
        return cls.create(
            row.get("kind") or ItemKind.INVOICE,
            _required(row, "number", "open item"),
            _required(row, "customer_id", "open item"),
            _amount(row, "amount", "open item"),
            issue_date=_date(_required(row, "issue_date", "open item"), "issue_date"),
            due_date=_opt_date(row, "due_date"),
            open=_opt_amount(row, "open", "open item"),
            disputed=_flag(row, "disputed"),
            discounts=_nested(row.get("discounts"), DiscountTerm, "discounts"),
            payment_reference=_opt_id(row, "payment_reference", "payment reference"),
            id=_opt_id(row, "id", "item id"),
        )

    @property
    def currency(self) -> str:
        """The item's ISO 4217 currency code."""
        return str(self.original.currency.code)

    @property
    def is_open(self) -> bool:
        """True while something is still owed (or still to be used, for credits)."""
        return bool(self.open.amount != 0)

    def days_past_due(self, as_of: date) -> int:
        """Days from the due date to ``as_of``; zero or negative while not yet due."""
        return (as_of - self.due_date).days

    def discount_on(
        self, payment_date: date | None = None, *, paid_on: date | None = None
    ) -> Money:
        """The early-payment discount still available for a payment on ``payment_date``.

        The best term whose deadline has not passed; zero when none applies.
        ``paid_on`` is the deprecated name of ``payment_date``.

        Example:
            >>> from datetime import date
            >>> from decimal import Decimal
            >>> from otccore.money import money
            >>> from otccore.receivables import DiscountTerm, OpenItem
            >>> inv = OpenItem.invoice("I", "C", money(100, "EUR"), issue_date=date(2026, 1, 1),
            ...     due_date=date(2026, 1, 31), discounts=[DiscountTerm(date(2026, 1, 11), Decimal(2))])
            >>> inv.discount_on(date(2026, 1, 11)), inv.discount_on(date(2026, 1, 12))
            (Money('2.00', 'EUR'), Money('0', 'EUR'))
        """
        when = renamed(
            payment_date,
            paid_on,
            new_name="payment_date",
            old_name="paid_on",
            where="OpenItem.discount_on",
        )
        if when is None:
            raise InvalidInput("OpenItem.discount_on needs a payment_date")
        day(when, "payment_date")
        best = Money(Decimal(0), self.currency)
        for term in self.discounts:
            if when <= term.until:
                amount = term.amount_for(self.original)
                if amount > best:
                    best = amount
        return best

    def with_open(self, amount: moneyed.Money) -> OpenItem:
        """A copy with a new open amount (validated like any item).

        Example:
            >>> from datetime import date
            >>> from otccore.money import money
            >>> from otccore.receivables import OpenItem
            >>> inv = OpenItem.invoice("I", "C", money(100, "EUR"), issue_date=date(2026, 1, 1),
            ...                        due_date=date(2026, 1, 31))
            >>> inv.with_open(money(40, "EUR")).open
            Money('40', 'EUR')
            >>> inv.with_open(money(120, "EUR"))
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidAmount: item 'I': open amount 120 must lie between 0 and the original 100
        """
        return attrs.evolve(self, open=as_money(amount))
