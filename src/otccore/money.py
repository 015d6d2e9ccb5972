"""Money discipline: exact amounts, explicit rounding, splits that never lose a cent.

Amounts are :class:`Money` (a py-moneyed ``Money`` whose arithmetic raises
:class:`~otccore.errors.CurrencyMismatch` instead of a bare ``TypeError``) with
``Decimal`` amounts. A float never becomes money: :func:`money` refuses ``float``
and ``bool``, NaN and infinities. Nothing here reads or changes the ambient decimal
context: every rounding names its mode.

Example:
    >>> from otccore.money import allocate, money, to_minor
    >>> total = money("100.00", "EUR")
    >>> [str(part.amount) for part in allocate(total, [1, 1, 1])]
    ['33.34', '33.33', '33.33']
    >>> to_minor(money("12.34", "EUR"))
    1234
"""

from __future__ import annotations

import decimal
import numbers
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Final, NoReturn, Protocol

import attrs
import moneyed

from otccore._kernel import DIVISION, EXACT
from otccore.errors import (
    CurrencyMismatch,
    InvalidAmount,
    InvalidInput,
    MissingRate,
    UnknownCurrency,
)

__all__ = [
    "DEFAULT_ROUNDING",
    "Amount",
    "FxRates",
    "Money",
    "RoundingPolicy",
    "StaticRates",
    "allocate",
    "as_decimal",
    "as_money",
    "check_currency",
    "convert",
    "from_minor",
    "minor_digits",
    "money",
    "round_money",
    "sum_money",
    "to_minor",
    "zero",
]

Amount = int | Decimal | str
"""What :func:`money` accepts as an amount: ``int``, ``Decimal`` or a numeric ``str``."""


# The kernel's contexts: exact scaling and quantizing (every quotient, quantize and
# integral names its rounding), and 28-digit division, whatever the ambient context.
_EXACT: Final = EXACT
_DIVISION: Final = DIVISION


def _step(digits: int) -> Decimal:
    """``10 ** -digits``, the rounding step for ``digits`` decimals."""
    return Decimal(1).scaleb(-digits, _EXACT)


_NO_AMOUNT: Final = Decimal("0.0")  # py-moneyed's default amount
_CURRENCIES: Final = moneyed.CURRENCIES  # code -> Currency, py-moneyed's own table


def _mismatch(op: str, a: moneyed.Money, b: moneyed.Money) -> CurrencyMismatch:
    return CurrencyMismatch(
        f"cannot {op} {a.currency.code} {a.amount} and {b.currency.code} {b.amount}: "
        "currencies differ"
    )


