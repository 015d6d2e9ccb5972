"""Limits from risk: score → risk class → limit rule, capped increase, score validity, review dates.

This takes a score as a plain input (from :mod:`otccore.risk`, an agency, or the
host's own model), so it depends on no scoring method.

- A :class:`RiskPolicy` holds risk classes over score intervals ``[low, high)``,
  the top class closed at its ``high`` (and so may be a single score, like
  Creditreform's 600); the lowest class may start at −∞ and the highest end at +∞
  (``None``). Classes must tile the score range: overlaps and gaps are a
  :class:`~otccore.errors.ConfigurationError`. The intervals are validated and
  scores classified by an :class:`otccore.risk.RatingScale`, the policy's
  :attr:`RiskPolicy.scale`: one home for the interval rules.
- :meth:`RiskPolicy.from_rating_scale` takes a data scientist's or a bureau's
  rating scale (either direction) straight into credit terms per class.
- Each class has a :class:`LimitRule`: the lower of a cap, a share of equity and a
  multiple of average monthly sales (terms with no input are left out).
- A new limit may rise at most ``max_increase_percent`` above the current one per
  review; a score older than ``score_validity_days`` is refused; the proposed
  limit expires when the score does.
- The next review date depends on the class's :class:`RiskLevel` (defaults: high
  risk monthly, medium quarterly, low yearly).

Example:
    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from otccore.credit import LimitRule, RiskClass, RiskLevel, RiskPolicy, Score, propose_limit
    >>> from otccore.money import money
    >>> policy = RiskPolicy.of("EUR", [
    ...     RiskClass.of("A", low=700, high=1000, level=RiskLevel.LOW, rule=LimitRule.of(cap=money(100_000, "EUR"),
    ...               equity_share=Decimal("0.10"), sales_multiple=Decimal(2))),
    ...     RiskClass.of("B", low=500, high=700, level=RiskLevel.MEDIUM, rule=LimitRule.of(cap=money(20_000, "EUR"))),
    ...     RiskClass.of("C", low=0, high=500, level=RiskLevel.HIGH, rule=LimitRule.of(cap=money(0, "EUR")), blocked=True),
    ... ], max_increase_percent=50, score_validity_days=365)
    >>> p = propose_limit(policy, Score(Decimal(720), date(2026, 1, 10)), as_of=date(2026, 3, 1),
    ...                   equity=money(400_000, "EUR"), average_monthly_sales=money(30_000, "EUR"),
    ...                   current=money(30_000, "EUR"))
    >>> p.risk_class.name, p.uncapped, p.amount, p.review_date
    ('A', Money('40000.00', 'EUR'), Money('40000.00', 'EUR'), datetime.date(2027, 3, 1))
    >>> p.to_limit().valid_to
    datetime.date(2027, 1, 10)
"""

from __future__ import annotations

import decimal
import enum
import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

import attrs
import moneyed
from dateutil.relativedelta import relativedelta

from otccore._kernel import EXACT, day, keyword_only, setting, text, whole
from otccore.credit._util import amount, old_field, old_keyword_init
from otccore.credit.limits import CreditLimit
from otccore.errors import ConfigurationError, CurrencyMismatch, InvalidInput
from otccore.money import Money, as_decimal, check_currency, minor_digits
from otccore.risk.rating import RatingClass, RatingScale

__all__ = [
    "DEFAULT_REVIEW_MONTHS",
    "LimitProposal",
    "LimitRule",
    "RiskClass",
    "RiskLevel",
    "RiskPolicy",
    "Score",
    "classify",
    "propose_limit",
]


class RiskLevel(enum.StrEnum):
    """How risky a class is; sets the default review frequency.

    Example:
        >>> from otccore.credit import DEFAULT_REVIEW_MONTHS, RiskLevel
        >>> DEFAULT_REVIEW_MONTHS[RiskLevel.HIGH], DEFAULT_REVIEW_MONTHS[RiskLevel.LOW]
        (1, 12)
    """

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


