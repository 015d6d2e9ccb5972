"""The kernel every subpackage shares (not public).

One home for what each area used to keep a copy of:

- the decimal contexts that domain arithmetic runs in (never the ambient one);
- the argument checks at the boundary (text, dates, whole numbers, choices),
  each raising :class:`~otccore.errors.InvalidInput` that names the value;
- :func:`trusted`, the one way a hot path builds a frozen value from parts that
  are valid by construction, skipping converters and validators;
- :func:`show`, the one way to write an amount in a message (``12.50 EUR``).

Example:
    >>> from datetime import date
    >>> from otccore._kernel import day, text
    >>> day(date(2026, 1, 31), "as_of")
    datetime.date(2026, 1, 31)
    >>> text("  ", "customer_id")
    Traceback (most recent call last):
    ...
    otccore.errors.InvalidInput: customer_id must not be empty: '  '
"""

from __future__ import annotations

import decimal
import enum
import functools
import inspect
import warnings
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Final, TypeVar

import moneyed

from otccore.errors import ConfigurationError, InvalidInput

__all__ = [
    "DIVISION",
    "EXACT",
    "HALF_UP",
    "WIDE",
    "choice",
    "day",
    "deprecated_names",
    "keyword_only",
    "opt_day",
    "opt_text",
    "renamed",
    "setting",
    "show",
    "text",
    "trusted",
    "whole",
]

# -- decimal contexts -------------------------------------------------------------
# Every domain computation names one of these; the caller's ambient context never
# changes a result.

EXACT: Final = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN)
"""Exact scaling, sums and products of money; every quantize names its rounding."""

DIVISION: Final = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)
"""Quotients (rarely exact): 28 significant digits, Python's default, fixed here."""

WIDE: Final = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN)
"""Ratios and statistics (metrics, risk): 40 digits, banker's rounding."""

HALF_UP: Final = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_UP)
"""EN 16931 arithmetic: 40 digits, commercial rounding (half away from zero)."""


# -- argument checks ----------------------------------------------------------------


def text(value: object, what: str, *, allow_empty: bool = False) -> str:
    """``value`` if it is a str (not blank unless ``allow_empty``).

    Example:
        >>> from otccore._kernel import text
        >>> text("C1", "customer_id")
        'C1'
        >>> text(7, "customer_id")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: customer_id must be a str, not int: 7
    """
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be a str, not {type(value).__name__}: {value!r}")
    if not allow_empty and not value.strip():
        raise InvalidInput(f"{what} must not be empty: {value!r}")
    return value


def opt_text(value: object, what: str) -> str | None:
    """:func:`text`, or ``None`` for ``None``.

    Example:
        >>> from otccore._kernel import opt_text
        >>> opt_text(None, "note") is None
        True
    """
    return None if value is None else text(value, what)


def day(value: object, what: str) -> date:
    """``value`` if it is a ``datetime.date`` (a ``datetime`` is refused: a timestamp
    where a business date belongs is a bug).

    Example:
        >>> from datetime import datetime
        >>> from otccore._kernel import day
        >>> day(datetime(2026, 1, 31, 12), "as_of")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: as_of must be a datetime.date, not datetime (for a pandas column use .dt.date): datetime.datetime(2026, 1, 31, 12, 0)
    """
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(
            f"{what} must be a datetime.date, not {type(value).__name__} "
            f"(for a pandas column use .dt.date): {value!r}"
        )
    return value


def opt_day(value: object, what: str) -> date | None:
    """:func:`day`, or ``None`` for ``None``.

    Example:
        >>> from otccore._kernel import opt_day
        >>> opt_day(None, "due_date") is None
        True
    """
    return None if value is None else day(value, what)


