"""The attribution coverage chart: how much of each share has a known key."""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go

from orchestration.warehouse.report import plotting as plot
from orchestration.warehouse.report.plotting import Drawn, NoData

COVERAGE_MEASURES = (
    "country_uploader",
    "country_lineage",
    "org_type",
    "family",
    "token_openness",
    "token_country",
)


def coverage(conn: duckdb.DuckDBPyConnection) -> Drawn:
    df = plot.frame(
        conn,
        "select month, measure, known_share::double as known_share "
        "from mart_attribution_coverage where scope = 'hub'",
    )
    if df.empty:
        raise NoData("no coverage rows")
    df = plot.months(df)
    keep = [m for m in COVERAGE_MEASURES if m in set(df["measure"])]
    # A month without tokens has no token coverage: a gap in the line, not 0%.
    wide = df.pivot_table(index="month", columns="measure", values="known_share").sort_index()
    colors = plot.colors(keep)
    fig = go.Figure()
    for measure in keep:
        fig.add_trace(
            plot.line(
                plot.iso(wide.index),
                [None if pd.isna(v) else round(v * 100, 4) for v in wide[measure]],
                measure,
                colors[measure],
                f"{plot.esc(measure)}: %{{y:.1f}}% attributed<extra></extra>",
                markers=True,
            )
        )
    plot.layout(fig, 380)
    fig.update_xaxes(title_text="month", type="date")
    fig.update_yaxes(title_text="known share (%)", range=[0, 100])
    return Drawn(fig)
