"""The relative adoption measurement in pandas (docs/metrics.md#relative-adoption-rate).

The warehouse computes the metric in dbt (``mart_adoption_rate``). Two Python readers
need the same measurement and share it from here: the demo simulator, which scales
each break-out release until the metric shows the story's ratio, and the test oracle
(``tests/support/oracle.py``), which computes the mart as ground truth for the SQL.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

MAX_INTERPOLATION_GAP_DAYS = 7
REFERENCE_TOP_N = 10
REFERENCE_MIN_MODELS = 3


def values_at_ages(
    points: pd.DataFrame, created: pd.DataFrame, ages: Iterable[int]
) -> pd.DataFrame:
    """Cumulative downloads of each model at each age, where the rule gives a value.

    ``points``: model_id, day, downloads_all_time (day numbers, one row per sighting);
    ``created``: model_id, created_day. Known points are the model's sightings plus
    (created_day, 0) unless a sighting falls on created_day. At day t = created + k:
    the sighting on t, else linear interpolation between the nearest known points
    before and after t when they are at most 7 days apart, else no value.
    Returns model_id, age_days, cumulative_downloads.
    """
    points = points.loc[
        points["model_id"].isin(created["model_id"]), ["model_id", "day", "downloads_all_time"]
    ].astype({"day": "int64", "downloads_all_time": "float64"})
    birth = pd.DataFrame(
        {
            "model_id": created["model_id"],
            "day": created["created_day"].astype("int64"),
            "downloads_all_time": 0.0,
        }
    )
    birth = birth.merge(
        points[["model_id", "day"]], on=["model_id", "day"], how="left", indicator=True
    )
    birth = birth[birth.pop("_merge") == "left_only"]
    points = pd.concat([points, birth], ignore_index=True).sort_values("day")

    targets = created[["model_id", "created_day"]].astype({"created_day": "int64"})
    targets = targets.merge(pd.DataFrame({"age_days": list(ages)}), how="cross")
    targets["day"] = targets["created_day"] + targets["age_days"]
    before = points.rename(columns={"downloads_all_time": "prev_value"})
    before["prev_day"] = before["day"]
    after = points.rename(columns={"downloads_all_time": "next_value"})
    after["next_day"] = after["day"]
    at = pd.merge_asof(
        targets.sort_values("day"), before, on="day", by="model_id", direction="backward"
    )
    at = pd.merge_asof(
        at, after, on="day", by="model_id", direction="forward", allow_exact_matches=False
    )

    exact = at["prev_day"] == at["day"]
    gap = at["next_day"] - at["prev_day"]
    close = at["prev_day"].notna() & at["next_day"].notna() & (gap <= MAX_INTERPOLATION_GAP_DAYS)
    interpolated = at["prev_value"] + (at["next_value"] - at["prev_value"]) * (
        (at["day"] - at["prev_day"]) / gap
    )
    at["cumulative_downloads"] = at["prev_value"].where(exact, interpolated.where(close))
    return at.loc[
        at["cumulative_downloads"].notna(), ["model_id", "age_days", "cumulative_downloads"]
    ]


def reference_downloads(values: Iterable[float]) -> float | None:
    """The reference of one size class at one age: the median of its 10 highest values
    (all of them when fewer), none when fewer than 3 models have a value."""
    ordered = np.sort(np.asarray(list(values), dtype="float64"))[::-1]
    if len(ordered) < REFERENCE_MIN_MODELS:
        return None
    return float(np.median(ordered[:REFERENCE_TOP_N]))
