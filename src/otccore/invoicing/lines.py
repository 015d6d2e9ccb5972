"""What an invoice line says and what it is: line specs, lines, allowances and charges.

A :class:`LineSpec` is a line as entered (the input of
:class:`~otccore.invoicing.InvoiceBuilder`); an :class:`InvoiceLine` is the line
on the document with its net amount computed; an :class:`AllowanceCharge` is a
reduction or an addition on a line or on the whole document.

Example:
    >>> from otccore.invoicing import AllowanceCharge, TaxCategory
    >>> from otccore.money import money
    >>> AllowanceCharge.allowance(money(5, "EUR"), reason="Loyalty",
    ...                           tax_category=TaxCategory.of("S", 19)).signed_amount
    Decimal('-5.00')
"""

from __future__ import annotations

from decimal import Decimal
from typing import Required, TypedDict, TypeVar, Unpack

import attrs
import moneyed

from otccore._kernel import opt_text, text
from otccore.errors import CurrencyMismatch, InvalidAmount, InvalidInput
from otccore.invoicing._amounts import minor_amount, money_in
from otccore.invoicing._compat import OldName, old_keyword
from otccore.invoicing.tax import TaxCategory
from otccore.money import Money, as_decimal

__all__ = [
    "AdjustmentDetails",
    "AllowanceCharge",
    "InvoiceLine",
    "LineAdjustmentDetails",
    "LineDetails",
    "LineSpec",
]

C = TypeVar("C", bound=type)


class LineAdjustmentDetails(TypedDict, total=False):
    """The keywords of an allowance or charge on a line.

    ``percent`` (of the line extension, or of ``base``: no float), ``reason``
    (BT-139 / BT-144) and ``code`` (its reason code, UNCL 5189 or 7161).

    Example:
        >>> from otccore.invoicing.lines import LineAdjustmentDetails
        >>> LineAdjustmentDetails(percent=10, reason="Volume discount", code="95")
        {'percent': 10, 'reason': 'Volume discount', 'code': '95'}
    """

    percent: object
    reason: str | None
    code: str | None


class AdjustmentDetails(LineAdjustmentDetails, total=False):
    """The keywords of a document allowance or charge: the line ones, ``base``
    (the amount a percent applies to) and ``tax_category`` (its VAT category).

    Example:
        >>> from otccore.invoicing import TaxCategory
        >>> from otccore.invoicing.lines import AdjustmentDetails
        >>> sorted(AdjustmentDetails(reason="Freight", tax_category=TaxCategory.of("S", 19)))
        ['reason', 'tax_category']
    """

    base: moneyed.Money | None
    tax_category: TaxCategory | None


class LineDetails(TypedDict, total=False):
    """The keywords of a line besides its name, quantity and price (see :meth:`LineSpec.create`).

    Example:
        >>> from otccore.invoicing import TaxCategory
        >>> from otccore.invoicing.lines import LineDetails
        >>> sorted(LineDetails(tax_category=TaxCategory.of("S", 19), unit="HUR"))
        ['tax_category', 'unit']
    """

    tax_category: Required[TaxCategory]
    base_quantity: object
    unit: str
    price_discount: moneyed.Money | None
    tax_inclusive: bool
    order_reference: str | None
    id: str | None


def _old_tax_keyword(cls: C) -> C:
    """Let ``cls(..., tax=...)`` (the field's old name) still work, with a warning."""
    cls.__init__ = old_keyword("tax", where=cls.__name__)(cls.__init__)  # type: ignore[misc]
    return cls


