"""matplotlib charts of risk results (extra ``plot``): Benford digits, score distributions.

matplotlib is imported when a function runs, never at import time; the functions
draw on the ``ax`` given (or a new figure's axes) and return the axes, so a
notebook shows them and a script can ``savefig``.

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from otccore.adapters.plot import plot_benford
    >>> from otccore.risk import benford
    >>> ax = plot_benford(benford([12, 25, 31, 140, 990] * 300))
    >>> ax.get_title()
    'Benford first-digit test: n=1500, MAD 0.0783 (nonconforming)'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from otccore.risk import BenfordResult

__all__ = ["plot_benford", "plot_scores"]


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        raise ImportError(
            'otccore.adapters.plot needs matplotlib: pip install "otccore[plot]"'
        ) from exc
    return plt


def plot_benford(result: BenfordResult, *, ax: Any = None) -> Any:
    """Observed shares as bars, Benford's expected shares as a line; flagged digits in red.

    Draws on ``ax`` when given (otherwise on a new figure) and returns the axes.

    Example:
        >>> import matplotlib
        >>> from otccore.adapters.plot import plot_benford
        >>> matplotlib.use("Agg")
        >>> from otccore.risk import benford
        >>> ax = plot_benford(benford([123, 234, 345, 1456] * 300, test="first_two"))
        >>> len(ax.patches), ax.get_xlabel(), ax.get_legend_handles_labels()[1]
        (90, 'digit', ['Benford', 'observed'])
    """
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(8 if len(result.digits) < 20 else 14, 4))
    digits = [d.digit for d in result.digits]
    colours = ["tab:red" if d.flagged else "tab:blue" for d in result.digits]
    ax.bar(digits, [d.observed for d in result.digits], color=colours, label="observed")
    ax.plot(digits, [d.expected for d in result.digits], color="black", marker=".", label="Benford")
    ax.set_xlabel("digit")
    ax.set_ylabel("share")
    ax.set_title(
        f"Benford {result.test.value.replace('_', '-')}-digit test: n={result.n}, "
        f"MAD {result.mad:.4f} ({result.conformity})"
    )
    ax.legend()
    return ax


def plot_scores(
    scores: Iterable[Any], *, bins: int = 30, ax: Any = None, cutoffs: Iterable[float] = ()
) -> Any:
    """Histogram of scores, with vertical lines at ``cutoffs`` (e.g. rating-class bounds).

    Example:
        >>> import matplotlib
        >>> from otccore.adapters.plot import plot_scores
        >>> matplotlib.use("Agg")
        >>> plot_scores([500, 520, 610], cutoffs=[520]).get_xlabel()
        'score'
    """
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    ax.hist([float(s) for s in scores], bins=bins, color="tab:blue")
    for cut in cutoffs:
        ax.axvline(float(cut), color="tab:red", linestyle="--")
    ax.set_xlabel("score")
    ax.set_ylabel("records")
    ax.set_title("Score distribution")
    return ax
