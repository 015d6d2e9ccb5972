"""Argument checks the receivables nouns share, and the cells their ``from_row`` reads
(not public).

A row is what a reader yields: a dict from a file or a database, a DataFrame row.
Its cells may be text (a CSV file) or typed values (a database, a frame); every
``from_row`` reads them through the helpers here, so every reader accepts the same
cells and refuses a bad one with the same :mod:`otccore.errors` exception.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import moneyed

from otccore._kernel import day, text
from otccore.errors import CurrencyMismatch, InvalidAmount, InvalidInput
from otccore.money import Money, as_decimal, as_money, check_currency, money, to_minor

_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no", "")


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


def _opt_id(row: Mapping[str, Any], key: str, what: str) -> str | None:
    """The text in ``row[key]``, or ``None`` when the cell is absent or ``None``."""
    value = row.get(key)
    return None if value is None else text(value, what)


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


def _date(value: object, key: str) -> date:
    """A date cell: a ``datetime.date``, or ISO ``YYYY-MM-DD`` text."""
    if not isinstance(value, str):
        return day(value, key)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{key} is not an ISO date: {value!r}") from None


def _opt_date(row: Mapping[str, Any], key: str) -> date | None:
    value = row.get(key)
    return None if value is None else _date(value, key)


def _flag(row: Mapping[str, Any], key: str) -> bool:
    """A yes/no cell: a bool, 0 or 1, or the text true/false, yes/no, 1/0; absent is False."""
    value = row.get(key)
    if value is None:
        return False
    if isinstance(value, str):
        if value.lower() in _TRUE + _FALSE:
            return value.lower() in _TRUE
    elif value in (0, 1):  # bool, int, numpy.bool_
        return bool(value)
    raise InvalidInput(f"{key} must be true or false: {value!r}")


def _amount(row: Mapping[str, Any], key: str, what: str) -> Money:
    """``row[key]`` as Money: a Money, or an exact amount in the row's ``currency``.

    A Money whose currency disagrees with a ``currency`` cell raises CurrencyMismatch.
    """
    value = _required(row, key, what)
    if not isinstance(value, moneyed.Money):
        return money(value, _required(row, "currency", what))
    currency = row.get("currency")
    if currency is not None and check_currency(currency) != value.currency.code:
        raise CurrencyMismatch(
            f"{what} row: {key} is {value.currency.code}, currency says {currency!r}"
        )
    return as_money(value)


def _opt_amount(row: Mapping[str, Any], key: str, what: str) -> Money | None:
    return None if row.get(key) is None else _amount(row, key, what)


def _nested(value: object, kind: type[Any], what: str) -> tuple[Any, ...]:
    """A cell of structured values: each a ``kind`` already, or a mapping its ``from_row`` reads."""
    if value is None:
        return ()
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise InvalidInput(f"{what} must be a sequence, not {type(value).__name__}: {value!r}")
    return tuple(v if isinstance(v, kind) else kind.from_row(v) for v in value)


def _money(value: object, what: str) -> Money:
    if type(value) is Money:  # the common case, checked cheaply
        to_minor(value)
        return value
    if not isinstance(value, moneyed.Money):
        raise InvalidAmount(f"{what} must be Money, not {type(value).__name__}: {value!r}")
    result = as_money(value)
    to_minor(result)  # refuses sub-minor-unit amounts
    return result


def _opt_money(value: object, what: str) -> Money | None:
    return None if value is None else _money(value, what)


def _percent(value: object) -> Decimal:
    return as_decimal(value, what="discount percent")