@_old_tax_keyword
@attrs.frozen
class AllowanceCharge:
    """An allowance (reduction) or a charge, on a line (BG-27/28) or the document (BG-20/21).

    ``amount`` is BT-92/99/136/141; ``percent`` and ``base_amount`` are the
    optional percentage and its base (BT-94/93 …); ``reason`` and ``reason_code``
    the text and code (UNCL 5189 for allowances, UNCL 7161 for charges, e.g.
    ``"FC"`` freight); ``tax_category`` the VAT category and rate (document level
    only).

    Example:
        >>> from otccore.invoicing import AllowanceCharge, TaxCategory
        >>> from otccore.money import money
        >>> freight = AllowanceCharge.charge(money("12.50", "EUR"), reason="Freight", code="FC",
        ...                                  tax_category=TaxCategory.of("S", 19))
        >>> freight.is_charge, freight.signed_amount
        (True, Decimal('12.50'))
    """

    is_charge: bool
    amount: Money
    reason: str | None = None
    reason_code: str | None = None
    percent: Decimal | None = None
    base_amount: Money | None = None
    tax_category: TaxCategory | None = None

    @classmethod
    @old_keyword("tax")
    def allowance(
        cls, amount: moneyed.Money, **details: Unpack[AdjustmentDetails]
    ) -> AllowanceCharge:
        """An allowance (a reduction) of ``amount``; ``details`` are :class:`AdjustmentDetails`
        (``tax=`` is the deprecated name of ``tax_category=``).

        Example:
            >>> from otccore.invoicing import AllowanceCharge
            >>> from otccore.money import money
            >>> AllowanceCharge.allowance(money(5, "EUR"), reason="Discount").signed_amount
            Decimal('-5.00')
        """
        return cls._make(False, amount, **details)

    @classmethod
    @old_keyword("tax")
    def charge(cls, amount: moneyed.Money, **details: Unpack[AdjustmentDetails]) -> AllowanceCharge:
        """A charge (an addition) of ``amount``; ``details`` are :class:`AdjustmentDetails`
        (``tax=`` is the deprecated name of ``tax_category=``).

        Example:
            >>> from otccore.invoicing import AllowanceCharge
            >>> from otccore.money import money
            >>> AllowanceCharge.charge(money(5, "EUR"), code="ABL").reason_code
            'ABL'
        """
        return cls._make(True, amount, **details)

    @classmethod
    def _make(
        cls,
        is_charge: bool,
        amount: moneyed.Money,
        *,
        reason: str | None = None,
        code: str | None = None,
        percent: object = None,
        base: moneyed.Money | None = None,
        tax_category: TaxCategory | None = None,
    ) -> AllowanceCharge:
        value = minor_amount(money_in(amount, "allowance/charge amount"), "allowance/charge amount")
        return cls(
            is_charge=is_charge,
            amount=value,
            reason=opt_text(reason, "allowance/charge reason"),
            reason_code=opt_text(code, "allowance/charge reason code"),
            percent=None
            if percent is None
            else as_decimal(percent, what="allowance/charge percent"),
            base_amount=None
            if base is None
            else minor_amount(
                money_in(base, "allowance/charge base", value.currency.code),
                "allowance/charge base",
            ),
            tax_category=tax_category,
        )

    tax = OldName("tax_category")

    @property
    def signed_amount(self) -> Decimal:
        """The amount as it enters a total: positive for a charge, negative for an allowance."""
        return self.amount.amount if self.is_charge else -self.amount.amount


@_old_tax_keyword
@attrs.frozen
class InvoiceLine:
    """One invoice line (BG-25).

    ``price`` is the item net price BT-146 for ``base_quantity`` units (BT-149);
    ``gross_price`` and ``price_discount`` are BT-148 and BT-147 when the price
    was given before an item price discount; ``net_amount`` is BT-131 =
    round(price ÷ base quantity × quantity) + line charges − line allowances.
    ``tax_category`` is the line's VAT category and rate (BT-151, BT-152).
    ``order_reference`` is the order (or delivery) the line comes from; the UBL
    writer puts it in the order line reference (BT-132).

    Example:
        >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
        >>> from otccore.money import money
        >>> line = (InvoiceBuilder.example().line("Widget", 3, money("9.99", "EUR"),
        ...          tax_category=TaxCategory.of("S", 19)).draft().lines[0])
        >>> line.net_amount
        Money('29.97', 'EUR')
    """

    id: str
    name: str
    quantity: Decimal
    unit_code: str
    price: Money
    base_quantity: Decimal
    tax_category: TaxCategory
    net_amount: Money
    allowance_charges: tuple[AllowanceCharge, ...] = ()
    gross_price: Money | None = None
    price_discount: Money | None = None
    order_reference: str | None = None

    tax = OldName("tax_category")


