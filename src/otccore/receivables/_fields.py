"""Argument checks the receivables nouns share (not public)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import moneyed

from otccore._kernel import text
from otccore.errors import InvalidAmount, InvalidInput
from otccore.money import Money, as_decimal, as_money, to_minor


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
