"""Ports every subpackage shares: the clock, the event sink, and the event base.

Domain code never reads the clock: services ask a :class:`Clock` for today's date
and pass it down as ``as_of``. Every decision a service takes is emitted as an
:class:`Event` to the host's :class:`EventSink` (its audit trail, outbox or log).

Example:
    >>> import attrs
    >>> from otccore.adapters.memory import MemoryEventSink
    >>> from otccore.ports import Event
    >>> @attrs.frozen
    ... class Pinged(Event):
    ...     who: str
    >>> sink = MemoryEventSink()
    >>> sink.emit(Pinged(who="ops"))
    >>> [(e.name, e.as_dict()) for e in sink.events]
    [('Pinged', {'who': 'ops'})]
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

import attrs

from otccore.errors import InvalidInput

__all__ = ["Broadcast", "Clock", "Event", "EventSink"]


@attrs.frozen
class Event:
    """Base of every domain event: a frozen record of something that happened.

    Subclass it with ``@attrs.frozen``; :attr:`name` is the class name.

    Example:
        >>> from otccore.ports import Event
        >>> Event().name
        'Event'
    """

    @property
    def name(self) -> str:
        """The event's type name, for routing and logs."""
        return type(self).__name__

    def as_dict(self) -> dict[str, object]:
        """The event's fields, one level deep (values stay domain objects).

        Example:
            >>> import attrs
            >>> from otccore.money import money
            >>> from otccore.ports import Event
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
        >>> from datetime import date
        >>> from otccore.adapters.memory import FixedClock
        >>> from otccore.ports import Clock
        >>> clock: Clock = FixedClock(date(2026, 3, 31))
        >>> clock.today()
        datetime.date(2026, 3, 31)
    """

    def today(self) -> date:
        """The business date today, in the host's calendar and time zone.

        Example:
            >>> from datetime import date
            >>> from otccore.adapters.memory import FixedClock
            >>> from otccore.ports import Clock
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
        >>> from otccore.ports import Event, EventSink
        >>> sink: EventSink = MemoryEventSink()
        >>> sink.emit(Event())
    """

    def emit(self, event: Event) -> None:
        """Take ``event`` (store, publish or log it); called once per event, in order.

        Example:
            >>> from otccore.adapters.memory import MemoryEventSink
            >>> from otccore.ports import Event, EventSink
            >>> sink: EventSink = MemoryEventSink()
            >>> sink.emit(Event())
            >>> sink.events
            (Event(),)
        """
        ...


@attrs.frozen(init=False)
class Broadcast:
    """An :class:`EventSink` that hands every event to each of its targets, in order.

    A target is another sink (anything with ``emit``) or a callable taking the
    event, such as a service's ``handle``. It wires the subpackages together:
    invoicing and cash application emit receivables events into one broadcast,
    and credit keeps exposure current from them with no glue code.

    Example:
        >>> from otccore.adapters.memory import MemoryEventSink
        >>> from otccore.ports import Broadcast, Event
        >>> audit, seen = MemoryEventSink(), []
        >>> sink = Broadcast(audit, seen.append)
        >>> sink.emit(Event())
        >>> len(audit.events), len(seen)
        (1, 1)
    """

    targets: tuple[Callable[[Event], object], ...]

    def __init__(self, *targets: EventSink | Callable[[Event], object]) -> None:
        handlers: list[Callable[[Event], object]] = []
        for target in targets:
            emit = getattr(target, "emit", None)
            if callable(emit):
                handlers.append(emit)
            elif callable(target):
                handlers.append(target)
            else:
                raise InvalidInput(f"a broadcast target must be a sink or a callable: {target!r}")
        self.__attrs_init__(tuple(handlers))

    def emit(self, event: Event) -> None:
        """Hand ``event`` to every target, in the order they were given.

        Example:
            >>> from otccore.ports import Broadcast, Event
            >>> seen = []
            >>> Broadcast(seen.append, lambda e: seen.append(e.name)).emit(Event())
            >>> seen
            [Event(), 'Event']
        """
        for handle in self.targets:
            handle(event)