class Money(moneyed.Money):
    """A py-moneyed ``Money`` that never holds a float and never reads the decimal context.

    Building it refuses float, bool, NaN and infinities with :class:`InvalidAmount`
    and an unknown code with :class:`UnknownCurrency`, whichever way it is built (the
    class itself, :func:`money`, arithmetic). Mixed currencies raise
    :class:`CurrencyMismatch`. Arithmetic is exact (60 significant digits) except
    division, which keeps 28, Python's default; the caller's ambient decimal
    context changes neither. Build it with :func:`money`, which also accepts an
    existing ``Money``.

    Example:
        >>> from otccore.money import Money, money
        >>> a = money("10.50", "EUR") + money(2, "EUR")
        >>> a
        Money('12.50', 'EUR')
        >>> a > money(12, "EUR")
        True
        >>> Money(1.5, "EUR")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidAmount: amount must be an int, Decimal or str, not float: 1.5
    """

    def __init__(
        self, amount: object = _NO_AMOUNT, currency: str | moneyed.Currency | None = None
    ) -> None:
        # Hot path (matching builds Money from finite Decimals): one type check and
        # one is_finite call; everything else goes through as_decimal's checks.
        if type(amount) is not Decimal or not amount.is_finite():
            amount = as_decimal(amount)
        # py-moneyed's own __init__, inlined: a super() call would double the cost.
        self.amount = amount  # type: ignore[misc]
        self.currency = (  # type: ignore[misc]
            currency if type(currency) is moneyed.Currency else _currency(currency)
        )

    def _same(self, op: str, other: object) -> None:
        if isinstance(other, moneyed.Money) and other.currency != self.currency:
            raise _mismatch(op, self, other)

    def __add__(self, other: object) -> Money:
        if isinstance(other, moneyed.Money):
            self._same("add", other)
            # Exact whatever the caller's decimal context says (60 digits).
            return Money(_EXACT.add(self.amount, other.amount), self.currency)
        return super().__add__(other)

    __radd__ = __add__

    def __sub__(self, other: object) -> Money:
        if isinstance(other, moneyed.Money):
            self._same("subtract", other)
            return Money(_EXACT.subtract(self.amount, other.amount), self.currency)
        return super().__sub__(other)  # type: ignore[operator]

    def __neg__(self) -> Money:
        return Money(_EXACT.minus(self.amount), self.currency)

    def __pos__(self) -> Money:
        return Money(_EXACT.plus(self.amount), self.currency)

    def __abs__(self) -> Money:
        return Money(_EXACT.abs(self.amount), self.currency)

    def __mul__(self, other: object) -> Money:
        factor = _operand(other, "multiplier of money")
        return Money(_EXACT.multiply(self.amount, factor), self.currency)

    __rmul__ = __mul__

    def __truediv__(self, other: object) -> Money | Decimal:
        if isinstance(other, moneyed.Money):
            self._same("divide", other)
            if other.amount == 0:
                raise InvalidAmount(f"cannot divide {self.currency.code} {self.amount} by zero")
            return _DIVISION.divide(self.amount, other.amount)
        divisor = _operand(other, "divisor of money")
        if divisor == 0:
            raise InvalidAmount(f"cannot divide {self.currency.code} {self.amount} by zero")
        return Money(_DIVISION.divide(self.amount, divisor), self.currency)

    def __rtruediv__(self, other: object) -> NoReturn:
        raise InvalidAmount(f"only money divides money, not {type(other).__name__}: {other!r}")

    def __rmod__(self, other: object) -> Money:
        # py-moneyed's "percent % money": the share of this amount, exactly.
        percent = _operand(other, "percentage of money")
        return Money(_EXACT.divide(_EXACT.multiply(percent, self.amount), 100), self.currency)

    def round(self, ndigits: int | None = 0) -> Money:
        """Round to ``ndigits`` decimals, half-even, whatever the ambient decimal context.

        py-moneyed rounds by the caller's context here; otccore fixes the mode. For
        money rounding by policy (half-up to the minor unit) use :func:`round_money`.

        Example:
            >>> from otccore.money import money
            >>> money("2.345", "EUR").round(2), money("2.355", "EUR").round(2)
            (Money('2.34', 'EUR'), Money('2.36', 'EUR'))
        """
        return Money(self.amount.quantize(_step(ndigits or 0), context=_EXACT), self.currency)

    def get_amount_in_sub_unit(self) -> int:
        """The amount in the currency's sub-units, truncated (py-moneyed's API, exact).

        Prefer :func:`to_minor`, which refuses an amount finer than the minor unit.

        Example:
            >>> from otccore.money import money
            >>> money("12.34", "EUR").get_amount_in_sub_unit()
            1234
        """
        return int(_EXACT.multiply(self.amount, self.currency.sub_unit))

    def __lt__(self, other: object) -> bool:
        self._same("compare", other)
        return super().__lt__(other)

    def __le__(self, other: object) -> bool:
        self._same("compare", other)
        return super().__le__(other)

    def __gt__(self, other: object) -> bool:
        self._same("compare", other)
        return super().__gt__(other)

    def __ge__(self, other: object) -> bool:
        self._same("compare", other)
        return super().__ge__(other)


