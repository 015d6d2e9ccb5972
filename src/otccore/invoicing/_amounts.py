"""Amount checks shared by the invoicing modules (not public).

Every amount on a document is Money in the invoice currency (never a float);
document amounts have at most the currency's decimals, unit prices may have more.
"""

from __future__ import annotations

from decimal import Decimal

import moneyed

from otccore._kernel import show
from otccore.errors import CurrencyMismatch, InvalidAmount
from otccore.money import Money, as_decimal, from_minor, minor_digits, to_minor

__all__ = ["minor_amount", "money_in", "step"]


def money_in(value: object, what: str, currency: str | None = None) -> Money:
    """``value`` as otccore Money, checked: Money (no float), in ``currency`` when given.

    Example:
        >>> from otccore.invoicing._amounts import money_in
        >>> from otccore.money import money
        >>> money_in(money("1.5", "EUR"), "price", "EUR")
        Money('1.5', 'EUR')
        >>> money_in(money(1, "EUR"), "price", "USD")
        Traceback (most recent call last):
        ...
        otccore.errors.CurrencyMismatch: price is 1 EUR, the invoice is in USD
    """
    if not isinstance(value, moneyed.Money):
        raise InvalidAmount(f"{what} must be Money, not {type(value).__name__}: {value!r}")
    code = value.currency.code
    if currency is not None and code != currency:
        raise CurrencyMismatch(f"{what} is {show(value)}, the invoice is in {currency}")
    if isinstance(value, Money):
        return value
    return Money(as_decimal(value.amount, what=what), code)


def step(currency: str) -> Decimal:
    """The minor-unit quantum of ``currency`` (``Decimal('0.01')`` for EUR).

    Example:
        >>> from otccore.invoicing._amounts import step
        >>> step("EUR"), step("JPY")
        (Decimal('0.01'), Decimal('1'))
    """
    return Decimal(1).scaleb(-minor_digits(currency))


def minor_amount(value: Money, what: str) -> Money:
    """``value`` written to its currency's minor unit; finer amounts raise InvalidAmount.

    Amounts on the document (allowances, charges, prepaid …) have at most the
    currency's decimals (EN 16931 BR-DEC); unit prices may have more.

    Example:
        >>> from otccore.invoicing._amounts import minor_amount
        >>> from otccore.money import Money
        >>> minor_amount(Money("5", "EUR"), "charge amount")
        Money('5.00', 'EUR')
        >>> minor_amount(Money("0.333", "EUR"), "charge amount")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidAmount: charge amount: EUR 0.333 is finer than the minor unit (2 decimals)
    """
    try:
        return from_minor(to_minor(value), value.currency.code)
    except InvalidAmount as exc:
        raise InvalidAmount(f"{what}: {exc}") from None