DEFAULT_REVIEW_MONTHS: dict[RiskLevel, int] = {
    RiskLevel.HIGH: 1,
    RiskLevel.MEDIUM: 3,
    RiskLevel.LOW: 12,
}
"""Review every month (high risk), quarter (medium) or year (low)."""


def _factor(value: object, what: str) -> Decimal | None:
    if value is None:
        return None
    result = as_decimal(value, what=what)
    if result < 0:
        raise ConfigurationError(f"{what} must not be negative: {value!r}")
    return result


@attrs.frozen
class LimitRule:
    """The lower of a ``cap``, ``equity_share`` × equity and ``sales_multiple`` × average monthly sales.

    Example:
        >>> from decimal import Decimal
        >>> from otccore.credit import LimitRule
        >>> from otccore.money import money
        >>> rule = LimitRule.of(cap=money(50_000, "EUR"), sales_multiple=Decimal("1.5"))
        >>> rule.limit("EUR", equity=None, average_monthly_sales=money(20_000, "EUR"))
        Money('30000.00', 'EUR')
        >>> LimitRule.of()
        Traceback (most recent call last):
        ...
        otccore.errors.ConfigurationError: a limit rule needs a cap, an equity share or a sales multiple
    """

    cap: Money | None = None
    equity_share: Decimal | None = None
    sales_multiple: Decimal | None = None

    def __attrs_post_init__(self) -> None:
        if self.cap is None and self.equity_share is None and self.sales_multiple is None:
            raise ConfigurationError(
                "a limit rule needs a cap, an equity share or a sales multiple"
            )
        if self.cap is not None:
            amount(self.cap, "limit cap")

    @classmethod
    def of(
        cls,
        *,
        cap: moneyed.Money | None = None,
        equity_share: Decimal | int | str | None = None,
        sales_multiple: Decimal | int | str | None = None,
    ) -> LimitRule:
        """Named constructor; shares and multiples are exact decimals (never floats).

        Example:
            >>> from otccore.credit import LimitRule
            >>> LimitRule.of(equity_share="0.1").equity_share
            Decimal('0.1')
            >>> LimitRule.of(sales_multiple=1.5)
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidAmount: sales multiple must be an int, Decimal or str, not float: 1.5
        """
        return cls(
            cap=amount(cap, "limit cap") if cap is not None else None,
            equity_share=_factor(equity_share, "equity share"),
            sales_multiple=_factor(sales_multiple, "sales multiple"),
        )

    def limit(
        self,
        currency: str,
        *,
        equity: moneyed.Money | None,
        average_monthly_sales: moneyed.Money | None,
    ) -> Money:
        """The limit in ``currency``, rounded down to the minor unit.

        Terms whose input is missing are left out; if none is left,
        :class:`~otccore.errors.InvalidInput` names what is missing.

        Example:
            >>> from decimal import Decimal
            >>> from otccore.credit import LimitRule
            >>> from otccore.money import money
            >>> rule = LimitRule.of(cap=money(50_000, "EUR"), equity_share=Decimal("0.1"),
            ...                     sales_multiple=Decimal(2))
            >>> rule.limit("EUR", equity=money("123456.78", "EUR"), average_monthly_sales=money(30_000, "EUR"))
            Money('12345.67', 'EUR')
            >>> rule.limit("EUR", equity=None, average_monthly_sales=None)  # only the cap is left
            Money('50000.00', 'EUR')
        """
        code = check_currency(currency)
        candidates: list[Decimal] = []
        if self.cap is not None:
            _same(self.cap, code, "cap")
            candidates.append(self.cap.amount)
        with decimal.localcontext(EXACT):
            if self.equity_share is not None and equity is not None:
                e = amount(equity, "equity", allow_negative=True)
                _same(e, code, "equity")
                candidates.append(max(e.amount, Decimal(0)) * self.equity_share)
            if self.sales_multiple is not None and average_monthly_sales is not None:
                s = amount(average_monthly_sales, "average monthly sales")
                _same(s, code, "average monthly sales")
                candidates.append(s.amount * self.sales_multiple)
        if not candidates:
            raise InvalidInput(
                "the limit rule has no term it can compute: give equity "
                f"(share {self.equity_share}) or average monthly sales (multiple {self.sales_multiple})"
            )
        return _floor(min(candidates), code)


