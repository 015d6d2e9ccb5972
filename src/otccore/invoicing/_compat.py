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

__all__ = ["old_keyword", "old_tax_attribute"]

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


def old_tax_attribute(self: Any, name: str) -> Any:
    """A ``__getattr__`` serving ``.tax`` (the old name of ``.tax_category``) with a warning."""
    if name == "tax":
        kind = type(self).__name__
        warnings.warn(
            f"{kind}.tax is deprecated; use {kind}.tax_category", DeprecationWarning, stacklevel=2
        )
        return self.tax_category
    raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
