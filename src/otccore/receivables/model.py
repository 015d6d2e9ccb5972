"""The shared accounts-receivable nouns: customers, open items, payments, allocations.

Every value is frozen (immutable, slotted) and checks itself when built, so a bad
record fails at the boundary with an :mod:`otccore.errors` exception and never
reaches a ledger.

Sign convention: an item's amounts carry the sign of what the customer owes.
Invoices and debit notes are positive; credit notes and unapplied payments on
account are negative. The open amount always has the sign of the original (or is
zero) and is never larger in size. A payment amount is positive; allocation
amounts are positive sizes.

Example:
    >>> from datetime import date
    >>> from otccore.money import money
    >>> from otccore.receivables import OpenItem
    >>> item = OpenItem.invoice("INV-1", "C1", money("119.00", "EUR"),
    ...                         issue_date=date(2026, 1, 5), due_date=date(2026, 2, 4))
    >>> item.open, item.is_open
    (Money('119.00', 'EUR'), True)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, NewType

import attrs
import moneyed

from otccore._kernel import EXACT, day, renamed, text
from otccore.errors import CurrencyMismatch, InvalidAmount, InvalidInput
from otccore.money import (
    Money,
    as_decimal,
    as_money,
    check_currency,
    money,
    round_money,
    to_minor,
)

__all__ = [
    "Allocation",
    "AllocationKind",
    "Customer",
    "CustomerId",
    "DiscountTerm",
    "ItemId",
    "ItemKind",
    "OpenItem",
    "Payment",
    "PaymentId",
    "RemittanceLine",
]

CustomerId = NewType("CustomerId", str)
"""Identifier of a customer (the host's own key)."""
ItemId = NewType("ItemId", str)
"""Identifier of an open item (invoice, credit note …)."""
PaymentId = NewType("PaymentId", str)
"""Identifier of a payment (bank transaction)."""


def _row(row: object, what: str) -> Mapping[str, Any]:
    if not isinstance(row, Mapping):
        raise InvalidInput(f"a {what} row must be a mapping, not {type(row).__name__}: {row!r}")
    return row


def _required(row: Mapping[str, Any], key: str, what: str) -> Any:
    value = row.get(key)
    if value is None:
        raise InvalidInput(f"{what} row has no {key!r}: {dict(row)!r}")
    return value


def _optional_text(row: Mapping[str, Any], key: str, what: str) -> str:
    value = row.get(key)
    return "" if value is None else text(value, what, allow_empty=True)


def _texts(value: object, what: str) -> tuple[str, ...]:
    """None → (), one str → (str,), an iterable of str → a tuple; anything else is refused."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Iterable):
        raise InvalidInput(
            f"{what} must be a str or strings, not {type(value).__name__}: {value!r}"
        )
    return tuple(text(v, what) for v in value)


def _money(value: object, what: str) -> Money:
    if type(value) is Money:  # the common case, checked cheaply
        to_minor(value)
        return value
    if not isinstance(value, moneyed.Money):
        raise InvalidAmount(f"{what} must be Money, not {type(value).__name__}: {value!r}")
    result = as_money(value)
    to_minor(result)  # refuses sub-minor-unit amounts
    return result


def _percent(value: object) -> Decimal:
    return as_decimal(value, what="discount percent")


class ItemKind(enum.StrEnum):
    """What an open item is.

    Example:
        >>> ItemKind("credit_note").is_credit
        True
    """

    INVOICE = "invoice"
    DEBIT_NOTE = "debit_note"
    CREDIT_NOTE = "credit_note"
    ON_ACCOUNT = "on_account"

    @property
    def is_credit(self) -> bool:
        """True for kinds whose amounts are negative (credit notes, payments on account).

        Example:
            >>> [kind.value for kind in ItemKind if kind.is_credit]
            ['credit_note', 'on_account']
        """
        return self in (ItemKind.CREDIT_NOTE, ItemKind.ON_ACCOUNT)


class AllocationKind(enum.StrEnum):
    """How part of a payment or of an item is accounted for.

    The rule (which kinds use cash, which settle an item) is written out in
    docs/explanation/money.md, "Signs of open items and the kinds of allocation".

    ``APPLIED`` and ``ON_ACCOUNT`` use the payment's cash; the others settle an
    item without cash (a discount taken, a write-off within tolerance, a
    deduction that can open a dispute, an FX difference, a bank fee).

    Example:
        >>> AllocationKind.DISCOUNT.uses_cash, AllocationKind.APPLIED.uses_cash
        (False, True)
    """

    APPLIED = "applied"
    DISCOUNT = "discount"
    WRITE_OFF = "write_off"
    DEDUCTION = "deduction"
    ON_ACCOUNT = "on_account"
    FX_DIFFERENCE = "fx_difference"
    BANK_FEE = "bank_fee"

    @property
    def uses_cash(self) -> bool:
        """True when the allocation consumes the payment's amount.

        Example:
            >>> [kind.value for kind in AllocationKind if kind.uses_cash]
            ['applied', 'on_account']
        """
        return self in (AllocationKind.APPLIED, AllocationKind.ON_ACCOUNT)

    @property
    def settles_item(self) -> bool:
        """True when the allocation reduces an item's open amount.

        Example:
            >>> [kind.value for kind in AllocationKind if not kind.settles_item]
            ['on_account']
        """
        return self is not AllocationKind.ON_ACCOUNT


@attrs.frozen
class Customer:
    """A customer account in one currency, optionally part of a corporate family.

    Example:
        >>> Customer.create("C2", "Beta GmbH", "EUR", parent_id="C1",
        ...                 bank_accounts=["DE89 3704 0044 0532 0130 00"]).bank_accounts
        ('DE89370400440532013000',)
    """

    id: CustomerId
    name: str
    currency: str
    parent_id: CustomerId | None = None
    bank_accounts: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        text(self.id, "customer id")
        text(self.name, "customer name")
        check_currency(self.currency)
        if self.parent_id is not None:
            text(self.parent_id, "parent id")
            if self.parent_id == self.id:
                raise InvalidInput(f"customer {self.id!r} cannot be its own parent")
        if not isinstance(self.bank_accounts, tuple):
            raise InvalidInput("bank_accounts must be a tuple (use Customer.create)")

    @classmethod
    def create(
        cls,
        id: str,
        name: str,
        currency: str,
        *,
        parent_id: str | None = None,
        bank_accounts: Iterable[str] = (),
    ) -> Customer:
        """Named constructor: normalises the currency and bank accounts (no spaces, upper case).

        Example:
            >>> Customer.create("C1", "Acme", "eur").currency
            'EUR'
        """
        accounts = tuple(
            sorted({text(a, "bank account").replace(" ", "").upper() for a in bank_accounts})
        )
        return cls(
            id=CustomerId(id),
            name=name,
            currency=check_currency(currency),
            parent_id=CustomerId(parent_id) if parent_id is not None else None,
            bank_accounts=accounts,
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Customer:
        """A customer from a mapping, such as a DataFrame row (``frame.to_dict("records")``).

        Keys: ``id``, ``name``, ``currency``; optional ``parent_id`` and
        ``bank_accounts`` (strings; one string is one account). An optional key that is
        absent or ``None`` is not given; other keys are ignored.

        Example:
            >>> Customer.from_row({"id": "C1", "name": "Acme", "currency": "EUR",
            ...                    "bank_accounts": "de11 2233", "region": "north"}).bank_accounts
            ('DE112233',)
        """
        row = _row(row, "customer")
        parent = row.get("parent_id")
        return cls.create(
            _required(row, "id", "customer"),
            _required(row, "name", "customer"),
            _required(row, "currency", "customer"),
            parent_id=None if parent is None else text(parent, "parent id"),
            bank_accounts=_texts(row.get("bank_accounts"), "bank account"),
        )


@attrs.frozen
class DiscountTerm:
    """An early-payment discount: ``percent`` off if paid on or before ``until``.

    ``percent`` is an ``int``, ``Decimal`` or numeric ``str`` (kept as a ``Decimal``;
    a float raises :class:`~otccore.errors.InvalidAmount`), strictly between 0 and 100.
    ``base`` is the amount the percentage applies to (for example the net amount,
    when the discount excludes VAT); ``None`` means the item's original amount.

    Example:
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

    def amount_for(self, original: moneyed.Money) -> Money:
        """The discount in money, half-up to the minor unit, on ``base`` or ``original``.

        Example:
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


@attrs.frozen
class OpenItem:
    """A receivable document: invoice, debit note, credit note or payment on account.

    Build invoices with :meth:`invoice`; the general constructor checks every field.

    Example:
        >>> item = OpenItem.invoice("INV-7", "C1", money(100, "EUR"),
        ...                         issue_date=date(2026, 3, 1), due_date=date(2026, 3, 31))
        >>> item.days_past_due(date(2026, 4, 10))
        10
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
        open: moneyed.Money | None = None,
        disputed: bool = False,
        discounts: Iterable[DiscountTerm] = (),
        payment_reference: str | None = None,
        id: str | None = None,
        issued: date | None = None,
        due: date | None = None,
    ) -> OpenItem:
        """An invoice whose id defaults to its number and open amount to its amount.

        ``issued`` and ``due`` are the deprecated names of ``issue_date`` and ``due_date``.

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
        return cls.create(
            ItemKind.INVOICE,
            number,
            customer_id,
            amount,
            issue_date=renamed(
                issue_date, issued, new_name="issue_date", old_name="issued", where=where
            ),
            due_date=due_date,
            open=open,
            disputed=disputed,
            discounts=discounts,
            payment_reference=payment_reference,
            id=id,
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

    @property
    def currency(self) -> str:
        """The item's ISO 4217 currency code.

        Example:
            >>> OpenItem.invoice("I", "C", money(5, "CHF"), issue_date=date(2026, 1, 1),
            ...                  due_date=date(2026, 1, 31)).currency
            'CHF'
        """
        return str(self.original.currency.code)

    @property
    def is_open(self) -> bool:
        """True while something is still owed (or still to be used, for credits).

        Example:
            >>> cn = OpenItem.create("credit_note", "CN", "C", money(-5, "EUR"),
            ...                      issue_date=date(2026, 1, 1))
            >>> cn.is_open, cn.with_open(money(0, "EUR")).is_open
            (True, False)
        """
        return bool(self.open.amount != 0)

    def days_past_due(self, as_of: date) -> int:
        """Days from the due date to ``as_of``; zero or negative while not yet due.

        Example:
            >>> inv = OpenItem.invoice("I", "C", money(5, "EUR"), issue_date=date(2026, 1, 1),
            ...                        due_date=date(2026, 1, 31))
            >>> inv.days_past_due(date(2026, 2, 10)), inv.days_past_due(date(2026, 1, 21))
            (10, -10)
        """
        return (as_of - self.due_date).days

    def discount_on(
        self, payment_date: date | None = None, *, paid_on: date | None = None
    ) -> Money:
        """The early-payment discount still available for a payment on ``payment_date``.

        The best term whose deadline has not passed; zero when none applies.
        ``paid_on`` is the deprecated name of ``payment_date``.

        Example:
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


