"""Simulated downloads: daily rates by popularity, age, family and country momentum,
accumulated into all-time counts, and the calibration of the break-out releases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from orchestration.demo.adoption import reference_downloads, values_at_ages
from orchestration.demo.repositories import Repository
from orchestration.demo.seeds import read_seeds
from orchestration.demo.timeline import anchored, date_of, day_number

if TYPE_CHECKING:
    from orchestration.demo.simulator import SampleConfig


BREAKOUT_TARGETS = {
    # model id: (age in days, its size class in the param_buckets seed, target relative adoption)
    "openai/gpt-oss-120b": (7, "100-250B", 20.0),
    "Qwen/Qwen3.5-4B": (14, "1-5B", 5.0),
}


#: Download momentum of a family over calendar time (multiplier, log-interpolated).
FAMILY_MOMENTUM: dict[str, list[tuple[str, float]]] = {
    "Llama": [("2024-06-01", 1.0), ("2024-12-01", 0.9), ("2025-06-01", 0.7), ("2026-03-01", 0.5)],
    "Qwen": [("2024-06-01", 0.9), ("2025-03-01", 1.0), ("2025-09-01", 1.1), ("2026-03-01", 1.35)],
    "DeepSeek": [("2024-12-15", 1.0), ("2025-02-01", 1.15), ("2026-03-01", 1.0)],
    "Mistral": [("2024-06-01", 1.0), ("2026-03-01", 0.65)],
    "Phi": [("2024-06-01", 1.0), ("2026-03-01", 0.7)],
}


#: Download momentum by the uploader's country. This is the calibration knob of story
#: point 1: together with the release calendar of the catalogue (Qwen2.5 in 2024, the
#: DeepSeek-R1 spike, Qwen3 and the 2025 Chinese releases, gpt-oss for the US) it keeps
#: US uploads ahead until summer 2025 and lets Chinese uploads pass them in the autumn.
COUNTRY_MOMENTUM: dict[str, list[tuple[str, float]]] = {
    "CN": [
        ("2024-09-01", 0.7),
        ("2025-01-01", 0.55),
        ("2025-06-01", 0.45),
        ("2025-08-15", 0.5),
        ("2025-10-15", 0.75),
        ("2026-03-01", 1.0),
    ],
    "US": [("2024-09-01", 1.0), ("2025-06-01", 1.15), ("2025-09-01", 1.1), ("2026-03-01", 0.85)],
}


def _lifecycle(age: np.ndarray, hype: np.ndarray) -> np.ndarray:
    """Relative daily downloads by age in days: a launch bump, then a slow decay."""
    age = np.maximum(age, 0.0)
    ramp = np.minimum(1.0, (age + 1.0) / 2.0)
    return ramp * (1.0 + hype * np.exp(-age / 21.0)) * (1.0 + age / 240.0) ** -0.55


def _lifecycle_sum(ages: np.ndarray, hype: np.ndarray) -> np.ndarray:
    """Sum of :func:`_lifecycle` over ages 0..n-1 for each model (vectorised by table)."""
    max_age = int(ages.max()) if ages.size else 0
    out = np.zeros(len(ages))
    if max_age <= 0:
        return out
    grid = np.arange(max_age, dtype=float)
    for h in np.unique(hype):
        cum = np.concatenate([[0.0], np.cumsum(_lifecycle(grid, np.full_like(grid, h)))])
        sel = hype == h
        out[sel] = cum[np.clip(ages[sel], 0, max_age).astype(int)]
    return out


@dataclass
class Downloads:
    """Cumulative downloads on a day grid (rows: models, columns: days)."""

    first_day: int
    cumulative: np.ndarray  # float64, models x days, before flooring


def simulate_downloads(cfg: SampleConfig, models: list[Repository]) -> Downloads:
    """True daily download rates, accumulated into all-time counts.

    rate = popularity x lifecycle(age) x family momentum x country momentum x weekday x
    lognormal noise. The grid starts 31 days before tracking so the first snapshot's
    30-day count is defined; everything before it is added analytically.
    """
    rng = np.random.default_rng([cfg.seed, 4])
    first = day_number(cfg.start) - 31
    days = np.arange(first, day_number(cfg.end) + 1)
    n = len(models)
    created = np.array([m.created_day for m in models])
    frac_left = np.array(
        [1.0 - (m.created.hour * 3600 + m.created.minute * 60) / 86400 for m in models]
    )
    pop = np.array([m.popularity for m in models])
    hype = np.array([m.hype for m in models])
    families = [m.family for m in models]
    countries = [m.country for m in models]

    momentum = np.ones((n, len(days)))
    for fam, anchors in FAMILY_MOMENTUM.items():
        sel = np.array([f == fam for f in families])
        if sel.any():
            momentum[sel] *= anchored(anchors, days, log=True)
    for country, anchors in COUNTRY_MOMENTUM.items():
        sel = np.array([c == country for c in countries])
        if sel.any():
            momentum[sel] *= anchored(anchors, days, log=True)
    weekday = np.where(np.array([date_of(d).weekday() for d in days]) >= 5, 0.82, 1.0)

    age = days[None, :] - created[:, None]
    rate = pop[:, None] * _lifecycle(age.astype(float), hype[:, None]) * momentum * weekday
    rate *= np.exp(rng.normal(-0.045, 0.3, size=rate.shape))
    rate[age < 0] = 0.0
    on_creation = age == 0
    rate[on_creation] *= np.broadcast_to(frac_left[:, None], rate.shape)[on_creation]

    before = np.clip(first - created, 0, None)  # days lived before the grid
    prior = pop * momentum[:, 0] * 0.95 * _lifecycle_sum(before, hype)
    cumulative = prior[:, None] + np.cumsum(rate, axis=1)
    return Downloads(first_day=first, cumulative=cumulative)


def calibrate_breakouts(
    models: list[Repository], snap_days: np.ndarray, presence: np.ndarray, downloads: Downloads
) -> list[str]:
    """Scale each break-out's downloads so its relative adoption hits the target.

    Relative adoption is measured as the warehouse measures it, on the snapshots
    (:mod:`orchestration.demo.adoption`). Scaling a model's whole rate series scales
    its cumulative counts, so the target is met in one step; the reference is computed
    with the break-out counted in its own top 10 (as the metric does), which only
    matters through its rank.
    """
    index = {m.model_id: i for i, m in enumerate(models)}
    cols = snap_days - downloads.first_day
    done = []
    for model_id, (age, bucket, target) in BREAKOUT_TARGETS.items():
        if model_id not in index:
            continue
        b = index[model_id]
        lo, hi = read_seeds().buckets[bucket]
        peers = [
            i
            for i, m in enumerate(models)
            if i != b
            and m.params is not None
            and (lo is None or lo <= m.params)
            and (hi is None or m.params < hi)
            and not any(p != m.model_id for _, p in m.parents)
        ]
        rows = np.array([b, *peers])
        model_at, snap_at = np.nonzero(presence[rows])
        points = pd.DataFrame(
            {
                "model_id": rows[model_at],
                "day": snap_days[snap_at],
                "downloads_all_time": np.floor(downloads.cumulative[rows[model_at], cols[snap_at]]),
            }
        )
        created = pd.DataFrame(
            {"model_id": rows, "created_day": [models[i].created_day for i in rows]}
        )
        values = values_at_ages(points, created, [age]).set_index("model_id")
        values = values["cumulative_downloads"]
        own = values.get(b)
        ref = reference_downloads([*values.drop(b, errors="ignore"), float("inf")])
        if own is None or ref is None or own <= 0:
            continue
        downloads.cumulative[b] *= target * ref / own
        done.append(model_id)
    return done