@_old_tax_keyword
@attrs.frozen
class LineSpec:
    """What a line says before the arithmetic: the input of :meth:`InvoiceBuilder.add`.

    ``price`` is per ``base_quantity`` units, net of VAT unless ``tax_inclusive``
    (then it includes VAT at the line's rate and is converted, see
    :meth:`InvoiceBuilder.line`). ``price_discount`` is an item price discount
    (BT-147) taken off ``price`` to give the net price.

    Example:
        >>> from otccore.invoicing import LineSpec, TaxCategory
        >>> from otccore.money import money
        >>> spec = LineSpec.create("Widget", 2, money(10, "EUR"),
        ...                        tax_category=TaxCategory.of("S", 19), order_reference="PO-1")
        >>> spec.quantity, spec.order_reference
        (Decimal('2'), 'PO-1')
    """

    name: str
    quantity: Decimal
    price: Money
    tax_category: TaxCategory
    base_quantity: Decimal = Decimal(1)
    unit_code: str = "C62"
    price_discount: Money | None = None
    tax_inclusive: bool = False
    order_reference: str | None = None
    id: str | None = None

    tax = OldName("tax_category")

    @classmethod
    @old_keyword("vat")
    def create(
        cls,
        name: str,
        quantity: object,
        price: moneyed.Money,
        *,
        tax_category: TaxCategory | None = None,
        base_quantity: object = 1,
        unit: str = "C62",
        price_discount: moneyed.Money | None = None,
        tax_inclusive: bool = False,
        order_reference: str | None = None,
        id: str | None = None,
    ) -> LineSpec:
        """Named constructor: checks every field (no floats, base quantity > 0, a real category).

        ``vat=`` is the deprecated name of ``tax_category=``.

        Example:
            >>> from otccore.invoicing import LineSpec, TaxCategory
            >>> from otccore.money import money
            >>> LineSpec.create("X", 1, money(1, "EUR"), tax_category=TaxCategory.of("S", 19),
            ...                 base_quantity=0)
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: line 'X': base quantity must be greater than zero: 0
        """
        text(name, "line name")
        qty = as_decimal(quantity, what=f"line {name!r}: quantity")
        base_qty = as_decimal(base_quantity, what=f"line {name!r}: base quantity")
        if base_qty <= 0:
            raise InvalidInput(
                f"line {name!r}: base quantity must be greater than zero: {base_qty}"
            )
        if not isinstance(price, moneyed.Money):
            raise InvalidAmount(
                f"line {name!r}: price must be Money, not {type(price).__name__}: {price!r}"
            )
        as_decimal(price.amount, what=f"line {name!r}: price")
        if not isinstance(tax_category, TaxCategory):
            raise InvalidInput(
                f"line {name!r}: tax_category must be a TaxCategory: {tax_category!r}"
            )
        text(unit, f"line {name!r}: unit code")
        discount = None
        if price_discount is not None:
            if not isinstance(price_discount, moneyed.Money):
                raise InvalidAmount(
                    f"line {name!r}: price discount must be Money: {price_discount!r}"
                )
            if price_discount.currency != price.currency:
                raise CurrencyMismatch(
                    f"line {name!r}: price discount is {price_discount.currency.code}, "
                    f"price is {price.currency.code}"
                )
            if tax_inclusive:
                raise InvalidInput(
                    f"line {name!r}: an item price discount needs a net price, "
                    "not a tax-inclusive one"
                )
            discount = Money(price_discount.amount, price.currency.code)
        if not isinstance(tax_inclusive, bool):
            raise InvalidInput(f"tax_inclusive must be a bool: {tax_inclusive!r}")
        return cls(
            name=name,
            quantity=qty,
            price=Money(price.amount, price.currency.code),
            tax_category=tax_category,
            base_quantity=base_qty,
            unit_code=unit,
            price_discount=discount,
            tax_inclusive=tax_inclusive,
            order_reference=order_reference,
            id=id,
        )