def _same(value: Money, code: str, what: str) -> None:
    if value.currency.code != code:
        raise CurrencyMismatch(
            f"{what} is {value.currency.code} {value.amount}, policy is in {code}"
        )


def _floor(value: Decimal, code: str) -> Money:
    step = Decimal(1).scaleb(-minor_digits(code), EXACT)
    return Money(value.quantize(step, rounding=decimal.ROUND_FLOOR, context=EXACT), code)


@attrs.frozen
class RiskClass:
    """A named class over scores ``[low, high)`` with its risk level, limit rule and review period.

    ``low`` ``None`` is −∞ (only for the lowest class), ``high`` ``None`` is +∞ (only
    for the highest); ``low == high`` is a single score (only for the highest class,
    which is closed at ``high``). ``review_months`` ``None`` uses
    :data:`DEFAULT_REVIEW_MONTHS` for the level; ``blocked`` marks a class whose
    orders a :class:`~otccore.credit.checks.BlockedRiskClass` step stops.

    Example:
        >>> from otccore.credit import LimitRule, RiskClass
        >>> from otccore.money import money
        >>> RiskClass.of("A", low=700, high=None, level="low", rule=LimitRule.of(cap=money(1, "EUR"))).high is None
        True
        >>> RiskClass.of("X", low=10, high=5, level="low", rule=LimitRule.of(cap=money(1, "EUR")))
        Traceback (most recent call last):
        ...
        otccore.errors.ConfigurationError: risk class 'X': low 10 must not be above high 5
    """

    name: str
    low: Decimal | None
    high: Decimal | None
    level: RiskLevel
    rule: LimitRule
    review_months: int | None = None
    blocked: bool = False

    def __attrs_post_init__(self) -> None:
        text(self.name, "risk class name")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ConfigurationError(
                f"risk class {self.name!r}: low {self.low} must not be above high {self.high}"
            )
        if self.review_months is not None:
            whole(self.review_months, "review months", minimum=1)

    @classmethod
    @keyword_only
    def of(
        cls,
        name: str,
        *,
        low: Decimal | int | str | None,
        high: Decimal | int | str | None,
        level: RiskLevel | str,
        rule: LimitRule,
        review_months: int | None = None,
        blocked: bool = False,
    ) -> RiskClass:
        """Named constructor; score bounds are exact decimals, ``None`` an open end.

        ``low``, ``high``, ``level`` and ``rule`` are passed by keyword (by position
        is deprecated).

        Example:
            >>> from otccore.credit import LimitRule, RiskClass
            >>> from otccore.money import money
            >>> c = RiskClass.of("B", low="550.5", high=700, level="medium", rule=LimitRule.of(cap=money(1, "EUR")))
            >>> c.low, c.months
            (Decimal('550.5'), 3)
            >>> RiskClass.of("B", low=0, high=1, level="extreme", rule=LimitRule.of(cap=money(1, "EUR")))
            Traceback (most recent call last):
            ...
            otccore.errors.ConfigurationError: unknown risk level: 'extreme' (expected one of 'high', 'medium', 'low')
        """
        risk = setting(RiskLevel, level, "risk level")
        return cls(
            name=name,
            low=None if low is None else as_decimal(low, what="score low"),
            high=None if high is None else as_decimal(high, what="score high"),
            level=risk,
            rule=rule,
            review_months=review_months,
            blocked=bool(blocked),
        )

    @property
    def months(self) -> int:
        """The review period in months: ``review_months``, else the level's default."""
        return (
            self.review_months
            if self.review_months is not None
            else DEFAULT_REVIEW_MONTHS[self.level]
        )


def _interval(c: RiskClass) -> RatingClass:
    return RatingClass(name=c.name, lower=c.low, upper=c.high)