def _currency(code: object) -> moneyed.Currency:
    if code is None:
        raise TypeError("Money() missing 1 required argument: 'currency'")
    if isinstance(code, moneyed.Currency):
        return code
    found = _CURRENCIES.get(code) if isinstance(code, str) else None
    if found is None:
        found = _CURRENCIES.get(str(code).strip().upper())
        if found is None:
            raise UnknownCurrency(f"unknown currency code: {code!r}")
    return found


def _operand(value: object, what: str) -> Decimal:
    """A number to multiply or divide money by: never a float, a bool or other money."""
    if isinstance(value, moneyed.Money | float | bool):
        kind = "money" if isinstance(value, moneyed.Money) else f"a {type(value).__name__}"
        raise InvalidAmount(f"the {what} must not be {kind}: {value!r}")
    return as_decimal(value, what=f"the {what}")


def check_currency(code: object) -> str:
    """Return the upper-case ISO 4217 code, or raise :class:`UnknownCurrency`.

    Example:
        >>> from otccore.money import check_currency
        >>> check_currency("eur")
        'EUR'
    """
    if not isinstance(code, str | moneyed.Currency):
        raise UnknownCurrency(
            f"currency must be a code string, not {type(code).__name__}: {code!r}"
        )
    return _currency(code).code


def as_decimal(amount: object, *, what: str = "amount") -> Decimal:
    """Turn an ``int``, ``Decimal`` or numeric ``str`` into a finite ``Decimal``.

    Floats, bools, NaN and infinities raise :class:`InvalidAmount`.

    Example:
        >>> from otccore.money import as_decimal
        >>> as_decimal("12.30")
        Decimal('12.30')
        >>> as_decimal(float("nan"))
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidAmount: amount must be an int, Decimal or str, not float: nan
    """
    if isinstance(amount, bool) or not isinstance(amount, numbers.Integral | Decimal | str):
        raise InvalidAmount(
            f"{what} must be an int, Decimal or str, not {type(amount).__name__}: {amount!r}"
        )
    if isinstance(amount, numbers.Integral):
        # int, and integer types that register as Integral (numpy.int64 in a notebook).
        return Decimal(int(amount))
    if isinstance(amount, str):
        try:
            value = Decimal(amount.strip())
        except decimal.InvalidOperation:
            raise InvalidAmount(f"{what} is not a number: {amount!r}") from None
    else:
        value = amount
    if not value.is_finite():
        raise InvalidAmount(f"{what} must be finite: {amount!r}")
    return value


def money(amount: object, currency: object) -> Money:
    """Build :class:`Money` from an exact amount and an ISO 4217 code.

    Accepts ``int``, ``Decimal``, a numeric ``str`` or an existing ``Money``
    (whose currency must then agree). Rejects float, bool, NaN and infinity with
    :class:`InvalidAmount`, and unknown codes with :class:`UnknownCurrency`.

    Example:
        >>> from otccore.money import money
        >>> money("19.99", "eur")
        Money('19.99', 'EUR')
        >>> money(True, "EUR")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidAmount: amount must be an int, Decimal or str, not bool: True
    """
    code = check_currency(currency)
    if isinstance(amount, moneyed.Money):
        if amount.currency.code != code:
            raise CurrencyMismatch(f"amount is in {amount.currency.code}, expected {code}")
        return amount if isinstance(amount, Money) else Money(amount.amount, code)
    return Money(amount, code)  # Money checks the amount itself


def as_money(value: moneyed.Money) -> Money:
    """Return ``value`` as otccore :class:`Money` (a no-op for otccore money).

    Example:
        >>> import moneyed
        >>> from otccore.money import as_money
        >>> as_money(moneyed.Money(1, "EUR"))
        Money('1', 'EUR')
    """
    if not isinstance(value, moneyed.Money):
        raise InvalidAmount(f"expected Money, not {type(value).__name__}: {value!r}")
    if isinstance(value, Money):
        return value
    return money(as_decimal(value.amount), value.currency.code)