def whole(value: object, what: str, *, minimum: int = 0) -> int:
    """``value`` if it is an int (not a bool) of at least ``minimum``.

    Example:
        >>> from otccore._kernel import whole
        >>> whole(3, "days")
        3
        >>> whole(-1, "days")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: days must be at least 0: -1
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{what} must be an int, not {type(value).__name__}: {value!r}")
    if value < minimum:
        raise InvalidInput(f"{what} must be at least {minimum}: {value!r}")
    return value


E = TypeVar("E", bound=enum.StrEnum)


def choice(
    kind: type[E], value: object, what: str, *, error: type[InvalidInput] = InvalidInput
) -> E:
    """``value`` as a member of ``kind`` (a member or its string value).

    Anything else raises ``error`` (:class:`~otccore.errors.InvalidInput` by
    default) naming the value and the allowed ones, never a bare ``ValueError``.

    Example:
        >>> import enum
        >>> from otccore._kernel import choice
        >>> class Light(enum.StrEnum):
        ...     GREEN = "green"
        ...     RED = "red"
        >>> choice(Light, "red", "light")
        <Light.RED: 'red'>
        >>> choice(Light, "blue", "light")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: unknown light: 'blue' (expected one of 'green', 'red')
    """
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            pass
    allowed = ", ".join(repr(m.value) for m in kind)
    raise error(f"unknown {what}: {value!r} (expected one of {allowed})")


def setting(kind: type[E], value: object, what: str) -> E:
    """:func:`choice` for configuration: an unknown value is a ``ConfigurationError``.

    Example:
        >>> import enum
        >>> from otccore._kernel import setting
        >>> class Mode(enum.StrEnum):
        ...     ON = "on"
        >>> setting(Mode, "off", "mode")
        Traceback (most recent call last):
        ...
        otccore.errors.ConfigurationError: unknown mode: 'off' (expected one of 'on')
    """
    return choice(kind, value, what, error=ConfigurationError)


# -- trusted construction -----------------------------------------------------------

T = TypeVar("T")


def trusted(cls: type[T], **fields: Any) -> T:
    """An instance of the frozen attrs class ``cls`` with ``fields`` set as given.

    Converters and validators do not run: use it only on a measured hot path, for
    values that are valid by construction (say so where you call it).

    Example:
        >>> import attrs
        >>> from otccore._kernel import trusted
        >>> @attrs.frozen
        ... class Pair:
        ...     a: int = attrs.field(converter=int)
        ...     b: int = 0
        >>> trusted(Pair, a=1, b=2)
        Pair(a=1, b=2)
    """
    self = object.__new__(cls)
    for name, value in fields.items():
        object.__setattr__(self, name, value)
    return self


# -- amounts in messages --------------------------------------------------------------


def show(value: moneyed.Money) -> str:
    """An amount as a message writes it: the exact amount, a space, the currency code.

    Example:
        >>> from otccore._kernel import show
        >>> from otccore.money import money
        >>> show(money("12.50", "EUR"))
        '12.50 EUR'
    """
    return f"{value.amount} {value.currency.code}"


# -- renamed parameters and names -------------------------------------------------------


def renamed(new: T | None, old: T | None, *, new_name: str, old_name: str, where: str) -> T | None:
    """The value of a renamed keyword: ``new``, or ``old`` with a ``DeprecationWarning``.

    Example:
        >>> import warnings
        >>> from otccore._kernel import renamed
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     renamed(None, 5, new_name="due_date", old_name="due", where="OpenItem.invoice")
        5
        >>> str(caught[0].message)
        'OpenItem.invoice(due=...) is deprecated; use due_date=...'
        >>> renamed(1, 2, new_name="due_date", old_name="due", where="OpenItem.invoice")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: OpenItem.invoice got both due_date and its old name due
    """
    if old is None:
        return new
    if new is not None:
        raise InvalidInput(f"{where} got both {new_name} and its old name {old_name}")
    warnings.warn(
        f"{where}({old_name}=...) is deprecated; use {new_name}=...",
        DeprecationWarning,
        stacklevel=3,
    )
    return old


def deprecated_names(module: str, aliases: dict[str, tuple[str, Any]]) -> Any:
    """A module ``__getattr__`` serving old names: ``{old: (new, object)}``, each with a warning.

    ``new`` is a name in the same module, or a dotted path when the name moved
    to another module (the warning then names that path).

    Example:
        >>> import warnings
        >>> from otccore._kernel import deprecated_names
        >>> getattr_ = deprecated_names("otccore.example", {"Old": ("New", int)})
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     getattr_("Old")
        <class 'int'>
        >>> str(caught[0].message)
        'otccore.example.Old is deprecated; use otccore.example.New'
    """

    def module_getattr(name: str) -> Any:
        if name in aliases:
            new, value = aliases[name]
            where = new if "." in new else f"{module}.{new}"
            warnings.warn(
                f"{module}.{name} is deprecated; use {where}",
                DeprecationWarning,
                stacklevel=2,
            )
            return value
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return module_getattr


F = TypeVar("F", bound=Callable[..., Any])


def keyword_only(func: F) -> F:
    """Accept arguments that became keyword-only positionally, with a ``DeprecationWarning``.

    Decorate a function whose signature now has ``*`` before parameters that
    callers used to pass by position; such a call still works, warns, and names
    the keywords to use.

    Example:
        >>> import warnings
        >>> from otccore._kernel import keyword_only
        >>> @keyword_only
        ... def ratio(a: int, *, numerator: int = 0, denominator: int = 1) -> float:
        ...     return a * numerator / denominator
        >>> ratio(1, numerator=6, denominator=3)
        2.0
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     ratio(1, 6, 3)
        2.0
        >>> str(caught[0].message)
        'ratio(): pass numerator, denominator by keyword; by position is deprecated'
    """
    parameters = list(inspect.signature(func).parameters.values())
    positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in parameters)
    keywords = [p.name for p in parameters if p.kind is p.KEYWORD_ONLY]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if len(args) > positional:
            extra = args[positional:]
            if len(extra) > len(keywords):
                raise InvalidInput(
                    f"{func.__name__}() takes {positional + len(keywords)} arguments, "
                    f"{len(args)} given"
                )
            names = keywords[: len(extra)]
            for name in names:
                if name in kwargs:
                    raise InvalidInput(f"{func.__name__}() got {name} twice")
            warnings.warn(
                f"{func.__name__}(): pass {', '.join(names)} by keyword; by position is deprecated",
                DeprecationWarning,
                stacklevel=2,
            )
            kwargs.update(zip(names, extra, strict=True))
            args = args[:positional]
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
