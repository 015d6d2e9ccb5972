"""Ports every subpackage shares: the clock, the event sink, and the event base.

Domain code never reads the clock: services ask a :class:`Clock` for today's date
and pass it down as ``as_of``. Every decision a service takes is emitted as an
:class:`Event` to the host's :class:`EventSink` (its audit trail, outbox or log).

Example:
    >>> import attrs
    >>> from otccore.adapters.memory import MemoryEventSink
    >>> @attrs.frozen
    ... class Pinged(Event):
    ...     who: str
    >>> sink = MemoryEventSink()
    >>> sink.emit(Pinged(who="ops"))
    >>> [(e.name, e.as_dict()) for e in sink.events]
    [('Pinged', {'who': 'ops'})]
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

import attrs

__all__ = ["Clock", "Event", "EventSink"]


@attrs.frozen
class Event:
    """Base of every domain event: a frozen record of something that happened.

    Subclass it with ``@attrs.frozen``; :attr:`name` is the class name.

    Example:
        >>> Event().name
        'Event'
    """

    @property
    def name(self) -> str:
        """The event's type name, for routing and logs.

        Example:
            >>> @attrs.frozen
            ... class LimitChanged(Event):
            ...     customer_id: str
            >>> LimitChanged("C1").name
            'LimitChanged'
        """
        return type(self).__name__

    def as_dict(self) -> dict[str, object]:
        """The event's fields, one level deep (values stay domain objects).

        Example:
            >>> @attrs.frozen
            ... class Paid(Event):
            ...     payment_id: str
            ...     amount: object
            >>> Paid("P1", money(10, "EUR")).as_dict()
            {'payment_id': 'P1', 'amount': Money('10', 'EUR')}
        """
        return attrs.asdict(self, recurse=False)


class Clock(Protocol):
    """Port: what day it is for the business (the host's calendar and time zone).

    Example:
        >>> from otccore.adapters.memory import FixedClock
        >>> clock: Clock = FixedClock(date(2026, 3, 31))
        >>> clock.today()
        datetime.date(2026, 3, 31)
    """

    def today(self) -> date:
        """The business date today, in the host's calendar and time zone.

        Example:
            >>> from otccore.adapters.memory import FixedClock
            >>> def as_of(clock: Clock) -> date:
            ...     return clock.today()
            >>> as_of(FixedClock(date(2026, 6, 30)))
            datetime.date(2026, 6, 30)
        """
        ...


class EventSink(Protocol):
    """Port: receives every event a service emits, in order.

    Example:
        >>> from otccore.adapters.memory import MemoryEventSink
        >>> sink: EventSink = MemoryEventSink()
        >>> sink.emit(Event())
    """

    def emit(self, event: Event) -> None:
        """Take ``event`` (store, publish or log it); called once per event, in order.

        Example:
            >>> from otccore.adapters.memory import MemoryEventSink
            >>> sink: EventSink = MemoryEventSink()
            >>> sink.emit(Event())
            >>> sink.events
            (Event(),)
        """
        ...
