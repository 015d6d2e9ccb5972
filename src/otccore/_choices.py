"""Turning a string into an enumeration member, with a clear error (not public).

The one home for it: credit's reactions and boundaries, invoicing's discount
bases and tax reduction modes all come in as strings from hosts and files.

Example:
    >>> import enum
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

from __future__ import annotations

import enum
from typing import TypeVar

from otccore.errors import InvalidInput

__all__ = ["choice"]

E = TypeVar("E", bound=enum.StrEnum)


def choice(
    kind: type[E], value: object, what: str, *, error: type[InvalidInput] = InvalidInput
) -> E:
    """``value`` as a member of ``kind`` (a member or its string value).

    Anything else raises ``error`` (:class:`~otccore.errors.InvalidInput` by
    default, :class:`~otccore.errors.ConfigurationError` for settings) naming the
    value and the allowed ones, never a bare ``ValueError``.

    Example:
        >>> from otccore.errors import ConfigurationError
        >>> class Mode(enum.StrEnum):
        ...     ON = "on"
        >>> choice(Mode, Mode.ON, "mode") is Mode.ON
        True
        >>> choice(Mode, 1, "mode", error=ConfigurationError)
        Traceback (most recent call last):
        ...
        otccore.errors.ConfigurationError: unknown mode: 1 (expected one of 'on')
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
