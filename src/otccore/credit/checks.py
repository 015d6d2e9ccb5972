"""Credit checks: ordered, composable steps with a configured reaction, and the decision.

This module gathers the names of three rooms, kept importable from here:

- :mod:`otccore.credit.decision` — the :class:`Decision` and what it is made of:
  :class:`Outcome`, :class:`Reaction`, :class:`CheckReason` (a shared
  :class:`~otccore.reasons.Reason` with its reaction), :class:`CheckCode`,
  :class:`StepResult`, :class:`LevelStatus`, :class:`Boundary` and the traffic lights;
- :mod:`otccore.credit.context` — :class:`CheckContext`, :class:`Level`,
  :func:`build_context`, :func:`limit_minor`, :func:`account_status`;
- :mod:`otccore.credit.steps` — the :class:`CheckStep` protocol, the built-in
  steps, :class:`RuleStep`, :class:`CheckRule` and :func:`evaluate`.

``Reason`` here is the shared :class:`otccore.reasons.Reason` (credit's own
reason class with a ``reaction`` field is gone: a step gives shared reasons and
the decision wraps them as :class:`CheckReason`).

The rules they apply (the boundary, limits, exposure) are written in
docs/credit/rules.md.

Example:
    >>> import otccore.credit
    >>> from otccore.credit import checks
    >>> checks.CheckRule is otccore.credit.CheckRule, checks.Reason is otccore.reasons.Reason
    (True, True)
"""

from __future__ import annotations

from otccore.credit import context, decision, steps
from otccore.credit.context import *  # noqa: F403  (re-exported: the names users import from here)
from otccore.credit.decision import *  # noqa: F403
from otccore.credit.steps import *  # noqa: F403
from otccore.reasons import Reason as Reason

__all__ = ["Reason"]
__all__ += context.__all__
__all__ += decision.__all__
__all__ += steps.__all__