def _classes(value: Iterable[RiskClass]) -> tuple[RiskClass, ...]:
    """The classes in the scale's order (ascending score), validated by :class:`RatingScale`."""
    classes = tuple(value)
    if not classes:
        raise ConfigurationError("a risk policy needs at least one risk class")
    for c in classes:
        if not isinstance(c, RiskClass):
            raise ConfigurationError(f"not a RiskClass: {c!r}")
    by_name = {c.name: c for c in classes}
    # Overlaps, gaps, repeated names, misplaced open ends: all checked by the scale.
    scale = RatingScale.create(_interval(c) for c in classes)
    return tuple(by_name[c.name] for c in scale.classes)


def _label(scale: RatingScale) -> str:
    return f"the rating scale {scale.name!r}" if scale.name else "the rating scale"


def _default_scale(policy: RiskPolicy) -> RatingScale:
    return RatingScale(classes=tuple(_interval(c) for c in policy.classes))


_TermsValue = (
    tuple[RiskLevel | str, LimitRule]
    | tuple[RiskLevel | str, LimitRule, int | None]
    | tuple[RiskLevel | str, LimitRule, int | None, bool]
)

_RISKINESS = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2}


def _with_terms(c: RatingClass, value: object) -> RiskClass:
    if not isinstance(value, tuple | list) or not 2 <= len(value) <= 4:
        raise ConfigurationError(
            f"credit terms for class {c.name!r} are (level, rule[, review_months[, blocked]]), "
            f"not {value!r}"
        )
    level, rule, *rest = value
    months = rest[0] if rest else None
    blocked = rest[1] if len(rest) > 1 else False
    if not isinstance(rule, LimitRule):
        raise ConfigurationError(f"credit terms for class {c.name!r}: not a LimitRule: {rule!r}")
    if not isinstance(blocked, bool):
        raise ConfigurationError(
            f"credit terms for class {c.name!r}: blocked must be True or False, not {blocked!r}"
        )
    try:
        return RiskClass.of(
            c.name,
            low=c.lower,
            high=c.upper,
            level=level,
            rule=rule,
            review_months=months,
            blocked=blocked,
        )
    except InvalidInput as exc:
        raise ConfigurationError(f"credit terms for class {c.name!r}: {exc}") from exc


def _check_direction(scale: RatingScale, classes: Sequence[RiskClass]) -> None:
    """Along the scale from best to worst, risk must not fall nor a block lift."""
    by_name = {c.name: c for c in classes}
    ordered = [by_name[n] for n in scale.best_first()]
    for better, worse in itertools.pairwise(ordered):
        if _RISKINESS[worse.level] < _RISKINESS[better.level]:
            raise ConfigurationError(
                f"risk levels run against the scale's direction ({scale.direction.value}): "
                f"class {worse.name!r} is worse than {better.name!r} on the scale but is "
                f"{worse.level.value} risk where {better.name!r} is {better.level.value}; "
                "check the scale's direction or the levels"
            )
        if better.blocked and not worse.blocked:
            raise ConfigurationError(
                f"blocked classes run against the scale's direction ({scale.direction.value}): "
                f"class {better.name!r} is blocked but the worse class {worse.name!r} is not; "
                "check the scale's direction or the blocks"
            )