@attrs.frozen
class RemittanceLine:
    """One line of remittance advice: which document a payment pays, and how much.

    ``discount`` and ``adjustment`` are what the payer says it deducted (camt
    ``DscntApldAmt`` and ``AdjstmntAmtAndRsn``), with the adjustment's reason.

    Example:
        >>> RemittanceLine.create("INV-1", money("98.00", "EUR"), discount=money(2, "EUR"))
        RemittanceLine(document='INV-1', amount=Money('98.00', 'EUR'), discount=Money('2', 'EUR'), adjustment=None, reason='')
    """

    document: str
    amount: Money
    discount: Money | None = None
    adjustment: Money | None = None
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        text(self.document, "remittance document")
        amount = _money(self.amount, "remittance amount")
        for extra in (self.discount, self.adjustment):
            if (
                extra is not None
                and _money(extra, "remittance deduction").currency != amount.currency
            ):
                raise CurrencyMismatch("remittance line amounts must share one currency")

    @classmethod
    def create(
        cls,
        document: str,
        amount: moneyed.Money,
        *,
        discount: moneyed.Money | None = None,
        adjustment: moneyed.Money | None = None,
        reason: str = "",
    ) -> RemittanceLine:
        """Named constructor: checks every amount and that they share one currency.

        Example:
            >>> line = RemittanceLine.create("INV-9", money("485.00", "EUR"),
            ...                              adjustment=money(-15, "EUR"), reason="damaged")
            >>> line.amount, line.adjustment, line.reason
            (Money('485.00', 'EUR'), Money('-15', 'EUR'), 'damaged')
            >>> RemittanceLine.create("INV-9", money(1, "EUR"), discount=money(1, "USD"))
            Traceback (most recent call last):
            ...
            otccore.errors.CurrencyMismatch: remittance line amounts must share one currency
        """
        return cls(
            document=document,
            amount=_money(amount, "remittance amount"),
            discount=_money(discount, "discount") if discount is not None else None,
            adjustment=_money(adjustment, "adjustment") if adjustment is not None else None,
            reason=reason,
        )


