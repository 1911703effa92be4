"""Day numbers (days since 1970-01-01) and values anchored on dates, interpolated in
between: the calendar arithmetic of every part of the simulation."""

from __future__ import annotations

from datetime import date

import numpy as np

EPOCH = date(1970, 1, 1).toordinal()


def day_number(d: date) -> int:
    """Day number (days since 1970-01-01) of a date."""
    return d.toordinal() - EPOCH


def date_of(day: int) -> date:
    return date.fromordinal(int(day) + EPOCH)


def iso_day_number(text: str) -> int:
    return day_number(date.fromisoformat(text[:10]))


def anchored(anchors: list[tuple[str, float]], days: np.ndarray, log: bool) -> np.ndarray:
    """Piecewise interpolation of anchor values over day numbers, flat outside."""
    xs = np.array([iso_day_number(a) for a, _ in anchors], dtype=float)
    ys = np.array([v for _, v in anchors], dtype=float)
    if log:
        return np.exp(np.interp(days, xs, np.log(np.maximum(ys, 1e-12))))
    return np.interp(days, xs, ys)