@attrs.frozen
class RiskPolicy:
    """Risk classes tiling a score range, in one currency, with the review rules.

    ``scale`` is the :class:`otccore.risk.RatingScale` over the classes' intervals
    that validates them and classifies scores. :meth:`of` builds it (higher is
    better, as for most scorecards; classification does not depend on the
    direction); :meth:`from_rating_scale` keeps the scale it was given, with its
    direction, name and labels, so ``policy.scale.rank(name)`` works for any provider.

    Example:
        >>> from otccore.credit import LimitRule, RiskClass, RiskPolicy
        >>> from otccore.money import money
        >>> rule = LimitRule.of(cap=money(1, "EUR"))
        >>> def policy(a_high):
        ...     return RiskPolicy.of("EUR", [RiskClass.of("A", low=0, high=a_high, level="low", rule=rule),
        ...                                  RiskClass.of("B", low=50, high=100, level="high", rule=rule)])
        >>> [c.name for c in policy(50).classes]
        ['A', 'B']
        >>> policy(60)
        Traceback (most recent call last):
        ...
        otccore.errors.ConfigurationError: rating scale overlaps: class 'A' ends at 60, class 'B' starts at 50
        >>> policy(40)
        Traceback (most recent call last):
        ...
        otccore.errors.ConfigurationError: rating scale has a gap: class 'A' ends at 40, class 'B' starts at 50 (no class covers scores from 40 to 50)
    """

    currency: str = attrs.field(converter=check_currency)
    classes: tuple[RiskClass, ...] = attrs.field(converter=_classes)
    max_increase_percent: Decimal | None = None
    score_validity_days: int | None = None
    scale: RatingScale = attrs.field(default=attrs.Factory(_default_scale, takes_self=True))

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.scale, RatingScale):
            raise ConfigurationError(f"not a RatingScale: {self.scale!r}")
        ours = {c.name: (c.low, c.high) for c in self.classes}
        theirs = {c.name: (c.lower, c.upper) for c in self.scale.classes}
        if ours != theirs:
            raise ConfigurationError(
                f"{_label(self.scale)} does not match the risk classes: "
                f"scale {sorted(theirs.items())!r}, classes {sorted(ours.items())!r}"
            )
        for c in self.classes:
            if c.rule.cap is not None and c.rule.cap.currency.code != self.currency:
                raise ConfigurationError(
                    f"risk class {c.name!r} caps in {c.rule.cap.currency.code}, policy is in {self.currency}"
                )
        if self.score_validity_days is not None:
            whole(self.score_validity_days, "score validity days", minimum=1)

    @classmethod
    def of(
        cls,
        currency: str,
        classes: Iterable[RiskClass],
        *,
        max_increase_percent: Decimal | int | str | None = None,
        score_validity_days: int | None = None,
    ) -> RiskPolicy:
        """Named constructor; validates that the classes neither overlap nor leave gaps
        (see the class example)."""
        return cls(
            currency=currency,
            classes=_classes(classes),
            max_increase_percent=_factor(max_increase_percent, "max increase percent"),
            score_validity_days=score_validity_days,
        )

    @classmethod
    def from_rating_scale(
        cls,
        scale: RatingScale,
        terms: Mapping[str, _TermsValue],
        *,
        currency: str,
        max_increase_percent: Decimal | int | str | None = None,
        score_validity_days: int | None = None,
    ) -> RiskPolicy:
        """A policy over the classes of a :class:`otccore.risk.RatingScale`, with credit terms per class.

        ``terms`` maps every class name of ``scale`` to ``(level, rule)``,
        ``(level, rule, review_months)`` or ``(level, rule, review_months, blocked)``.
        Each risk class takes its interval from the scale, open ends included, and
        the policy keeps the scale, so a score falls in the same class on both.

        The scale's direction is honoured: for a lower-is-better scale (Creditreform)
        the best class is the one with the lowest scores. A class with no terms,
        terms for a class the scale lacks, and risk levels or blocks that run against
        the direction (a worse class less risky than a better one, a blocked class
        better than an unblocked one) are a :class:`~otccore.errors.ConfigurationError`.

        Example:
            >>> from otccore.credit import LimitRule, RiskPolicy, classify
            >>> from otccore.money import money
            >>> from otccore.risk import CREDITREFORM_SCALE
            >>> def cap(n): return LimitRule.of(cap=money(n, "EUR"))
            >>> terms = {
            ...     "excellent": ("low", cap(250_000)), "very_good": ("low", cap(150_000)),
            ...     "good": ("medium", cap(80_000)), "medium": ("medium", cap(40_000)),
            ...     "weak": ("high", cap(10_000)), "very_weak": ("high", cap(0), 1, True),
            ...     "hard_negative": ("high", cap(0), 1, True), "insolvent": ("high", cap(0), 1, True)}
            >>> policy = RiskPolicy.from_rating_scale(CREDITREFORM_SCALE, terms, currency="EUR")
            >>> [classify(policy, s).name for s in (120, 180, 600)]
            ['excellent', 'very_good', 'insolvent']
            >>> classify(policy, 180).level, classify(policy, 600).blocked, policy.scale.rank("good")
            (<RiskLevel.LOW: 'low'>, True, 2)
            >>> del terms["insolvent"]
            >>> RiskPolicy.from_rating_scale(CREDITREFORM_SCALE, terms, currency="EUR")
            Traceback (most recent call last):
            ...
            otccore.errors.ConfigurationError: the rating scale 'Creditreform Bonitätsindex' has classes without credit terms: ['insolvent']
        """
        if not isinstance(scale, RatingScale):
            raise ConfigurationError(f"not a RatingScale: {scale!r}")
        if not isinstance(terms, Mapping):
            raise ConfigurationError(f"terms must map class names to credit terms: {terms!r}")
        names = [c.name for c in scale.classes]
        missing = [n for n in scale.best_first() if n not in terms]
        if missing:
            raise ConfigurationError(
                f"{_label(scale)} has classes without credit terms: {missing!r}"
            )
        unknown = sorted(str(n) for n in terms if n not in names)
        if unknown:
            raise ConfigurationError(
                f"credit terms for classes {_label(scale)} does not have: "
                f"{unknown!r} (it has {names!r})"
            )
        classes = tuple(_with_terms(c, terms[c.name]) for c in scale.classes)
        _check_direction(scale, classes)
        return cls(
            currency=currency,
            classes=classes,
            max_increase_percent=_factor(max_increase_percent, "max increase percent"),
            score_validity_days=score_validity_days,
            scale=scale,
        )