@attrs.frozen
class Payment:
    """An incoming payment (one bank transaction), positive, with what it says about itself.

    Example:
        >>> p = Payment.create("P1", money("250.00", "EUR"), value_date=date(2026, 2, 3),
        ...                    payer_name="ACME LTD", references=["INV-1", "INV-2"])
        >>> p.currency, p.references
        ('EUR', ('INV-1', 'INV-2'))
    """

    id: PaymentId
    amount: Money
    value_date: date
    payer_name: str = ""
    payer_account: str = ""
    customer_id: CustomerId | None = None
    references: tuple[str, ...] = ()
    remittance_text: str = ""
    remittance: tuple[RemittanceLine, ...] = ()

    def __attrs_post_init__(self) -> None:
        text(self.id, "payment id")
        amount = _money(self.amount, "payment amount")
        if amount.amount <= 0:
            raise InvalidAmount(f"payment {self.id!r}: amount must be positive: {amount.amount}")
        day(self.value_date, "value date")
        text(self.payer_name, "payer name", allow_empty=True)
        text(self.payer_account, "payer account", allow_empty=True)
        if self.customer_id is not None:
            text(self.customer_id, "customer id")
        if not isinstance(self.references, tuple) or not isinstance(self.remittance, tuple):
            raise InvalidInput("references and remittance must be tuples (use Payment.create)")
        for ref in self.references:
            text(ref, "reference")
        for line in self.remittance:
            if not isinstance(line, RemittanceLine):
                raise InvalidInput(f"not a RemittanceLine: {line!r}")
            if line.amount.currency != amount.currency:
                raise CurrencyMismatch(
                    f"payment {self.id!r} is {self.currency}, remittance line is "
                    f"{line.amount.currency.code}"
                )

    @classmethod
    def create(
        cls,
        id: str,
        amount: moneyed.Money,
        *,
        value_date: date,
        payer_name: str = "",
        payer_account: str = "",
        customer_id: str | None = None,
        references: Iterable[str] = (),
        remittance_text: str = "",
        remittance: Iterable[RemittanceLine] = (),
    ) -> Payment:
        """Named constructor; normalises the payer account (no spaces, upper case).

        Example:
            >>> p = Payment.create("P7", money("98.00", "EUR"), value_date=date(2026, 2, 3),
            ...                    payer_account="de89 3704 0044 0532 0130 00",
            ...                    remittance=[RemittanceLine.create("INV-1", money(98, "EUR"))])
            >>> p.payer_account, len(p.remittance)
            ('DE89370400440532013000', 1)
            >>> Payment.create("P8", money(0, "EUR"), value_date=date(2026, 2, 3))
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidAmount: payment 'P8': amount must be positive: 0
        """
        return cls(
            id=PaymentId(id),
            amount=_money(amount, "payment amount"),
            value_date=value_date,
            payer_name=payer_name,
            payer_account=payer_account.replace(" ", "").upper(),
            customer_id=CustomerId(customer_id) if customer_id is not None else None,
            references=tuple(references),
            remittance_text=remittance_text,
            remittance=tuple(remittance),
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Payment:
        """A payment from a mapping, such as a DataFrame row (``frame.to_dict("records")``).

        Keys: ``id``, ``amount`` (``Money``, or an exact amount — ``int``, ``Decimal``
        or a numeric ``str``, never a float — with ``currency``), ``value_date``;
        optional ``payer_name``, ``payer_account``, ``customer_id``, ``references``
        (strings; one string is one reference) and ``remittance_text``. An optional key
        that is absent or ``None`` is not given; other keys are ignored. Remittance
        lines are structured: build them with :meth:`create`.

        Example:
            >>> p = Payment.from_row({"id": "P1", "amount": "12.50", "currency": "EUR",
            ...                       "value_date": date(2026, 3, 2), "customer_id": None})
            >>> p.amount, p.customer_id
            (Money('12.50', 'EUR'), None)
        """
        row = _row(row, "payment")
        amount = _required(row, "amount", "payment")
        currency = row.get("currency")
        if not isinstance(amount, moneyed.Money):
            amount = money(amount, _required(row, "currency", "payment"))
        elif currency is not None and check_currency(currency) != amount.currency.code:
            raise CurrencyMismatch(
                f"payment row: amount is {amount.currency.code}, currency says {currency!r}"
            )
        customer = row.get("customer_id")
        return cls.create(
            _required(row, "id", "payment"),
            amount,
            value_date=_required(row, "value_date", "payment"),
            payer_name=_optional_text(row, "payer_name", "payer name"),
            payer_account=_optional_text(row, "payer_account", "payer account"),
            customer_id=None if customer is None else text(customer, "customer id"),
            references=_texts(row.get("references"), "reference"),
            remittance_text=_optional_text(row, "remittance_text", "remittance text"),
        )

    @property
    def currency(self) -> str:
        """The payment's ISO 4217 currency code.

        Example:
            >>> Payment.create("P1", money(5, "JPY"), value_date=date(2026, 1, 1)).currency
            'JPY'
        """
        return str(self.amount.currency.code)


@attrs.frozen
class Allocation:
    """Part of a payment or an item accounted for in one way.

    ``item_id`` is ``None`` only for ``ON_ACCOUNT`` (cash kept on the customer's
    account); ``payment_id`` is ``None`` only for settlements made without cash
    (a write-off decided by a person). ``amount`` is a positive size in the
    item's (and payment's) currency.

    Example:
        >>> Allocation.create("applied", money("98.00", "EUR"), payment_id="P1", item_id="INV-1")
        Allocation(kind=<AllocationKind.APPLIED: 'applied'>, amount=Money('98.00', 'EUR'), payment_id='P1', item_id='INV-1', note='')
    """

    kind: AllocationKind
    amount: Money
    payment_id: PaymentId | None = None
    item_id: ItemId | None = None
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.kind, AllocationKind):
            raise InvalidInput(f"unknown allocation kind: {self.kind!r}")
        amount = _money(self.amount, "allocation amount")
        if amount.amount <= 0:
            raise InvalidAmount(f"allocation amount must be positive: {amount.amount}")
        if self.kind is AllocationKind.ON_ACCOUNT:
            if self.item_id is not None or self.payment_id is None:
                raise InvalidInput("an on-account allocation names a payment and no item")
        elif self.item_id is None:
            raise InvalidInput(f"a {self.kind} allocation must name an item")
        if self.kind.uses_cash and self.payment_id is None:
            raise InvalidInput(f"a {self.kind} allocation must name a payment")
        text(self.note, "note", allow_empty=True)

    @classmethod
    def create(
        cls,
        kind: AllocationKind | str,
        amount: moneyed.Money,
        *,
        payment_id: str | None = None,
        item_id: str | None = None,
        note: str = "",
    ) -> Allocation:
        """Named constructor accepting the kind by name.

        Example:
            >>> Allocation.create("write_off", money("0.40", "EUR"), item_id="INV-1").kind
            <AllocationKind.WRITE_OFF: 'write_off'>
            >>> Allocation.create("refund", money(1, "EUR"), item_id="INV-1")
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: unknown allocation kind: 'refund'
        """
        try:
            k = AllocationKind(kind)
        except ValueError:
            raise InvalidInput(f"unknown allocation kind: {kind!r}") from None
        return cls(
            kind=k,
            amount=_money(amount, "allocation amount"),
            payment_id=PaymentId(payment_id) if payment_id is not None else None,
            item_id=ItemId(item_id) if item_id is not None else None,
            note=note,
        )

    @property
    def currency(self) -> str:
        """The allocation's ISO 4217 currency code.

        Example:
            >>> Allocation.create("on_account", money(5, "GBP"), payment_id="P1").currency
            'GBP'
        """
        return str(self.amount.currency.code)