def zero(currency: object) -> Money:
    """Zero in ``currency``.

    Example:
        >>> from otccore.money import zero
        >>> zero("JPY")
        Money('0', 'JPY')
    """
    return Money(Decimal(0), check_currency(currency))


_DIGITS: dict[str, int] = {}


def minor_digits(currency: object) -> int:
    """Number of decimal places of the currency's minor unit (EUR 2, JPY 0, BHD 3).

    Example:
        >>> from otccore.money import minor_digits
        >>> minor_digits("EUR"), minor_digits("JPY"), minor_digits("BHD")
        (2, 0, 3)
    """
    # Hot path (to_minor over millions of amounts): a known code skips validation.
    digits = _DIGITS.get(currency) if isinstance(currency, str) else None
    if digits is not None:
        return digits
    code = check_currency(currency)
    digits = _DIGITS.get(code)
    if digits is None:
        sub_unit = moneyed.get_currency(code).sub_unit
        digits = len(str(sub_unit)) - 1 if sub_unit and sub_unit > 1 else 0
        _DIGITS[code] = digits
    return digits


def to_minor(value: moneyed.Money) -> int:
    """Exact integer minor units of ``value``; finer amounts raise :class:`InvalidAmount`.

    Example:
        >>> from otccore.money import money, to_minor
        >>> to_minor(money("-1.50", "EUR"))
        -150
        >>> to_minor(money("1.005", "EUR"))
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidAmount: EUR 1.005 is finer than the minor unit (2 decimals)
    """
    digits = minor_digits(value.currency.code)
    scaled = value.amount.scaleb(digits, _EXACT)
    integral = scaled.to_integral_value(rounding=decimal.ROUND_DOWN)
    if integral != scaled:
        raise InvalidAmount(
            f"{value.currency.code} {value.amount} is finer than the minor unit ({digits} decimals)"
        )
    return int(integral)


def from_minor(units: int, currency: object) -> Money:
    """Money from integer minor units (the inverse of :func:`to_minor`).

    Example:
        >>> from otccore.money import from_minor
        >>> from_minor(-150, "EUR")
        Money('-1.50', 'EUR')
    """
    if isinstance(units, bool) or not isinstance(units, int):
        raise InvalidAmount(f"minor units must be an int, not {type(units).__name__}: {units!r}")
    code = check_currency(currency)
    return Money(Decimal(units).scaleb(-minor_digits(code), _EXACT), code)


@attrs.frozen
class RoundingPolicy:
    """How to round an amount: a decimal rounding mode and a quantum.

    ``quantum=None`` rounds to the currency's minor unit; a quantum such as
    ``Decimal("0.05")`` rounds to multiples of it (cash rounding).

    Example:
        >>> from decimal import Decimal
        >>> from otccore.money import RoundingPolicy, money, round_money
        >>> round_money(money("1.005", "EUR"))
        Money('1.01', 'EUR')
        >>> round_money(money("1.024", "EUR"), RoundingPolicy(quantum=Decimal("0.05")))
        Money('1.00', 'EUR')
    """

    mode: str = attrs.field(default=decimal.ROUND_HALF_UP)
    quantum: Decimal | None = None

    @mode.validator
    def _check_mode(self, _: attrs.Attribute[str], value: str) -> None:
        if value not in _MODES:
            raise InvalidInput(f"unknown rounding mode: {value!r}")

    def __attrs_post_init__(self) -> None:
        if self.quantum is not None and (
            not isinstance(self.quantum, Decimal)
            or not self.quantum.is_finite()
            or self.quantum <= 0
        ):
            raise InvalidInput(f"rounding quantum must be a positive Decimal: {self.quantum!r}")

    def round(self, amount: Decimal, currency: str) -> Decimal:
        """Round a bare ``Decimal`` as this policy says, for ``currency``.

        Example:
            >>> from decimal import Decimal
            >>> from otccore.money import RoundingPolicy
            >>> RoundingPolicy().round(Decimal("2.345"), "EUR")
            Decimal('2.35')
        """
        if self.quantum is None:
            return amount.quantize(
                _step(minor_digits(currency)), rounding=self.mode, context=_EXACT
            )
        units = _EXACT.divide(amount, self.quantum).quantize(
            Decimal(1), rounding=self.mode, context=_EXACT
        )
        return _EXACT.multiply(units, self.quantum).quantize(
            _step(minor_digits(currency)), context=_EXACT
        )


