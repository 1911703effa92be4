"""What the report's charts share: colours and orders, query and reshaping helpers, the layout."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd
import plotly.graph_objects as go

# Size classes in size order; a bucket the file has but this list lacks goes before `unknown`.
SIZE_ORDER = ("<1B", "1-5B", "5-10B", "10-50B", "50-100B", "100-250B", "250B+", "unknown")
TOP_COUNTRIES = 6
TOP_FAMILIES = 8
OTHER_COUNTRIES = "other countries"

# The family `Other` (no family rule matched) is folded together with the smaller families.
OTHER_FAMILY = "Other"
OTHER_FAMILIES = "Other + smaller families"
PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939",
)  # fmt: skip
OTHER_COLOR = "#b0b0b0"
SIZE_COLORS = {
    "<1B": "#c6dbef",
    "1-5B": "#9ecae1",
    "5-10B": "#6baed6",
    "10-50B": "#4292c6",
    "50-100B": "#2171b5",
    "100-250B": "#08519c",
    "250B+": "#08306b",
    "unknown": OTHER_COLOR,
}

# The scopes a chart compares, drawn solid, dashed, dotted.
SCOPES = ("hub", "llm", "tracked")
SCOPE_DASH = {"hub": "solid", "llm": "dash", "tracked": "dot"}

# Scopes of the openness and size trend charts: the whole Hub and language models only.
TREND_SCOPES = ("hub", "llm")
TEMPLATE = "plotly_white"


class NoData(Exception):
    """The chart's table is there but holds nothing this chart can draw."""


@dataclass(frozen=True)
class Drawn:
    figure: go.Figure
    extra_html: str = ""


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def frame(conn: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return conn.execute(sql).df()


def iso(values: pd.Series) -> list[str]:
    """Dates as ISO strings: compact in the page and unambiguous for plotly's date axis."""
    return [pd.Timestamp(v).strftime("%Y-%m-%d") for v in values]


def ranked(df: pd.DataFrame, key: str, value: str, n: int, exclude: Sequence[str] = ()) -> list:
    """The n keys with the largest total `value`, largest first (ties by key)."""
    totals = (
        df[~df[key].isin(list(exclude))]
        .groupby(key, as_index=False)[value]
        .sum()
        .sort_values([value, key], ascending=[False, True], kind="stable")
    )
    return list(totals[key][:n])


def wide(
    df: pd.DataFrame, time: str, key: str, value: str, keep: Sequence[str], other: str
) -> pd.DataFrame:
    """time × key table of `value` (0 where a key has no row), `keep` columns in order, the rest summed into `other`."""
    wide = df.pivot_table(index=time, columns=key, values=value, aggfunc="sum", fill_value=0.0)
    wide = wide.sort_index()
    cols = [k for k in keep if k in wide.columns]
    rest = [c for c in wide.columns if c not in cols]
    out = wide[cols].astype(float)
    if rest:
        out[other] = wide[rest].sum(axis=1).astype(float)
    return out


def colors(keys: Sequence[str], other_labels: Sequence[str] = ()) -> dict[str, str]:
    colors: dict[str, str] = {}
    i = 0
    for k in keys:
        if k in other_labels:
            colors[k] = OTHER_COLOR
        else:
            colors[k] = PALETTE[i % len(PALETTE)]
            i += 1
    return colors


def layout(fig: go.Figure, height: int, **kwargs: object) -> None:
    settings: dict[str, object] = {
        "template": TEMPLATE,
        "height": height,
        "margin": {"l": 70, "r": 30, "t": 40, "b": 60},
        "legend": {"traceorder": "normal"},
        "hovermode": "x unified",
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"},
    }
    fig.update_layout(**{**settings, **kwargs})


def points(fig: go.Figure) -> int:
    return sum(len(t.x) for t in fig.data if getattr(t, "x", None) is not None)


def months(df: pd.DataFrame, col: str = "month") -> pd.DataFrame:
    df = df.copy()
    df[col] = pd.to_datetime(df[col])
    return df


def line(
    x: list[str], y: list, name: str, color: str, hover: str, *, dash: str | None = None,
    markers: bool = False, **extra: object,
) -> go.Scatter:  # fmt: skip
    """One line series: width 2 in `color`, dashed as `dash` when given; `hover` is the
    whole hover template (escape the names in it)."""
    line = (
        {"color": color, "width": 2} if dash is None else {"color": color, "dash": dash, "width": 2}
    )
    return go.Scatter(
        x=x, y=y, name=name, mode="lines+markers" if markers else "lines", line=line,
        hovertemplate=hover, **extra,
    )  # fmt: skip


def share_lines_by_scope(
    df: pd.DataFrame, key_col: str, keys: Sequence[str], scopes: Sequence[str],
    colors: dict[str, str], hover: Callable[[str, str], str], customdata: str | None = None,
) -> go.Figure:  # fmt: skip
    """One line of `share` by month per key × scope: coloured by key, dashed by scope.

    `hover(key, scope)` gives each line's hover template; `customdata` names a column
    shown in it (rounded to whole numbers)."""
    fig = go.Figure()
    for key in keys:
        for scope in scopes:
            part = df[(df[key_col] == key) & (df["scope"] == scope)].sort_values("month")
            if part.empty:
                continue
            extra = {} if customdata is None else {"customdata": part[customdata].round(0).tolist()}
            fig.add_trace(
                line(
                    iso(part["month"]), percent(part["share"]), f"{key} · {scope}", colors[key],
                    hover(key, scope), dash=SCOPE_DASH[scope], **extra,
                )
            )  # fmt: skip
    layout(fig, 400)
    fig.update_xaxes(title_text="month", type="date")
    return fig


def percent(values: pd.Series) -> list:
    """Shares (0-1) as percentages for a y axis in %."""
    return (values * 100).round(4).tolist()


def stacked_area(
    wide: pd.DataFrame, colors: dict[str, str], y_title: str, x_title: str, customdata=None,
    hover_extra: str = "",
) -> go.Figure:  # fmt: skip
    fig = go.Figure()
    for key in wide.columns:
        fig.add_trace(
            go.Scatter(
                x=iso(wide.index),
                y=percent(wide[key]),
                name=key,
                mode="lines",
                stackgroup="one",
                line={"width": 0.5, "color": colors.get(key, OTHER_COLOR)},
                fillcolor=colors.get(key, OTHER_COLOR),
                customdata=None if customdata is None else customdata[key].round(2).tolist(),
                hovertemplate=f"{esc(key)}: %{{y:.1f}}%{hover_extra}<extra></extra>",
            )
        )
    # Legend top-down in the same order as the stack.
    layout(fig, 440, legend={"traceorder": "reversed"})
    fig.update_xaxes(title_text=x_title, type="date")
    fig.update_yaxes(title_text=y_title, range=[0, 100])
    return fig
