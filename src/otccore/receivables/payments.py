"""Payments, their remittance advice, and the allocations that account for them."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs
import moneyed

from otccore._kernel import day, text
from otccore.errors import CurrencyMismatch, InvalidAmount, InvalidInput
from otccore.money import Money
from otccore.receivables._fields import (
    _amount,
    _date,
    _money,
    _nested,
    _opt_amount,
    _opt_id,
    _opt_money,
    _optional_text,
    _required,
    _row,
    _texts,
)
from otccore.receivables.customers import CustomerId, ItemId, PaymentId

__all__ = ["Allocation", "AllocationKind", "Payment", "RemittanceLine"]


class AllocationKind(enum.StrEnum):
    """How part of a payment or of an item is accounted for.

    The rule (which kinds use cash, which settle an item) is written out in
    docs/explanation/money.md, "Signs of open items and the kinds of allocation".

    ``APPLIED`` and ``ON_ACCOUNT`` use the payment's cash; the others settle an
    item without cash (a discount taken, a write-off within tolerance, a
    deduction that can open a dispute, an FX difference, a bank fee).

    Example:
        >>> from otccore.receivables import AllocationKind
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
        """True when the allocation consumes the payment's amount."""
        return self in (AllocationKind.APPLIED, AllocationKind.ON_ACCOUNT)

    @property
    def settles_item(self) -> bool:
        """True when the allocation reduces an item's open amount."""
        return self is not AllocationKind.ON_ACCOUNT


@attrs.frozen
class RemittanceLine:
    """One line of remittance advice: which document a payment pays, and how much.

    ``discount`` and ``adjustment`` are what the payer says it deducted (camt
    ``DscntApldAmt`` and ``AdjstmntAmtAndRsn``), with the adjustment's reason.

    Example:
        >>> from otccore.money import money
        >>> from otccore.receivables import RemittanceLine
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
            >>> from otccore.money import money
            >>> from otccore.receivables import RemittanceLine
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
            discount=_opt_money(discount, "discount"),
            adjustment=_opt_money(adjustment, "adjustment"),
            reason=reason,
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> RemittanceLine:
        """A remittance line from a file or database row, checked as :meth:`create` checks it.

        Keys: ``document``, ``amount`` (``Money``, or an exact amount with
        ``currency``); optional ``discount`` and ``adjustment`` (amounts like
        ``amount``) and ``reason``.

        Example:
            >>> from otccore.receivables import RemittanceLine
            >>> line = RemittanceLine.from_row({"document": "INV-9", "amount": "485.00",
            ...     "adjustment": "-15", "currency": "EUR", "reason": "damaged"})
            >>> line.adjustment
            Money('-15', 'EUR')
            >>> RemittanceLine.from_row({"document": "INV-9", "amount": 1.5, "currency": "EUR"})
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidAmount: amount must be an int, Decimal or str, not float: 1.5
        """
        row = _row(row, "remittance")
        return cls.create(
            _required(row, "document", "remittance"),
            _amount(row, "amount", "remittance"),
            discount=_opt_amount(row, "discount", "remittance"),
            adjustment=_opt_amount(row, "adjustment", "remittance"),
            reason=_optional_text(row, "reason", "remittance reason"),
        )


@attrs.frozen
class Payment:
    """An incoming payment (one bank transaction), positive, with what it says about itself.

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import Payment
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
            >>> from datetime import date
            >>> from otccore.money import money
            >>> from otccore.receivables import Payment, RemittanceLine
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
        or a numeric ``str``, never a float — with ``currency``), ``value_date`` (a
        date or ISO text); optional ``payer_name``, ``payer_account``, ``customer_id``,
        ``references`` (strings; one string is one reference), ``remittance_text`` and
        ``remittance`` (:class:`RemittanceLine` values or rows that
        :meth:`RemittanceLine.from_row` reads). An optional key that is absent or
        ``None`` is not given; other keys are ignored.

        Example:
            >>> from datetime import date
            >>> from otccore.receivables import Payment
            >>> p = Payment.from_row({"id": "P1", "amount": "12.50", "currency": "EUR",
            ...                       "value_date": date(2026, 3, 2), "customer_id": None})
            >>> p.amount, p.customer_id
            (Money('12.50', 'EUR'), None)
        """
        row = _row(row, "payment")
        return cls.create(
            _required(row, "id", "payment"),
            _amount(row, "amount", "payment"),
            value_date=_date(_required(row, "value_date", "payment"), "value_date"),
            payer_name=_optional_text(row, "payer_name", "payer name"),
            payer_account=_optional_text(row, "payer_account", "payer account"),
            customer_id=_opt_id(row, "customer_id", "customer id"),
            references=_texts(row.get("references"), "reference"),
            remittance_text=_optional_text(row, "remittance_text", "remittance text"),
            remittance=_nested(row.get("remittance"), RemittanceLine, "remittance"),
        )

    @property
    def currency(self) -> str:
        """The payment's ISO 4217 currency code."""
        return str(self.amount.currency.code)


@attrs.frozen
class Allocation:
    """Part of a payment or an item accounted for in one way.

    ``item_id`` is ``None`` only for ``ON_ACCOUNT`` (cash kept on the customer's
    account); ``payment_id`` is ``None`` only for settlements made without cash
    (a write-off decided by a person). ``amount`` is a positive size in the
    item's (and payment's) currency.

    Example:
        >>> from otccore.money import money
        >>> from otccore.receivables import Allocation
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
            >>> from otccore.money import money
            >>> from otccore.receivables import Allocation
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

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Allocation:
        """An allocation from a file or database row, checked as :meth:`create` checks it.

        Keys: ``kind``, ``amount`` (``Money``, or an exact amount with ``currency``);
        optional ``payment_id``, ``item_id`` and ``note``.

        Example:
            >>> from otccore.receivables import Allocation
            >>> Allocation.from_row({"kind": "discount", "amount": "2.00", "currency": "EUR",
            ...                      "item_id": "INV-1", "payment_id": None}).kind
            <AllocationKind.DISCOUNT: 'discount'>
            >>> Allocation.from_row({"kind": "applied", "amount": "2.00", "currency": "EUR"})
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: a applied allocation must name an item
        """
        row = _row(row, "allocation")
        return cls.create(
            _required(row, "kind", "allocation"),
            _amount(row, "amount", "allocation"),
            payment_id=_opt_id(row, "payment_id", "payment id"),
            item_id=_opt_id(row, "item_id", "item id"),
            note=_optional_text(row, "note", "note"),
        )

    @property
    def currency(self) -> str:
        """The allocation's ISO 4217 currency code."""
        return str(self.amount.currency.code)