def _score(value: object) -> Decimal:
    return as_decimal(value, what="score")


@attrs.frozen
class Score:
    """A score and the day it was computed (``score_date``; ``scored_on`` is its
    deprecated name, as keyword and attribute).

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.credit import Score
        >>> Score(Decimal("612.5"), date(2026, 1, 1)).value
        Decimal('612.5')
    """

    value: Decimal = attrs.field(converter=_score)
    score_date: date = attrs.field(validator=lambda _, __, v: day(v, "score date"))

    scored_on = old_field("Score", "scored_on", "score_date")


old_keyword_init(Score, "scored_on", "score_date")


def classify(policy: RiskPolicy, score: Score | Decimal | int) -> RiskClass:
    """The class whose interval holds ``score``, as the policy's :attr:`RiskPolicy.scale` finds it.

    A score outside every class is refused with :class:`~otccore.errors.InvalidInput`.

    Example:
        >>> from otccore.credit import LimitRule, RiskClass, RiskPolicy, classify
        >>> from otccore.money import money
        >>> rule = LimitRule.of(cap=money(1, "EUR"))
        >>> policy = RiskPolicy.of("EUR", [RiskClass.of("A", low=50, high=100, level="low", rule=rule),
        ...                                RiskClass.of("B", low=0, high=50, level="high", rule=rule)])
        >>> classify(policy, 50).name, classify(policy, 100).name, classify(policy, 0).name
        ('A', 'A', 'B')
    """
    value = score.value if isinstance(score, Score) else as_decimal(score, what="score")
    name = policy.scale.classify(value).name
    return next(c for c in policy.classes if c.name == name)


