"""The whole otccore exception tree.

Every exception that otccore raises on purpose derives from :class:`OtcError`, so a
host can catch one root. Each also derives from the built-in a Python programmer
would expect (``ValueError`` for bad input, ``LookupError`` for a missing record),
so generic handlers keep working::

    OtcError
    ├── InvalidInput (ValueError)          bad amounts, bad policies, malformed files
    │   ├── InvalidAmount                  float, NaN, infinity, bool, sub-minor-unit amount
    │   ├── UnknownCurrency                a code that is not ISO 4217
    │   ├── CurrencyMismatch (TypeError)   two currencies where one is required
    │   ├── DuplicateId                    the same id twice in one input or store
    │   ├── OverApplication                an allocation beyond an item's open amount
    │   ├── ParseError                     a malformed file; carries file, line, xpath
    │   └── ConfigurationError             a policy or setup that cannot work
    │       └── IncompatibleSchema         a store written by a newer otccore
    ├── NotFound (LookupError)             a record or rate that is not there
    │   └── MissingRate                    no FX rate for a currency pair and date
    ├── ConcurrencyConflict                a stale write lost a race; retry
    └── StorageError                       the storage driver failed (wraps its error)

Business outcomes (a refused credit check, an unmatched payment, a broken promise)
are return values, never exceptions.

Example:
    >>> from otccore.errors import InvalidAmount, InvalidInput, OtcError
    >>> issubclass(InvalidAmount, InvalidInput) and issubclass(InvalidInput, ValueError)
    True
    >>> try:
    ...     raise InvalidAmount("amount must not be a float: 1.5")
    ... except OtcError as exc:
    ...     print(type(exc).__name__, "-", exc)
    InvalidAmount - amount must not be a float: 1.5
"""

from __future__ import annotations

__all__ = [
    "ConcurrencyConflict",
    "ConfigurationError",
    "CurrencyMismatch",
    "DuplicateId",
    "IncompatibleSchema",
    "InvalidAmount",
    "InvalidInput",
    "MissingRate",
    "NotFound",
    "OtcError",
    "OverApplication",
    "ParseError",
    "StorageError",
    "UnknownCurrency",
]


class OtcError(Exception):
    """Root of every exception otccore raises on purpose.

    Example:
        >>> from otccore.errors import NotFound, OtcError
        >>> issubclass(NotFound, OtcError)
        True
    """


class InvalidInput(OtcError, ValueError):
    """An argument, record or policy is not acceptable; nothing was changed.

    Example:
        >>> from otccore.errors import InvalidInput
        >>> isinstance(InvalidInput("bad"), ValueError)
        True
    """


class InvalidAmount(InvalidInput):
    """An amount is a float, a bool, NaN, infinite, of the wrong sign or finer than the minor unit.

    Example:
        >>> from otccore.money import money
        >>> money(1.5, "EUR")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidAmount: amount must be an int, Decimal or str, not float: 1.5
    """


class UnknownCurrency(InvalidInput):
    """A currency code that ISO 4217 (as py-moneyed knows it) does not define.

    Example:
        >>> from otccore.money import money
        >>> money(1, "XXZ")
        Traceback (most recent call last):
        ...
        otccore.errors.UnknownCurrency: unknown currency code: 'XXZ'
    """


class CurrencyMismatch(InvalidInput, TypeError):
    """Two amounts in different currencies met where one currency is required.

    It is also a ``TypeError`` so that code written against py-moneyed's own
    behaviour keeps working.

    Example:
        >>> from otccore.money import money
        >>> money(1, "EUR") + money(1, "USD")
        Traceback (most recent call last):
        ...
        otccore.errors.CurrencyMismatch: cannot add EUR 1 and USD 1: currencies differ
    """


class DuplicateId(InvalidInput):
    """The same identifier appears twice in one input, or is already stored.

    Example:
        >>> from otccore.errors import DuplicateId
        >>> raise DuplicateId("duplicate item id: 'INV-1'")
        Traceback (most recent call last):
        ...
        otccore.errors.DuplicateId: duplicate item id: 'INV-1'
    """


class OverApplication(InvalidInput):
    """Allocations would take an item past zero or a payment past its amount.

    Example:
        >>> from otccore.errors import InvalidInput, OverApplication
        >>> issubclass(OverApplication, InvalidInput)
        True
    """


class ParseError(InvalidInput):
    """A file could not be read; says where.

    Attributes:
        file: the file name or ``None``.
        line: the 1-based line number or ``None``.
        xpath: the XPath of the offending element (XML) or ``None``.

    Example:
        >>> from otccore.errors import ParseError
        >>> err = ParseError("amount is not a number: 'x'", file="items.csv", line=3)
        >>> str(err)
        "items.csv:3: amount is not a number: 'x'"
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        xpath: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.xpath = xpath
        where = ":".join(str(p) for p in (file, line, xpath) if p is not None)
        super().__init__(f"{where}: {message}" if where else message)


class ConfigurationError(InvalidInput):
    """A policy, rule set or setup cannot work (overlapping classes, bad buckets …).

    Example:
        >>> from otccore.receivables import AgingBuckets
        >>> AgingBuckets((30, 30))
        Traceback (most recent call last):
        ...
        otccore.errors.ConfigurationError: bucket edges must be strictly increasing: (30, 30)
    """


class IncompatibleSchema(ConfigurationError):
    """A store was written by a newer otccore (or is not an otccore store at all).

    Example:
        >>> from otccore.errors import ConfigurationError, IncompatibleSchema
        >>> issubclass(IncompatibleSchema, ConfigurationError)
        True
    """


class NotFound(OtcError, LookupError):
    """A record that was asked for by id does not exist.

    Example:
        >>> from otccore.errors import NotFound
        >>> isinstance(NotFound("no customer 'C9'"), LookupError)
        True
    """


class MissingRate(NotFound):
    """No exchange rate is known for a currency pair on a date.

    Example:
        >>> from datetime import date
        >>> from otccore.money import StaticRates, convert, money
        >>> convert(money(10, "USD"), "JPY", StaticRates({}), on=date(2026, 1, 2))
        Traceback (most recent call last):
        ...
        otccore.errors.MissingRate: no rate from USD to JPY on 2026-01-02
    """


class ConcurrencyConflict(OtcError):
    """A write was based on a stale version; reload and retry.

    Example:
        >>> from otccore.errors import ConcurrencyConflict, OtcError
        >>> issubclass(ConcurrencyConflict, OtcError)
        True
    """


class StorageError(OtcError):
    """The storage driver failed; the driver's exception is chained as ``__cause__``.

    Example:
        >>> from otccore.errors import OtcError, StorageError
        >>> issubclass(StorageError, OtcError)
        True
    """
