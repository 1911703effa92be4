"""Charts of the new derivatives created each month: the families they build on, and their kind."""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go

from orchestration.warehouse.report import plotting as plot
from orchestration.warehouse.report.plotting import (
    OTHER_COLOR,
    OTHER_FAMILIES,
    OTHER_FAMILY,
    TOP_FAMILIES,
    Drawn,
    NoData,
)

# Derivative kinds in this order; any other relation word a tag uses is summed into OTHER_RELATIONS.
DERIVATIVE_KINDS = ("finetune", "adapter", "quantized", "merge", "unspecified")
OTHER_RELATIONS = "other relations"


def _new_derivative_bars(
    wide: pd.DataFrame, counts: pd.DataFrame, colors: dict[str, str], count_format: str
) -> go.Figure:
    """Stacked bars of each month's share of new derivatives, the counts in the hover."""
    fig = go.Figure()
    for key in wide.columns:
        fig.add_trace(
            go.Bar(
                x=plot.iso(wide.index),
                y=plot.percent(wide[key]),
                name=key,
                marker={"color": colors.get(key, OTHER_COLOR)},
                customdata=counts[key].round(2).tolist(),
                hovertemplate=(
                    f"{plot.esc(key)}: %{{y:.1f}}% "
                    f"(%{{customdata:{count_format}}} new derivatives)<extra></extra>"
                ),
            )
        )
    plot.layout(fig, 440, barmode="stack", bargap=0.15, legend={"traceorder": "reversed"})
    fig.update_xaxes(title_text="month of creation", type="date")
    fig.update_yaxes(title_text="share of new derivatives created that month (%)", range=[0, 100])
    return fig


def derivative_share(conn: duckdb.DuckDBPyConnection) -> Drawn:
    df = plot.months(
        plot.frame(
            conn,
            """
            select month, family, new_derivatives::double as new_derivatives, share::double as share
            from mart_derivative_share where scope = 'hub'
            """,
        )
    )
    keep = plot.ranked(df, "family", "new_derivatives", TOP_FAMILIES, exclude=[OTHER_FAMILY])
    wide = plot.wide(df, "month", "family", "share", keep, OTHER_FAMILIES)
    counts = plot.wide(df, "month", "family", "new_derivatives", keep, OTHER_FAMILIES)
    colors = plot.colors(list(wide.columns), [OTHER_FAMILIES])
    return Drawn(_new_derivative_bars(wide, counts, colors, ".1f"))


def derivative_kinds(conn: duckdb.DuckDBPyConnection) -> Drawn:
    df = plot.frame(
        conn,
        """
        select month, coalesce(derivative_kind, '') as derivative_kind,
               new_derivatives::double as new_derivatives, share::double as share
        from mart_derivative_kinds where scope = 'hub'
        """,
    )
    if df.empty:
        raise NoData("no rows of scope 'hub'")
    df = plot.months(df)
    keep = [k for k in DERIVATIVE_KINDS if k in set(df["derivative_kind"])]
    wide = plot.wide(df, "month", "derivative_kind", "share", keep, OTHER_RELATIONS)
    counts = plot.wide(df, "month", "derivative_kind", "new_derivatives", keep, OTHER_RELATIONS)
    # Colours by the fixed list, so a kind keeps its colour whichever kinds the file has.
    colors = plot.colors([*DERIVATIVE_KINDS, OTHER_RELATIONS], [OTHER_RELATIONS])
    fig = _new_derivative_bars(wide, counts, colors, ",.0f")
    fig.update_layout(legend={"title": {"text": "kind"}})
    return Drawn(fig)
