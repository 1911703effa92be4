"""Charts of the OpenRouter token marts: whose open-weight models serve the tokens, and how many
tokens go to open-weight models at all."""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go

from orchestration.warehouse.report import plotting as plot
from orchestration.warehouse.report.plotting import (
    OTHER_COUNTRIES,
    TOP_COUNTRIES,
    TOP_FAMILIES,
    Drawn,
    NoData,
)


def _token_rows(conn: duckdb.DuckDBPyConnection, dimension: str) -> pd.DataFrame:
    df = plot.frame(
        conn,
        f"""
        select week, key, tokens::double as tokens, share::double as share
        from mart_token_share where dimension = '{dimension}'
        """,
    )
    if df.empty:
        raise NoData(f"no rows with dimension '{dimension}'")
    return plot.months(df, "week")


def token_country(conn: duckdb.DuckDBPyConnection) -> Drawn:
    df = _token_rows(conn, "country")
    keep = plot.ranked(df, "key", "tokens", TOP_COUNTRIES)
    wide = plot.wide(df, "week", "key", "share", keep, OTHER_COUNTRIES)
    colors = plot.colors(list(wide.columns), [OTHER_COUNTRIES])
    fig = plot.stacked_area(
        wide, colors, "share of weekly open-weight tokens (%)", "week (ISO, starting Monday)"
    )
    return Drawn(fig)


def token_family(conn: duckdb.DuckDBPyConnection) -> Drawn:
    df = _token_rows(conn, "family")
    keep = plot.ranked(df, "key", "tokens", TOP_FAMILIES)
    wide = plot.wide(df, "week", "key", "share", keep, "")[keep]  # lines: no remainder series
    colors = plot.colors(keep)
    fig = go.Figure()
    for family in keep:
        fig.add_trace(
            plot.line(
                plot.iso(wide.index),
                plot.percent(wide[family]),
                family,
                colors[family],
                f"{plot.esc(family)}: %{{y:.1f}}%<extra></extra>",
            )
        )
    plot.layout(fig, 420)
    fig.update_xaxes(title_text="week (ISO, starting Monday)", type="date")
    fig.update_yaxes(title_text="share of weekly open-weight tokens (%)", rangemode="tozero")
    return Drawn(fig)


OPENNESS_COLORS = {"open_weight": "#2a9d8f", "closed": "#6c757d", "unknown": "#d9d9d9"}


def token_openness(conn: duckdb.DuckDBPyConnection) -> Drawn:
    df = plot.frame(
        conn,
        "select week, openness, tokens::double as tokens, share::double as share "
        "from mart_token_openness",
    )
    if df.empty:
        raise NoData("no token rows")
    df = plot.months(df, "week")
    keep = [k for k in OPENNESS_COLORS if k in set(df["openness"])]
    wide = plot.wide(df, "week", "openness", "share", keep, "")[keep]
    fig = plot.stacked_area(
        wide,
        {k: OPENNESS_COLORS[k] for k in keep},
        "share of all weekly tokens (%)",
        "week (ISO, starting Monday)",
    )
    return Drawn(fig)
