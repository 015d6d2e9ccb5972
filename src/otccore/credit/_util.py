"""Small validation helpers shared by the credit modules (not public)."""

from __future__ import annotations

import enum
from datetime import date
from typing import TypeVar

import moneyed

from otccore._choices import choice
from otccore.errors import ConfigurationError, InvalidAmount, InvalidInput
from otccore.money import Money, as_money, to_minor


def text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be a str, not {type(value).__name__}: {value!r}")
    if not value.strip():
        raise InvalidInput(f"{what} must not be empty: {value!r}")
    return value


def day(value: object, what: str) -> date:
    if not isinstance(value, date) or type(value).__name__ == "datetime":
        raise InvalidInput(f"{what} must be a datetime.date, not {type(value).__name__}: {value!r}")
    return value


def opt_day(value: object, what: str) -> date | None:
    return None if value is None else day(value, what)


def amount(value: object, what: str, *, allow_negative: bool = False) -> Money:
    """Money, exact to the minor unit, not negative unless allowed."""
    if not isinstance(value, moneyed.Money):
        raise InvalidAmount(f"{what} must be Money, not {type(value).__name__}: {value!r}")
    result = as_money(value)
    to_minor(result)
    if not allow_negative and result.amount < 0:
        raise InvalidAmount(f"{what} must not be negative: {result.amount} {result.currency.code}")
    return result


def whole(value: object, what: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{what} must be an int, not {type(value).__name__}: {value!r}")
    if value < minimum:
        raise InvalidInput(f"{what} must be at least {minimum}: {value!r}")
    return value


E = TypeVar("E", bound=enum.StrEnum)


def setting(kind: type[E], value: object, what: str) -> E:
    """:func:`choice` for configuration: an unknown value is a ``ConfigurationError``."""
    return choice(kind, value, what, error=ConfigurationError)