_MODES: Final = frozenset(
    {
        decimal.ROUND_HALF_UP,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_UP,
        decimal.ROUND_DOWN,
        decimal.ROUND_CEILING,
        decimal.ROUND_FLOOR,
        decimal.ROUND_05UP,
    }
)

DEFAULT_ROUNDING: Final = RoundingPolicy()
"""Half-up (away from zero on ties) to the currency's minor unit."""


def round_money(value: moneyed.Money, policy: RoundingPolicy = DEFAULT_ROUNDING) -> Money:
    """Round ``value`` by ``policy`` (default: half-up to the minor unit).

    Example:
        >>> from otccore.money import money, round_money
        >>> round_money(money("-2.345", "EUR"))
        Money('-2.35', 'EUR')
    """
    code = value.currency.code
    return Money(policy.round(value.amount, code), code)


def sum_money(values: Iterable[moneyed.Money], currency: object | None = None) -> Money:
    """Sum amounts of one currency. An empty input needs ``currency``.

    Example:
        >>> from otccore.money import money, sum_money
        >>> sum_money([money(1, "EUR"), money("2.50", "EUR")])
        Money('3.50', 'EUR')
        >>> sum_money([], "EUR")
        Money('0', 'EUR')
    """
    code = check_currency(currency) if currency is not None else None
    total = Decimal(0)
    for value in values:
        if not isinstance(value, moneyed.Money):
            raise InvalidAmount(f"expected Money, not {type(value).__name__}: {value!r}")
        if code is None:
            code = value.currency.code
        elif value.currency.code != code:
            raise CurrencyMismatch(
                f"cannot sum {code} and {value.currency.code} {value.amount}: currencies differ"
            )
        total = _EXACT.add(total, value.amount)
    if code is None:
        raise InvalidInput("sum_money of no amounts needs a currency")
    return Money(total, code)


def allocate(total: moneyed.Money, weights: Sequence[int | Decimal]) -> tuple[Money, ...]:
    """Split ``total`` in proportion to ``weights`` without losing or inventing a cent.

    Largest remainder method over minor units; ties go to the earlier weight, so
    the result is deterministic. Weights are non-negative ``int`` or ``Decimal``
    and not all zero. A negative total is split as its absolute value, negated.

    Example:
        >>> from decimal import Decimal
        >>> from otccore.money import allocate, money
        >>> [str(m.amount) for m in allocate(money("0.05", "EUR"), [1, 1, 1])]
        ['0.02', '0.02', '0.01']
        >>> [str(m.amount) for m in allocate(money(100, "JPY"), [Decimal("0.5"), 1])]
        ['33', '67']
    """
    units = to_minor(total)
    code = total.currency.code
    ws = [as_decimal(w, what="weight") for w in weights]
    if not ws:
        raise InvalidInput("allocate needs at least one weight")
    if any(w < 0 for w in ws):
        raise InvalidInput(f"weights must not be negative: {list(weights)!r}")
    weight_sum = Decimal(0)
    for w in ws:
        weight_sum = _EXACT.add(weight_sum, w)
    if weight_sum == 0:
        raise InvalidInput(f"weights must not all be zero: {list(weights)!r}")
    sign = -1 if units < 0 else 1
    magnitude = abs(units)
    shares: list[int] = []
    remainders: list[tuple[Decimal, int]] = []
    for index, w in enumerate(ws):
        exact = _EXACT.divide(_EXACT.multiply(Decimal(magnitude), w), weight_sum)
        floor = int(exact.to_integral_value(rounding=decimal.ROUND_FLOOR, context=_EXACT))
        shares.append(floor)
        remainders.append((_EXACT.subtract(exact, floor), index))
    leftover = magnitude - sum(shares)
    for _, index in sorted(remainders, key=lambda r: (-r[0], r[1]))[:leftover]:
        shares[index] += 1
    return tuple(from_minor(sign * s, code) for s in shares)


