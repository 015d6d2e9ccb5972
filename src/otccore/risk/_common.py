"""Shared helpers of the risk package: value coercion and missing values.

Where floats are allowed (and where they are not):

- **Features and scores** (ratios, WoE inputs, model scores) may be ``float`` —
  that is a data scientist's natural input. ``int``, ``Decimal`` and numpy
  numbers are accepted too. NaN, ``None`` and ``pandas.NA`` are *missing*.
- **Money** (amounts in fraud signals, financial-statement values) is never a
  float: ``Money``, ``Decimal`` or ``int`` only, otherwise ``InvalidAmount``.

Decimal arithmetic runs in the kernel's :data:`~otccore._kernel.WIDE` context (40
significant digits, half-even), never in the caller's ambient decimal context, so a
notebook that lowered its precision gets the same results.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import moneyed

from otccore._kernel import WIDE
from otccore.errors import InvalidAmount, InvalidInput
from otccore.money import as_decimal

__all__: list[str] = []

T = TypeVar("T")


def is_missing(value: object) -> bool:
    """True for ``None``, float NaN, Decimal NaN and ``pandas.NA``/``NaT``."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, Decimal):
        return value.is_nan()
    # pandas.NA and NaT without importing pandas
    return type(value).__name__ in ("NAType", "NaTType")


def feature_number(value: object, what: str) -> float:
    """A numeric feature as float; bools, strings and infinities are refused."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise InvalidInput(f"{what} must be a number, not a bool: {value!r}")
    if isinstance(value, float | int | Decimal | numbers.Real):
        result = float(value)
        if math.isinf(result):
            # numpy floats are shown as floats, so a list and an array read the same
            shown = value if isinstance(value, Decimal) else result
            raise InvalidInput(f"{what} must be finite: {shown!r}")
        return result
    raise InvalidInput(f"{what} must be a number, not {type(value).__name__}: {value!r}")


def one_value(value: object, what: str, instead: str) -> object:
    """``value`` when it is one value; a column (list, Series, array) is refused with a
    pointer to the column-wise function ``instead``."""
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        raise InvalidInput(
            f"{what} must be one number, not a {type(value).__name__}; "
            f"for a column of them use {instead}"
        )
    return value


def ratio_decimal(value: object, what: str) -> Decimal:
    """A ratio (feature) as an exact Decimal; floats are allowed and read by their repr."""
    if is_missing(value):
        raise InvalidInput(f"{what} is missing: {value!r}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInput(f"{what} must be finite: {value!r}")
        return value
    if isinstance(value, bool):
        raise InvalidInput(f"{what} must be a number, not a bool: {value!r}")
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    number = feature_number(value, what)
    return Decimal(repr(number))


def amount_decimal(value: object, what: str = "amount") -> Decimal:
    """An amount as Decimal: Money, Decimal, int or numpy int; never float (InvalidAmount)."""
    if isinstance(value, moneyed.Money):
        return as_decimal(value.amount, what=what)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return as_decimal(value, what=what)
    if isinstance(value, numbers.Integral) and type(value).__name__ != "bool_":
        return Decimal(int(value))
    raise InvalidAmount(
        f"{what} must be Money, Decimal or int, not {type(value).__name__}: {value!r}"
    )


def target_flag(value: object, index: int) -> bool:
    """A binary target: 1/True is the event (bad), 0/False the non-event (good)."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, numbers.Real) and not is_missing(value) and value in (0, 1):
        return bool(value == 1)
    raise InvalidInput(f"target {index} must be 0/1 or a bool: {value!r}")


def column(data: Any, name: str) -> Iterable[Any]:
    """A column of a mapping of columns or a pandas DataFrame (duck-typed, no pandas import)."""
    try:
        return data[name]  # type: ignore[no-any-return]
    except (KeyError, IndexError, TypeError):
        raise InvalidInput(f"no column {name!r} in the data") from None


def as_list(values: Iterable[Any]) -> list[Any]:
    """Materialise any iterable (list, tuple, generator, pandas Series, numpy array)."""
    if isinstance(values, str | bytes | Mapping):
        raise InvalidInput(f"expected a column of values, not {type(values).__name__}")
    return list(values)


def plain(value: Decimal) -> Decimal:
    """Drop trailing zeros without exponent notation (50, not 5E+1), in ``WIDE``."""
    if value == value.to_integral_value(context=WIDE):
        return value.quantize(Decimal(1), context=WIDE)
    return value.normalize(WIDE)


def rows_of(data: Any) -> Iterable[Any]:
    """Rows of a pandas DataFrame as dicts (duck-typed); any other iterable as it is."""
    if hasattr(data, "columns") and hasattr(data, "to_dict"):
        return data.to_dict("records")  # type: ignore[no-any-return]
    return data  # type: ignore[no-any-return]


def present(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row without its missing cells (what a DataFrame row holds for an empty optional
    column), so named constructors see an absent key instead of a NaN."""
    return {k: v for k, v in row.items() if not is_missing(v)}


def fields_of(
    value: object,
    fields: tuple[str, ...],
    what: str,
    *,
    renamed: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The ``fields`` of a mapping with those keys (other keys ignored) or of a tuple/list
    of that length, by name.

    ``renamed`` maps old key names to new ones: a mapping that uses an old name still
    reads, with a ``DeprecationWarning``.
    """
    if isinstance(value, Mapping):
        row = dict(value)
        for old, new in (renamed or {}).items():
            if old in row:
                if new in row:
                    raise InvalidInput(f"{what} has both {new!r} and its old name {old!r}")
                warnings.warn(
                    f"the {old!r} column of a {what} is deprecated; use {new!r}",
                    DeprecationWarning,
                    stacklevel=4,
                )
                row[new] = row.pop(old)
        for name in fields:
            if name not in row:
                raise InvalidInput(f"{what} is missing {name!r}: {value!r}")
        return {name: row[name] for name in fields}
    if isinstance(value, tuple | list) and len(value) == len(fields):
        return dict(zip(fields, value, strict=True))
    raise InvalidInput(f"{what} must be ({', '.join(fields)}) or a mapping of them: {value!r}")


def from_fields(build: Callable[..., T], value: object, fields: tuple[str, ...], what: str) -> T:
    """``build(*fields)`` from a mapping with those keys or a tuple/list of that length."""
    return build(*fields_of(value, fields, what).values())
