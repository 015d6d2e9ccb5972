"""What credit's modules share beyond the kernel (not public)."""

from __future__ import annotations

import functools
import warnings
from typing import Any, TypeVar

import moneyed

from otccore._kernel import renamed
from otccore.errors import InvalidAmount
from otccore.money import Money, as_money, to_minor

T = TypeVar("T")


def amount(value: object, what: str, *, allow_negative: bool = False) -> Money:
    """Money, exact to the minor unit, not negative unless allowed."""
    if not isinstance(value, moneyed.Money):
        raise InvalidAmount(f"{what} must be Money, not {type(value).__name__}: {value!r}")
    result = as_money(value)
    to_minor(result)
    if not allow_negative and result.amount < 0:
        raise InvalidAmount(f"{what} must not be negative: {result.amount} {result.currency.code}")
    return result


def old_field(owner: str, old: str, new: str) -> property:
    """A read-only property serving field ``new`` under its deprecated name ``old``.

    A property, not a ``__getattr__``: a class with ``__getattr__`` pays for it on
    every attribute read.
    """

    def read(self: object) -> Any:
        warnings.warn(
            f"{owner}.{old} is deprecated; use {owner}.{new}", DeprecationWarning, stacklevel=2
        )
        return getattr(self, new)

    return property(read, doc=f"Deprecated: use :attr:`{new}`.")


def old_keyword_init(cls: type[T], old: str, new: str) -> type[T]:
    """Let ``cls(...)`` still take ``old=`` for the field ``new`` (through ``_kernel.renamed``)."""
    init = cls.__init__

    @functools.wraps(init)
    def init_taking_old(self: object, *args: Any, **kwargs: Any) -> None:
        if old in kwargs:
            kwargs[new] = renamed(
                kwargs.get(new), kwargs.pop(old), new_name=new, old_name=old, where=cls.__name__
            )
        init(self, *args, **kwargs)

    cls.__init__ = init_taking_old  # type: ignore[method-assign]
    return cls
