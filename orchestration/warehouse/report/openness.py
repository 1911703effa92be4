"""Charts of licences and openness: licence classes of downloads, open source vs open weight."""

from __future__ import annotations

import duckdb
import pandas as pd

from orchestration.warehouse.report import plotting as plot
from orchestration.warehouse.report.plotting import (
    OTHER_COLOR,
    TREND_SCOPES,
    Drawn,
    NoData,
)

# Licence classes of the licence seed, then `other` (a licence the seed does not list) and
# `unknown` (no licence tag); a class the file has but this list lacks goes before `other`.
LICENSE_CLASSES = ("permissive", "restricted", "non_commercial", "other", "unknown")
LICENSE_COLORS = {
    "permissive": "#2ca02c",
    "restricted": "#ff7f0e",
    "non_commercial": "#d62728",
    "other": "#9467bd",
    "unknown": OTHER_COLOR,
}

# Openness of downloads by lineage; open_weight has the colour it has in the token chart.
DOWNLOAD_OPENNESS_COLORS = {"open_source": "#e76f51", "open_weight": "#2a9d8f"}


def _openness_rows(conn: duckdb.DuckDBPyConnection, dimension: str) -> pd.DataFrame:
    df = plot.frame(
        conn,
        f"""
        select month, scope, key, downloads::double as downloads, share::double as share
        from mart_openness_share where dimension = '{dimension}'
        """,
    )
    if df.empty:
        raise NoData(f"no rows with dimension '{dimension}'")
    return plot.months(df)


def license_classes(conn: duckdb.DuckDBPyConnection) -> Drawn:
    df = _openness_rows(conn, "license_class")
    df = df[df["scope"] == "hub"]
    present = set(df["key"])
    named = [k for k in LICENSE_CLASSES if k in present and k not in ("other", "unknown")]
    extra = sorted(k for k in present if k not in LICENSE_CLASSES)
    tail = [k for k in ("other", "unknown") if k in present]
    wide = plot.wide(df, "month", "key", "share", named + extra + tail, "")
    colors = {**plot.colors(extra), **LICENSE_COLORS}
    fig = plot.stacked_area(wide, colors, "share of monthly downloads (%)", "month")
    fig.update_layout(legend={"title": {"text": "licence class"}})
    return Drawn(fig)


def download_openness(conn: duckdb.DuckDBPyConnection) -> Drawn:
    """Open-source vs open-weight share of downloads by lineage, whole Hub and LLMs."""
    df = _openness_rows(conn, "openness")
    df = df[df["scope"].isin(TREND_SCOPES)]
    present = set(df["key"])
    keys = [k for k in DOWNLOAD_OPENNESS_COLORS if k in present]
    keys += sorted(present - set(keys))
    colors = {**plot.colors(keys), **DOWNLOAD_OPENNESS_COLORS}
    fig = plot.share_lines_by_scope(
        df,
        "key",
        keys,
        TREND_SCOPES,
        colors,
        lambda key, scope: (
            f"{plot.esc(key)} ({scope}): %{{y:.1f}}% "
            "(%{customdata:,.0f} downloads)<extra></extra>"
        ),
        customdata="downloads",
    )
    fig.update_yaxes(title_text="share of the scope's monthly downloads (%)", range=[0, 100])
    return Drawn(fig)
