"""Deprecation shims of invoicing's renames (not public).

``vat=`` and ``tax=`` became ``tax_category=``; ``.tax`` on lines, line specs
and allowances or charges became ``.tax_category``. The old names keep working
with a ``DeprecationWarning`` and stay out of the signatures, so type checkers
and the docs show only the new ones.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from otccore._kernel import renamed

__all__ = ["OldName", "old_keyword"]

F = TypeVar("F", bound=Callable[..., Any])


def old_keyword(
    old: str, new: str = "tax_category", *, where: str | None = None
) -> Callable[[F], F]:
    """Let the decorated function take ``old=`` for ``new=``, warning through ``_kernel.renamed``."""

    def decorate(func: F) -> F:
        name = where if where is not None else func.__qualname__

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if old in kwargs:
                kwargs[new] = renamed(
                    kwargs.get(new), kwargs.pop(old), new_name=new, old_name=old, where=name
                )
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


class OldName:
    """A class attribute serving a field under its old name, with a ``DeprecationWarning``.

    A descriptor rather than a ``__getattr__``: a class with ``__getattr__`` pays
    for it on every attribute read (measured: the whole invoice pipeline ran about
    15 % slower).
    """

    def __init__(self, new: str) -> None:
        self.new = new
        self.old = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.old = name

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self
        kind = type(obj).__name__
        warnings.warn(
            f"{kind}.{self.old} is deprecated; use {kind}.{self.new}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(obj, self.new)