class FxRates(Protocol):
    """Port: exchange rates, implemented by the host (or :class:`StaticRates`).

    ``rate(source, target, on)`` returns how many units of ``target`` one unit of
    ``source`` buys on ``on``, or raises :class:`~otccore.errors.MissingRate`.

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.money import FxRates, StaticRates
        >>> rates: FxRates = StaticRates({("EUR", "USD"): Decimal("1.10")})
        >>> rates.rate("EUR", "USD", date(2026, 1, 2))
        Decimal('1.10')
    """

    def rate(self, source: str, target: str, on: date) -> Decimal:
        """Units of ``target`` one unit of ``source`` buys on ``on``, or ``MissingRate``.

        Example:
            >>> from datetime import date
            >>> from decimal import Decimal
            >>> from otccore.money import FxRates, convert, money
            >>> class Parity:  # a host's own implementation
            ...     def rate(self, source: str, target: str, on: date) -> Decimal:
            ...         return Decimal(1)
            >>> rates: FxRates = Parity()
            >>> convert(money(5, "EUR"), "USD", rates, on=date(2026, 1, 2))
            Money('5.00', 'USD')
        """
        ...


def _rate_table(value: Mapping[tuple[str, str], Decimal]) -> dict[tuple[str, str], Decimal]:
    # A typed converter: with ``converter=dict`` mypy derives an unusable __init__ type.
    return dict(value)


@attrs.frozen
class StaticRates:
    """Fixed rates keyed by ``(source, target)``, valid on every date.

    The inverse of a given pair is derived (1 / rate) when it is not given itself;
    a currency converts to itself at 1.

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.money import StaticRates
        >>> rates = StaticRates({("EUR", "USD"): Decimal("1.25")})
        >>> rates.rate("USD", "EUR", date(2026, 1, 2))
        Decimal('0.8')
    """

    rates: Mapping[tuple[str, str], Decimal] = attrs.field(converter=_rate_table)

    def __attrs_post_init__(self) -> None:
        for (source, target), value in self.rates.items():
            check_currency(source)
            check_currency(target)
            if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
                raise InvalidInput(f"rate {source}->{target} must be a positive Decimal: {value!r}")

    def rate(self, source: str, target: str, on: date) -> Decimal:
        """The rate from ``source`` to ``target`` (``on`` is ignored: rates are static).

        Example:
            >>> from datetime import date
            >>> from otccore.money import StaticRates
            >>> StaticRates({}).rate("EUR", "EUR", date(2026, 1, 2))
            Decimal('1')
        """
        if source == target:
            return Decimal(1)
        direct = self.rates.get((source, target))
        if direct is not None:
            return direct
        inverse = self.rates.get((target, source))
        if inverse is not None:
            return _DIVISION.divide(Decimal(1), inverse)
        raise MissingRate(f"no rate from {source} to {target} on {on.isoformat()}")


def convert(
    value: moneyed.Money,
    target: object,
    rates: FxRates,
    *,
    on: date,
    policy: RoundingPolicy = DEFAULT_ROUNDING,
) -> Money:
    """Convert ``value`` into ``target`` at the rate on ``on``, rounded by ``policy``.

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.money import StaticRates, convert, money
        >>> rates = StaticRates({("EUR", "USD"): Decimal("1.0837")})
        >>> convert(money("100.00", "EUR"), "USD", rates, on=date(2026, 1, 2))
        Money('108.37', 'USD')
    """
    code = check_currency(target)
    source = value.currency.code
    if source == code:
        return as_money(value)
    rate = rates.rate(source, code, on)
    return Money(policy.round(_EXACT.multiply(value.amount, rate), code), code)