@attrs.frozen
class LimitProposal:
    """A limit proposed from a score: class, amount (after the increase cap), dates, reasons.

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.credit import LimitRule, RiskClass, RiskPolicy, Score, propose_limit
        >>> from otccore.money import money
        >>> rule = LimitRule.of(cap=money(500, "EUR"))
        >>> policy = RiskPolicy.of("EUR", [RiskClass.of("A", low=0, high=100, level="medium", rule=rule)])
        >>> p = propose_limit(policy, Score(Decimal(50), date(2026, 3, 1)), as_of=date(2026, 3, 2))
        >>> p.amount, p.review_date, p.to_limit().valid_to is None
        (Money('500.00', 'EUR'), datetime.date(2026, 6, 2), True)
    """

    risk_class: RiskClass
    uncapped: Money
    amount: Money
    capped: bool
    valid_from: date
    valid_to: date | None
    review_date: date

    def to_limit(self) -> CreditLimit:
        """The proposal as a :class:`~otccore.credit.CreditLimit` valid until the score expires.

        Example:
            >>> from datetime import date
            >>> from decimal import Decimal
            >>> from otccore.credit import LimitRule, RiskClass, RiskPolicy, Score, propose_limit
            >>> from otccore.money import money
            >>> policy = RiskPolicy.of("EUR", [RiskClass.of("A", low=0, high=100, level="low", rule=LimitRule.of(cap=money(500, "EUR")))],
            ...                        score_validity_days=90)
            >>> limit = propose_limit(policy, Score(Decimal(50), date(2026, 3, 1)), as_of=date(2026, 3, 2)).to_limit()
            >>> limit.amount, limit.valid_from, limit.valid_to
            (Money('500.00', 'EUR'), datetime.date(2026, 3, 2), datetime.date(2026, 5, 30))
        """
        return CreditLimit.of(self.amount, valid_from=self.valid_from, valid_to=self.valid_to)


def propose_limit(
    policy: RiskPolicy,
    score: Score,
    *,
    as_of: date,
    equity: moneyed.Money | None = None,
    average_monthly_sales: moneyed.Money | None = None,
    current: moneyed.Money | None = None,
) -> LimitProposal:
    """Classify ``score``, apply the class's rule, cap the increase over ``current``.

    A score older than the policy's validity on ``as_of`` (or dated after it) is
    refused with :class:`~otccore.errors.InvalidInput`. The increase cap applies
    when ``current`` is a positive limit; a first limit (``current`` ``None`` or
    zero) is not capped. The proposed limit is valid from ``as_of`` to the day the
    score expires; the next review is ``as_of`` plus the class's review months.

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.credit import LimitRule, RiskClass, RiskPolicy, Score, propose_limit
        >>> from otccore.money import money
        >>> rule = LimitRule.of(sales_multiple=Decimal(3))
        >>> policy = RiskPolicy.of("EUR", [RiskClass.of("A", low=0, high=100, level="low", rule=rule)],
        ...                        max_increase_percent=20)
        >>> p = propose_limit(policy, Score(Decimal(80), date(2026, 3, 1)), as_of=date(2026, 3, 2),
        ...                   average_monthly_sales=money(1000, "EUR"), current=money(2000, "EUR"))
        >>> p.uncapped, p.amount, p.capped
        (Money('3000.00', 'EUR'), Money('2400.00', 'EUR'), True)
    """
    day(as_of, "as of")
    if not isinstance(score, Score):
        raise InvalidInput(f"not a Score: {score!r}")
    if score.score_date > as_of:
        raise InvalidInput(f"score dated {score.score_date} is after the review date {as_of}")
    expires: date | None = None
    if policy.score_validity_days is not None:
        expires = score.score_date + timedelta(days=policy.score_validity_days)
        if expires < as_of:
            raise InvalidInput(
                f"score from {score.score_date} expired on {expires} "
                f"({policy.score_validity_days} days validity); rescore before {as_of}"
            )
    risk = classify(policy, score)
    uncapped = risk.rule.limit(
        policy.currency, equity=equity, average_monthly_sales=average_monthly_sales
    )
    result = uncapped
    capped = False
    if current is not None and policy.max_increase_percent is not None:
        now = amount(current, "current limit")
        _same(now, policy.currency, "current limit")
        if now.amount > 0:
            with decimal.localcontext(EXACT):
                ceiling = now.amount * (100 + policy.max_increase_percent) / 100
            top = _floor(ceiling, policy.currency)
            if result > top:
                result, capped = top, True
    return LimitProposal(
        risk_class=risk,
        uncapped=uncapped,
        amount=result,
        capped=capped,
        valid_from=as_of,
        valid_to=expires,
        review_date=as_of + relativedelta(months=risk.months),
    )
