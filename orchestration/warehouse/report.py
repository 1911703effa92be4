"""A static HTML report of the published marts: one self-contained file, readable offline.

`build_report` reads only the published file (`serving/marts.duckdb`, opened read-only),
draws one chart per question the marts answer and writes a single HTML page with plotly.js
inlined once in its head. The page makes no network request: no CDN, no web fonts, no
MathJax. A chart whose table is missing, empty or unreadable is left out and the page says
so, so any published file gives a report. The page is written aside and renamed into place,
like the marts themselves, so a reader never sees half a report.
"""

from __future__ import annotations

import html
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

HUB = "Hugging Face Hub snapshots"
OPENROUTER = "OpenRouter token exports"

# Size classes in size order; a bucket the file has but this list lacks goes before `unknown`.
SIZE_ORDER = ("<1B", "1-5B", "5-10B", "10-50B", "50-100B", "100-250B", "250B+", "unknown")
# Monthly download marts: the header's data range is the union of their months.
MONTHLY_DOWNLOAD_MARTS = (
    "mart_country_share",
    "mart_family_share",
    "mart_size_share",
    "mart_org_type_share",
    "mart_concentration",
    "mart_openness_share",
    "mart_size_trend",
)

TOP_COUNTRIES = 6
TOP_FAMILIES = 8
TOP_ADOPTION = 15
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
# Derivative kinds in this order; any other relation word a tag uses is summed into OTHER_RELATIONS.
DERIVATIVE_KINDS = ("finetune", "adapter", "quantized", "merge", "unspecified")
OTHER_RELATIONS = "other relations"
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
# The scopes a chart compares, drawn solid, dashed, dotted.
SCOPES = ("hub", "llm", "tracked")
SCOPE_DASH = {"hub": "solid", "llm": "dash", "tracked": "dot"}
# Scopes of the openness and size trend charts: the whole Hub and language models only.
TREND_SCOPES = ("hub", "llm")
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
TEMPLATE = "plotly_white"


class _NoData(Exception):
    """The chart's table is there but holds nothing this chart can draw."""


@dataclass(frozen=True)
class _Drawn:
    figure: go.Figure
    extra_html: str = ""


@dataclass(frozen=True)
class _Chart:
    chart_id: str
    title: str
    lede: str
    tables: tuple[str, ...]
    source: str
    draw: Callable[[duckdb.DuckDBPyConnection], _Drawn]


# ---------------------------------------------------------------------------------------------
# helpers


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _df(conn: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return conn.execute(sql).df()


def _iso(values: pd.Series) -> list[str]:
    """Dates as ISO strings: compact in the page and unambiguous for plotly's date axis."""
    return [pd.Timestamp(v).strftime("%Y-%m-%d") for v in values]


def _ranked(df: pd.DataFrame, key: str, value: str, n: int, exclude: Sequence[str] = ()) -> list:
    """The n keys with the largest total `value`, largest first (ties by key)."""
    totals = (
        df[~df[key].isin(list(exclude))]
        .groupby(key, as_index=False)[value]
        .sum()
        .sort_values([value, key], ascending=[False, True], kind="stable")
    )
    return list(totals[key][:n])


def _wide(
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


def _colors(keys: Sequence[str], other_labels: Sequence[str] = ()) -> dict[str, str]:
    colors: dict[str, str] = {}
    i = 0
    for k in keys:
        if k in other_labels:
            colors[k] = OTHER_COLOR
        else:
            colors[k] = PALETTE[i % len(PALETTE)]
            i += 1
    return colors


def _layout(fig: go.Figure, height: int, **kwargs: object) -> None:
    settings: dict[str, object] = {
        "template": TEMPLATE,
        "height": height,
        "margin": {"l": 70, "r": 30, "t": 40, "b": 60},
        "legend": {"traceorder": "normal"},
        "hovermode": "x unified",
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"},
    }
    fig.update_layout(**{**settings, **kwargs})


def _points(fig: go.Figure) -> int:
    return sum(len(t.x) for t in fig.data if getattr(t, "x", None) is not None)


def _months(df: pd.DataFrame, col: str = "month") -> pd.DataFrame:
    df = df.copy()
    df[col] = pd.to_datetime(df[col])
    return df


def _line(
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


def _percent(values: pd.Series) -> list:
    """Shares (0-1) as percentages for a y axis in %."""
    return (values * 100).round(4).tolist()


# ---------------------------------------------------------------------------------------------
# charts


def _country_share(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    df = _months(
        _df(
            conn,
            """
            select month, attribution, country, downloads::double as downloads, share::double as share
            from mart_country_share
            where scope = 'hub' and attribution in ('uploader', 'lineage')
            """,
        )
    )
    if df.empty:
        raise _NoData("no rows with attribution 'uploader' or 'lineage'")
    # One set of countries for both panels, so a country keeps its colour.
    keep = _ranked(df, "country", "downloads", TOP_COUNTRIES)
    colors = _colors([*keep, OTHER_COUNTRIES], [OTHER_COUNTRIES])
    panels = (
        ("uploader", "By uploader (country of the model's author)"),
        ("lineage", "By lineage (country of the base model's author)"),
    )
    fig = make_subplots(
        rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06,
        subplot_titles=[title for _, title in panels],
    )  # fmt: skip
    shown: set[str] = set()
    for col, (attribution, _) in enumerate(panels, start=1):
        part = df[df["attribution"] == attribution]
        if part.empty:
            continue
        wide = _wide(part, "month", "country", "share", keep, OTHER_COUNTRIES)
        for country in wide.columns:
            fig.add_trace(
                _line(
                    _iso(wide.index),
                    _percent(wide[country]),
                    country,
                    colors.get(country, OTHER_COLOR),
                    f"{_esc(country)}: %{{y:.1f}}%<extra></extra>",
                    markers=True,
                    marker={"size": 4},
                    legendgroup=country,
                    showlegend=country not in shown,
                ),
                row=1,
                col=col,
            )
            shown.add(country)
    _layout(fig, 460)
    fig.update_xaxes(title_text="month", type="date")
    fig.update_yaxes(title_text="share of monthly downloads (%)", row=1, col=1, rangemode="tozero")
    return _Drawn(fig)


def _new_derivative_bars(
    wide: pd.DataFrame, counts: pd.DataFrame, colors: dict[str, str], count_format: str
) -> go.Figure:
    """Stacked bars of each month's share of new derivatives, the counts in the hover."""
    fig = go.Figure()
    for key in wide.columns:
        fig.add_trace(
            go.Bar(
                x=_iso(wide.index),
                y=_percent(wide[key]),
                name=key,
                marker={"color": colors.get(key, OTHER_COLOR)},
                customdata=counts[key].round(2).tolist(),
                hovertemplate=(
                    f"{_esc(key)}: %{{y:.1f}}% "
                    f"(%{{customdata:{count_format}}} new derivatives)<extra></extra>"
                ),
            )
        )
    _layout(fig, 440, barmode="stack", bargap=0.15, legend={"traceorder": "reversed"})
    fig.update_xaxes(title_text="month of creation", type="date")
    fig.update_yaxes(title_text="share of new derivatives created that month (%)", range=[0, 100])
    return fig


def _stacked_area(
    wide: pd.DataFrame, colors: dict[str, str], y_title: str, x_title: str, customdata=None,
    hover_extra: str = "",
) -> go.Figure:  # fmt: skip
    fig = go.Figure()
    for key in wide.columns:
        fig.add_trace(
            go.Scatter(
                x=_iso(wide.index),
                y=_percent(wide[key]),
                name=key,
                mode="lines",
                stackgroup="one",
                line={"width": 0.5, "color": colors.get(key, OTHER_COLOR)},
                fillcolor=colors.get(key, OTHER_COLOR),
                customdata=None if customdata is None else customdata[key].round(2).tolist(),
                hovertemplate=f"{_esc(key)}: %{{y:.1f}}%{hover_extra}<extra></extra>",
            )
        )
    # Legend top-down in the same order as the stack.
    _layout(fig, 440, legend={"traceorder": "reversed"})
    fig.update_xaxes(title_text=x_title, type="date")
    fig.update_yaxes(title_text=y_title, range=[0, 100])
    return fig


def _family_share(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    df = _months(
        _df(
            conn,
            "select month, family, downloads::double as downloads, share::double as share "
            "from mart_family_share where scope = 'hub'",
        )
    )
    keep = _ranked(df, "family", "downloads", TOP_FAMILIES, exclude=[OTHER_FAMILY])
    wide = _wide(df, "month", "family", "share", keep, OTHER_FAMILIES)
    colors = _colors(list(wide.columns), [OTHER_FAMILIES])
    fig = _stacked_area(wide, colors, "share of monthly downloads (%)", "month")
    return _Drawn(fig)


def _derivative_share(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    df = _months(
        _df(
            conn,
            """
            select month, family, new_derivatives::double as new_derivatives, share::double as share
            from mart_derivative_share where scope = 'hub'
            """,
        )
    )
    keep = _ranked(df, "family", "new_derivatives", TOP_FAMILIES, exclude=[OTHER_FAMILY])
    wide = _wide(df, "month", "family", "share", keep, OTHER_FAMILIES)
    counts = _wide(df, "month", "family", "new_derivatives", keep, OTHER_FAMILIES)
    colors = _colors(list(wide.columns), [OTHER_FAMILIES])
    return _Drawn(_new_derivative_bars(wide, counts, colors, ".1f"))


def _derivative_kinds(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    df = _df(
        conn,
        """
        select month, coalesce(derivative_kind, '') as derivative_kind,
               new_derivatives::double as new_derivatives, share::double as share
        from mart_derivative_kinds where scope = 'hub'
        """,
    )
    if df.empty:
        raise _NoData("no rows of scope 'hub'")
    df = _months(df)
    keep = [k for k in DERIVATIVE_KINDS if k in set(df["derivative_kind"])]
    wide = _wide(df, "month", "derivative_kind", "share", keep, OTHER_RELATIONS)
    counts = _wide(df, "month", "derivative_kind", "new_derivatives", keep, OTHER_RELATIONS)
    # Colours by the fixed list, so a kind keeps its colour whichever kinds the file has.
    colors = _colors([*DERIVATIVE_KINDS, OTHER_RELATIONS], [OTHER_RELATIONS])
    fig = _new_derivative_bars(wide, counts, colors, ",.0f")
    fig.update_layout(legend={"title": {"text": "kind"}})
    return _Drawn(fig)


def _size_share(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    df = _months(
        _df(
            conn,
            "select month, param_bucket, downloads::double as downloads, share::double as share "
            "from mart_size_share where scope = 'hub'",
        )
    )
    present = list(dict.fromkeys(df["param_bucket"]))
    known = [b for b in SIZE_ORDER if b in present and b != "unknown"]
    extra = sorted(b for b in present if b not in SIZE_ORDER)
    order = known + extra + (["unknown"] if "unknown" in present else [])
    wide = _wide(df, "month", "param_bucket", "share", order, "other")
    colors = {**_colors(extra), **SIZE_COLORS}
    fig = _stacked_area(wide, colors, "share of monthly downloads (%)", "month")
    fig.update_layout(legend={"title": {"text": "parameters"}})
    return _Drawn(fig)


def _size_trend(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    """Download-weighted mean and median parameter count per month, whole Hub and LLMs."""
    scopes = ", ".join(f"'{s}'" for s in TREND_SCOPES)
    df = _df(
        conn,
        f"""
        select month, scope, mean_params::double as mean_params,
               median_params::double as median_params, models::double as models,
               known_share::double as known_share
        from mart_size_trend where scope in ({scopes})
        """,
    )
    if df.empty:
        raise _NoData(f"no rows of scope {' or '.join(TREND_SCOPES)}")
    df = _months(df)
    stats = (("mean_params", "mean"), ("median_params", "median"))
    colors = _colors([label for _, label in stats])
    fig = go.Figure()
    for column, label in stats:
        for scope in TREND_SCOPES:
            part = df[df["scope"] == scope].sort_values("month")
            if part.empty:
                continue
            # In billions; a log axis has no place for a missing or zero count.
            y = [None if pd.isna(v) or v <= 0 else round(v / 1e9, 4) for v in part[column]]
            known = [
                [None if pd.isna(k) else round(k * 100, 1), None if pd.isna(n) else int(n)]
                for k, n in zip(part["known_share"], part["models"], strict=True)
            ]
            fig.add_trace(
                _line(
                    _iso(part["month"]),
                    y,
                    f"{label} · {scope}",
                    colors[label],
                    f"{label} ({scope}): %{{y:.2f}}B · %{{customdata[0]:.0f}}% of downloads "
                    "with a known count (%{customdata[1]:,.0f} models)<extra></extra>",
                    dash=SCOPE_DASH[scope],
                    markers=True,
                    marker={"size": 4},
                    customdata=known,
                )
            )
    _layout(fig, 420)
    fig.update_xaxes(title_text="month", type="date")
    fig.update_yaxes(title_text="parameters (billions, log scale)", type="log")
    return _Drawn(fig)


def _openness_rows(conn: duckdb.DuckDBPyConnection, dimension: str) -> pd.DataFrame:
    df = _df(
        conn,
        f"""
        select month, scope, key, downloads::double as downloads, share::double as share
        from mart_openness_share where dimension = '{dimension}'
        """,
    )
    if df.empty:
        raise _NoData(f"no rows with dimension '{dimension}'")
    return _months(df)


def _license_classes(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    df = _openness_rows(conn, "license_class")
    df = df[df["scope"] == "hub"]
    present = set(df["key"])
    named = [k for k in LICENSE_CLASSES if k in present and k not in ("other", "unknown")]
    extra = sorted(k for k in present if k not in LICENSE_CLASSES)
    tail = [k for k in ("other", "unknown") if k in present]
    wide = _wide(df, "month", "key", "share", named + extra + tail, "")
    colors = {**_colors(extra), **LICENSE_COLORS}
    fig = _stacked_area(wide, colors, "share of monthly downloads (%)", "month")
    fig.update_layout(legend={"title": {"text": "licence class"}})
    return _Drawn(fig)


def _download_openness(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    """Open-source vs open-weight share of downloads by lineage, whole Hub and LLMs."""
    df = _openness_rows(conn, "openness")
    df = df[df["scope"].isin(TREND_SCOPES)]
    present = set(df["key"])
    keys = [k for k in DOWNLOAD_OPENNESS_COLORS if k in present]
    keys += sorted(present - set(keys))
    colors = {**_colors(keys), **DOWNLOAD_OPENNESS_COLORS}
    fig = go.Figure()
    for key in keys:
        for scope in TREND_SCOPES:
            part = df[(df["key"] == key) & (df["scope"] == scope)].sort_values("month")
            if part.empty:
                continue
            fig.add_trace(
                _line(
                    _iso(part["month"]),
                    _percent(part["share"]),
                    f"{key} · {scope}",
                    colors[key],
                    f"{_esc(key)} ({scope}): %{{y:.1f}}% "
                    "(%{customdata:,.0f} downloads)<extra></extra>",
                    dash=SCOPE_DASH[scope],
                    customdata=part["downloads"].round(0).tolist(),
                )
            )
    _layout(fig, 400)
    fig.update_xaxes(title_text="month", type="date")
    fig.update_yaxes(title_text="share of the scope's monthly downloads (%)", range=[0, 100])
    return _Drawn(fig)


def _size_rank(bucket: str) -> tuple[int, str]:
    if bucket in SIZE_ORDER and bucket != "unknown":
        return (SIZE_ORDER.index(bucket), "")
    return (len(SIZE_ORDER) + (1 if bucket == "unknown" else 0), bucket)


def _adoption(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    top = _df(
        conn,
        f"""
        select model_id, coalesce(param_bucket, 'unknown') as param_bucket,
               relative_adoption::double as relative_adoption,
               cumulative_downloads::double as cumulative_downloads
        from mart_adoption_rate
        where scope = 'hub' and age_days = 14 and relative_adoption is not null
        order by relative_adoption desc, model_id
        limit {TOP_ADOPTION}
        """,
    )
    if top.empty:
        raise _NoData("no model has a relative adoption value at 14 days")
    labels = [f"{m} ({b})" for m, b in zip(top["model_id"], top["param_bucket"], strict=True)]
    fig = go.Figure(
        go.Bar(
            x=top["relative_adoption"].round(4).tolist(),
            y=labels,
            orientation="h",
            marker={"color": [SIZE_COLORS.get(b, PALETTE[0]) for b in top["param_bucket"]]},
            marker_line={"color": "#333", "width": 0.5},
            text=[f"{v:.1f}×" for v in top["relative_adoption"]],
            textposition="outside",
            cliponaxis=False,
            customdata=top["cumulative_downloads"].round(0).tolist(),
            hovertemplate=(
                "%{y}<br>%{x:.2f}× its size class's reference"
                "<br>%{customdata:,.0f} downloads by day 14<extra></extra>"
            ),
        )
    )
    _layout(fig, 120 + 28 * len(top), hovermode="closest", showlegend=False)
    fig.update_layout(margin={"l": 20, "r": 60, "t": 20, "b": 60})
    fig.update_xaxes(
        title_text="relative adoption at 14 days (× size-class reference = median of top 10)",
        rangemode="tozero",
    )
    fig.update_yaxes(autorange="reversed", automargin=True)

    best = _df(
        conn,
        """
        select coalesce(param_bucket, 'unknown') as param_bucket, age_days, model_id,
               relative_adoption::double as relative_adoption
        from (
            select *, row_number() over (
                partition by param_bucket, age_days order by relative_adoption desc, model_id
            ) as rn
            from mart_adoption_rate
            where scope = 'hub' and age_days in (7, 14) and relative_adoption is not null
        )
        where rn = 1
        """,
    )
    cells: dict[tuple[str, int], str] = {
        (b, int(a)): f"{_esc(m)} <span class='omw-x'>{r:.1f}×</span>"
        for b, a, m, r in best[
            ["param_bucket", "age_days", "model_id", "relative_adoption"]
        ].itertuples(index=False)
    }
    rows = "".join(
        f"<tr><th scope='row'>{_esc(b)}</th><td>{cells.get((b, 7), '—')}</td>"
        f"<td>{cells.get((b, 14), '—')}</td></tr>"
        for b in sorted({b for b, _ in cells}, key=_size_rank)
    )
    table = (
        "<table class='omw-table' id='table-adoption-top-per-class'>"
        "<caption>Fastest-adopted model per size class (relative adoption, × size-class reference)</caption>"
        "<thead><tr><th scope='col'>size class</th><th scope='col'>at 7 days</th>"
        f"<th scope='col'>at 14 days</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    return _Drawn(fig, table)


def _token_rows(conn: duckdb.DuckDBPyConnection, dimension: str) -> pd.DataFrame:
    df = _df(
        conn,
        f"""
        select week, key, tokens::double as tokens, share::double as share
        from mart_token_share where dimension = '{dimension}'
        """,
    )
    if df.empty:
        raise _NoData(f"no rows with dimension '{dimension}'")
    return _months(df, "week")


def _token_country(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    df = _token_rows(conn, "country")
    keep = _ranked(df, "key", "tokens", TOP_COUNTRIES)
    wide = _wide(df, "week", "key", "share", keep, OTHER_COUNTRIES)
    colors = _colors(list(wide.columns), [OTHER_COUNTRIES])
    fig = _stacked_area(
        wide, colors, "share of weekly open-weight tokens (%)", "week (ISO, starting Monday)"
    )
    return _Drawn(fig)


def _token_family(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    df = _token_rows(conn, "family")
    keep = _ranked(df, "key", "tokens", TOP_FAMILIES)
    wide = _wide(df, "week", "key", "share", keep, "")[keep]  # lines: no remainder series
    colors = _colors(keep)
    fig = go.Figure()
    for family in keep:
        fig.add_trace(
            _line(
                _iso(wide.index),
                _percent(wide[family]),
                family,
                colors[family],
                f"{_esc(family)}: %{{y:.1f}}%<extra></extra>",
            )
        )
    _layout(fig, 420)
    fig.update_xaxes(title_text="week (ISO, starting Monday)", type="date")
    fig.update_yaxes(title_text="share of weekly open-weight tokens (%)", rangemode="tozero")
    return _Drawn(fig)


SCOPE_COUNTRIES = ("CN", "US")


def _country_by_scope(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    """China's and the US's uploader share in each scope: the same trend on the whole Hub,
    on language models only and on the ATOM Project's tracked models."""
    df = _df(
        conn,
        """
        select month, scope, country, share::double as share
        from mart_country_share
        where attribution = 'uploader' and country in ('CN', 'US')
        """,
    )
    if df.empty:
        raise _NoData("no CN or US uploader rows")
    df = _months(df)
    colors = _colors(list(SCOPE_COUNTRIES))
    fig = go.Figure()
    for country in SCOPE_COUNTRIES:
        for scope in SCOPES:
            part = df[(df["country"] == country) & (df["scope"] == scope)].sort_values("month")
            if part.empty:
                continue
            fig.add_trace(
                _line(
                    _iso(part["month"]),
                    _percent(part["share"]),
                    f"{country} · {scope}",
                    colors[country],
                    f"{country} ({scope}): %{{y:.1f}}%<extra></extra>",
                    dash=SCOPE_DASH[scope],
                )
            )
    _layout(fig, 400)
    fig.update_xaxes(title_text="month", type="date")
    fig.update_yaxes(title_text="share of the scope's monthly downloads (%)", rangemode="tozero")
    return _Drawn(fig)


def _cumulative(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    """The stock of downloads by uploader country: tracked models (ATOM's view) when the
    file has them, else the whole Hub."""
    df = _df(
        conn,
        """
        select month, scope, key as country, downloads_all_time::double as downloads
        from mart_cumulative_downloads where dimension = 'country_uploader'
        """,
    )
    if df.empty:
        raise _NoData("no stock rows")
    scope = "tracked" if (df["scope"] == "tracked").any() else "hub"
    df = _months(df[df["scope"] == scope])
    keep = _ranked(df, "country", "downloads", TOP_COUNTRIES)
    wide = _wide(df, "month", "country", "downloads", keep, OTHER_COUNTRIES)
    colors = _colors(list(wide.columns), [OTHER_COUNTRIES])
    fig = go.Figure()
    for country in wide.columns:
        fig.add_trace(
            go.Bar(
                x=_iso(wide.index),
                y=wide[country].round(0).tolist(),
                name=country,
                marker={"color": colors[country]},
                hovertemplate=f"{_esc(country)}: %{{y:,.0f}}<extra></extra>",
            )
        )
    _layout(fig, 420, barmode="stack")
    fig.update_xaxes(title_text=f"month (scope {scope})", type="date")
    fig.update_yaxes(title_text="all-time downloads at the month's last snapshot")
    return _Drawn(fig)


OPENNESS_COLORS = {"open_weight": "#2a9d8f", "closed": "#6c757d", "unknown": "#d9d9d9"}


def _token_openness(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    df = _df(
        conn,
        "select week, openness, tokens::double as tokens, share::double as share "
        "from mart_token_openness",
    )
    if df.empty:
        raise _NoData("no token rows")
    df = _months(df, "week")
    keep = [k for k in OPENNESS_COLORS if k in set(df["openness"])]
    wide = _wide(df, "week", "openness", "share", keep, "")[keep]
    fig = _stacked_area(
        wide,
        {k: OPENNESS_COLORS[k] for k in keep},
        "share of all weekly tokens (%)",
        "week (ISO, starting Monday)",
    )
    return _Drawn(fig)


COVERAGE_MEASURES = (
    "country_uploader",
    "country_lineage",
    "org_type",
    "family",
    "token_openness",
    "token_country",
)


def _coverage(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    df = _df(
        conn,
        "select month, measure, known_share::double as known_share "
        "from mart_attribution_coverage where scope = 'hub'",
    )
    if df.empty:
        raise _NoData("no coverage rows")
    df = _months(df)
    keep = [m for m in COVERAGE_MEASURES if m in set(df["measure"])]
    # A month without tokens has no token coverage: a gap in the line, not 0%.
    wide = df.pivot_table(index="month", columns="measure", values="known_share").sort_index()
    colors = _colors(keep)
    fig = go.Figure()
    for measure in keep:
        fig.add_trace(
            _line(
                _iso(wide.index),
                [None if pd.isna(v) else round(v * 100, 4) for v in wide[measure]],
                measure,
                colors[measure],
                f"{_esc(measure)}: %{{y:.1f}}% attributed<extra></extra>",
                markers=True,
            )
        )
    _layout(fig, 380)
    fig.update_xaxes(title_text="month", type="date")
    fig.update_yaxes(title_text="known share (%)", range=[0, 100])
    return _Drawn(fig)


def _concentration(conn: duckdb.DuckDBPyConnection) -> _Drawn:
    df = _months(
        _df(
            conn,
            """
            select month, participants, hhi::double as hhi, gini::double as gini,
                   top10_share::double as top10_share
            from mart_concentration where scope = 'hub' order by month
            """,
        )
    )
    x = _iso(df["month"])
    participants = df["participants"].astype("int64").tolist()
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Scatter(
            x=x, y=df["gini"].round(5).tolist(), name="Gini (left axis)", mode="lines+markers",
            line={"color": PALETTE[0], "width": 2}, customdata=participants,
            hovertemplate="Gini: %{y:.3f} (%{customdata} uploaders)<extra></extra>",
        ),
        secondary_y=False,
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=x, y=df["hhi"].round(5).tolist(), name="HHI (left axis)", mode="lines+markers",
            line={"color": PALETTE[1], "width": 2},
            hovertemplate="HHI: %{y:.3f}<extra></extra>",
        ),
        secondary_y=False,
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=x, y=_percent(df["top10_share"]),
            name="top-10 uploaders' share (right axis)", mode="lines+markers",
            line={"color": PALETTE[2], "width": 2, "dash": "dot"},
            hovertemplate="top-10 share: %{y:.1f}%<extra></extra>",
        ),
        secondary_y=True,
    )  # fmt: skip
    _layout(fig, 420)
    fig.update_xaxes(title_text="month", type="date")
    fig.update_yaxes(title_text="Gini, HHI (index, 0–1)", range=[0, 1], secondary_y=False)
    fig.update_yaxes(
        title_text="top-10 uploaders' share of monthly downloads (%)",
        range=[0, 100],
        showgrid=False,
        secondary_y=True,
    )
    return _Drawn(fig)


CHARTS: tuple[_Chart, ...] = (
    _Chart(
        "chart-country-share",
        "Country share of downloads, by uploader and by lineage",
        f"Monthly share of Hub downloads by country: top {TOP_COUNTRIES} countries, the rest "
        "summed as “other countries”. Left: the country of whoever uploaded the model. Right: "
        "the country of the base models it is built on (a German quantization of a Chinese "
        "model counts as Chinese).",
        ("mart_country_share",),
        HUB,
        _country_share,
    ),
    _Chart(
        "chart-family-share",
        "Family share of downloads (lineage view)",
        f"Monthly share of Hub downloads by the family of each model's base models: top "
        f"{TOP_FAMILIES} families, stacked; “{OTHER_FAMILIES}” also holds models that match no "
        "family rule.",
        ("mart_family_share",),
        HUB,
        _family_share,
    ),
    _Chart(
        "chart-derivative-share",
        "New derivatives by base family",
        "Which families the fine-tunes, adapters, quantizations and merges created each month "
        "build on (by creation month; a merge of two families counts half to each).",
        ("mart_derivative_share",),
        HUB,
        _derivative_share,
    ),
    _Chart(
        "chart-derivative-kinds",
        "New derivatives by kind",
        "Monthly share of new Hub derivatives by kind (by creation month; each derivative "
        "counts once). A derivative with two or more parents is a merge; with one parent it "
        "takes that parent's relation from its base_model:<relation>:<parent> tag (finetune, "
        f"adapter, quantized; any other word is summed as “{OTHER_RELATIONS}”), and "
        "unspecified when the parent is named only by a bare base_model tag.",
        ("mart_derivative_kinds",),
        HUB,
        _derivative_kinds,
    ),
    _Chart(
        "chart-size-share",
        "Size-class share of downloads",
        "Monthly share of Hub downloads by parameter count (from the model's safetensors "
        "metadata, else its GGUF metadata; “unknown” when the Hub lists neither).",
        ("mart_size_share",),
        HUB,
        _size_share,
    ),
    _Chart(
        "chart-size-trend",
        "Model size trend",
        "The size of the models people download each month, in billions of parameters (log "
        "scale): the mean and the median weighted by downloads, over the models with a known "
        "parameter count (safetensors, else GGUF). The median is the smallest count at which "
        "the cumulative downloads, smallest models first, reach half. Whole Hub (solid) and "
        "language models only (dashed); the hover gives the share of the month's downloads "
        "with a known count.",
        ("mart_size_trend",),
        HUB,
        _size_trend,
    ),
    _Chart(
        "chart-license-classes",
        "Licence class share of downloads",
        "Monthly share of Hub downloads by the class of each model's own licence tag (the "
        "uploader's choice): permissive, restricted or non_commercial; “other” is a licence "
        "the licence seed does not list, “unknown” a model with no licence tag.",
        ("mart_openness_share",),
        HUB,
        _license_classes,
    ),
    _Chart(
        "chart-download-openness",
        "Open source vs open weight downloads",
        "Monthly share of downloads by openness, by lineage: a model's downloads are split "
        "across its roots' families by weight. A family is open_source when its weights, "
        "training data and code are released, open_weight otherwise. Whole Hub (solid) and "
        "language models only (dashed).",
        ("mart_openness_share",),
        HUB,
        _download_openness,
    ),
    _Chart(
        "chart-adoption",
        "Relative adoption leaderboard (14 days)",
        f"The {TOP_ADOPTION} base models with the highest relative adoption at 14 days: "
        "downloads by day 14 divided by the median of the top 10 models of the same size class "
        "at the same age (1.0× = a typical head model of its class).",
        ("mart_adoption_rate",),
        HUB,
        _adoption,
    ),
    _Chart(
        "chart-token-country",
        "Token share by country",
        f"Weekly share of open-weight inference tokens by the country of the model's developer: "
        f"top {TOP_COUNTRIES} countries, the rest summed as “other countries”.",
        ("mart_token_share",),
        OPENROUTER,
        _token_country,
    ),
    _Chart(
        "chart-token-family",
        "Token share by family",
        f"Weekly share of open-weight inference tokens for the top {TOP_FAMILIES} families "
        "(lines; the families not shown make up the rest).",
        ("mart_token_share",),
        OPENROUTER,
        _token_family,
    ),
    _Chart(
        "chart-country-by-scope",
        "China and the US in each scope",
        "Uploader-country share of monthly downloads on the whole Hub (solid), on language "
        "models only (dashed) and on the ATOM Project's tracked models (dotted): whether a lead "
        "holds depends on the universe counted.",
        ("mart_country_share",),
        HUB,
        _country_by_scope,
    ),
    _Chart(
        "chart-cumulative",
        "Stock of downloads by country",
        f"All-time downloads of the tracked models at each month's last snapshot, by the "
        f"uploader's country (top {TOP_COUNTRIES}, the rest summed): the cumulative counts "
        "the ATOM Project reports, not the month's flow.",
        ("mart_cumulative_downloads",),
        HUB,
        _cumulative,
    ),
    _Chart(
        "chart-token-openness",
        "Open-weight vs closed tokens",
        "Weekly share of ALL inference tokens by openness, from the token model catalogue: "
        "open-weight models, closed (API-only) models — open-weight labs' included — and "
        "“unknown” for slugs the catalogue does not list.",
        ("mart_token_openness",),
        OPENROUTER,
        _token_openness,
    ),
    _Chart(
        "chart-attribution-coverage",
        "Attribution coverage",
        "How much of each month's downloads (tokens for the token measures) has a known key: "
        "read a share only as far as its coverage goes. A measure at 60% leaves 40% of the "
        "month in “unknown” or “Other”.",
        ("mart_attribution_coverage",),
        HUB,
        _coverage,
    ),
    _Chart(
        "chart-concentration",
        "Concentration of downloads across uploaders",
        "How concentrated each month's Hub downloads are across uploaders. Gini 0 = all equal, "
        "1 = one takes everything; HHI is 1/n for n equal uploaders and 1 for a monopoly.",
        ("mart_concentration",),
        HUB,
        _concentration,
    ),
)
CHART_IDS: tuple[str, ...] = tuple(c.chart_id for c in CHARTS)


# ---------------------------------------------------------------------------------------------
# page


def _row_counts(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every table or view in schema main of the published file."""
    names = [
        r[0]
        for r in conn.execute(
            """
            select table_name from information_schema.tables
            where table_schema = 'main' and table_catalog = current_database()
            order by table_name
            """
        ).fetchall()
    ]
    wanted = {t for c in CHARTS for t in c.tables} | {"dim_models", *MONTHLY_DOWNLOAD_MARTS}
    counts: dict[str, int] = {}
    for name in names:
        if name in wanted:
            counts[name] = conn.execute(f'select count(*) from main."{name}"').fetchall()[0][0]
    return counts


def _header_facts(conn: duckdb.DuckDBPyConnection, counts: dict[str, int]) -> list[str]:
    facts: list[str] = []
    months: list[pd.Timestamp] = []
    for table in MONTHLY_DOWNLOAD_MARTS:
        if counts.get(table):
            try:
                lo, hi = conn.execute(
                    f"select min(month), max(month) from main.{table}"
                ).fetchall()[0]
            except duckdb.Error:
                continue
            months += [pd.Timestamp(lo), pd.Timestamp(hi)]
    if months:
        facts.append(
            f"<strong>Downloads:</strong> {min(months):%Y-%m} to {max(months):%Y-%m} "
            "(the last month is usually incomplete: compare its shares, not its totals)"
        )
    else:
        facts.append("<strong>Downloads:</strong> no monthly download marts in this file")
    if counts.get("mart_token_share"):
        try:
            lo, hi = conn.execute(
                "select min(week), max(week) from main.mart_token_share"
            ).fetchall()[0]
            facts.append(
                f"<strong>Tokens:</strong> weeks of {pd.Timestamp(lo):%Y-%m-%d} to "
                f"{pd.Timestamp(hi):%Y-%m-%d}"
            )
        except duckdb.Error:
            pass
    if counts.get("dim_models"):
        try:
            total, derivatives, sized = conn.execute(
                """
                select count(*), count(*) filter (where is_derivative),
                       count(*) filter (where param_bucket is not null and param_bucket <> 'unknown')
                from main.dim_models
                """
            ).fetchall()[0]
            facts.append(
                f"<strong>Models:</strong> {total:,} tracked — {total - derivatives:,} base models, "
                f"{derivatives:,} derivatives; {sized:,} with a known parameter count"
            )
        except duckdb.Error:
            facts.append(f"<strong>Models:</strong> {counts['dim_models']:,} tracked")
    else:
        facts.append(
            "<strong>Models:</strong> not available (no <code>dim_models</code> in this file)"
        )
    return facts


HOW_TO_READ = """\
<p>Download figures come from daily snapshots of the Hugging Face Hub: the Hub only publishes each
model's running total, so daily downloads are the differences between snapshots and monthly shares
are sums of those. Every share is a percentage of its month (or week), so the series of one chart add
up to 100%. <em>By uploader</em> credits a model's downloads to its author; <em>by lineage</em> and the
family view credit them to the base models it descends from, split by weight. <code>unknown</code>
means the author is not in the organisation list; the family <code>Other</code> means no family rule
matched. Token shares are over <em>open-weight</em> tokens in the OpenRouter exports, per ISO week.
Hover a chart for values; click a legend entry to hide it, double-click to show it alone. Definitions:
<code>docs/metrics.md</code>; connecting a BI tool to the same tables: <code>docs/bi.md</code>.</p>"""

CSS = """\
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:1200px;margin:0 auto;padding:1.5rem 2rem 3rem}
h1{font-size:1.6rem;margin:.2rem 0 .6rem}
h2{font-size:1.2rem;margin:0 0 .3rem}
header ul{margin:.3rem 0;padding-left:1.2rem}
nav ol{columns:2;margin:.3rem 0}
section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:1rem 1.2rem;margin:1.2rem 0}
.omw-lede{margin:.2rem 0 .6rem;color:#444;max-width:70em}
.omw-source{font-size:.85rem;color:#666;margin:.4rem 0 0}
.omw-chart-skipped{padding:1rem;background:#f4f4f4;border:1px dashed #bbb;color:#555}
.omw-table{border-collapse:collapse;margin-top:1rem;font-size:.9rem}
.omw-table caption{text-align:left;font-weight:600;padding-bottom:.3rem}
.omw-table th,.omw-table td{border:1px solid #ddd;padding:.25rem .6rem;text-align:left}
.omw-table thead th{background:#f0f0f0}
.omw-x{color:#555;white-space:nowrap}
code{font-size:.9em}
footer{font-size:.8rem;color:#777}
"""


def _section(chart: _Chart, body: str, points: int, skipped: bool) -> str:
    source = " ".join(f"<code>{_esc(t)}</code>" for t in chart.tables)
    css = "omw-chart omw-chart-skipped" if skipped else "omw-chart"
    return (
        f"<section aria-labelledby='{chart.chart_id}-title'>"
        f"<h2 id='{chart.chart_id}-title'>{_esc(chart.title)}</h2>"
        f"<p class='omw-lede'>{_esc(chart.lede)}</p>"
        f"<div class='{css}' id='{chart.chart_id}' data-points='{points}'>{body}</div>"
        f"<p class='omw-source'>Source: {source} in the published marts · {_esc(chart.source)}</p>"
        "</section>"
    )


def _render(
    conn: duckdb.DuckDBPyConnection, counts: dict[str, int], chart: _Chart
) -> tuple[str, int]:
    missing = [t for t in chart.tables if t not in counts]
    empty = [t for t in chart.tables if counts.get(t) == 0]
    reason = ""
    if missing:
        reason = f"table {', '.join(missing)} is not in this published file"
    elif empty:
        reason = f"table {', '.join(empty)} is empty"
    else:
        try:
            drawn = chart.draw(conn)
        except _NoData as exc:
            reason = f"{', '.join(chart.tables)}: {exc}"
        except duckdb.Error as exc:  # e.g. a file published before a column existed
            reason = f"{', '.join(chart.tables)} could not be read ({type(exc).__name__}: {exc})"
        else:
            points = _points(drawn.figure)
            if points == 0:
                reason = f"{', '.join(chart.tables)} has no data points for this chart"
            else:
                height = drawn.figure.layout.height or 450
                div = drawn.figure.to_html(
                    full_html=False,
                    include_plotlyjs=False,
                    include_mathjax=False,
                    div_id=f"{chart.chart_id}-plot",
                    config=PLOTLY_CONFIG,
                    default_height=f"{height}px",
                )
                return _section(chart, div + drawn.extra_html, points, skipped=False), points
    body = f"<p>Not shown: {_esc(reason)}.</p>"
    return _section(chart, body, 0, skipped=True), 0


def _page(
    facts: list[str], sections: list[str], nav: list[str], generated: str, source: str
) -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            "<html lang='en'>",
            "<head>",
            "<meta charset='utf-8'>",
            "<meta name='viewport' content='width=device-width, initial-scale=1'>",
            "<title>Open Model Warehouse — report</title>",
            f"<style>{CSS}</style>",
            # Set before plotly.js loads, as plotly's own full-page output does.
            "<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>",
            f"<script type='text/javascript'>{get_plotlyjs()}</script>",
            "</head>",
            "<body><main>",
            "<header>",
            "<h1>Open Model Warehouse — the open model ecosystem</h1>",
            "<ul>",
            *[f"<li>{f}</li>" for f in facts],
            f"<li><strong>Generated:</strong> {_esc(generated)} (UTC) from <code>{_esc(source)}</code></li>",
            "</ul>",
            "<h2>How to read this report</h2>",
            HOW_TO_READ,
            "<nav><ol>",
            *nav,
            "</ol></nav>",
            "</header>",
            *sections,
            "<footer><p>Sources: Hugging Face Hub snapshots; OpenRouter token exports. "
            "This file is self-contained and works offline.</p></footer>",
            "</main></body>",
            "</html>",
        ]
    )


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def build_report(published_db: Path, out_path: Path) -> dict[str, int]:
    """Write the HTML report of `published_db` to `out_path`; returns {chart_id: data points}.

    Every id of `CHART_IDS` is in the result; 0 means the chart was left out (its table is
    missing, empty or unreadable) and the page says why. Only `published_db` is read, through
    a read-only connection.
    """
    published_db, out_path = Path(published_db), Path(out_path)
    if not published_db.is_file():
        raise FileNotFoundError(f"no published marts file at {published_db}")
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    sections: list[str] = []
    nav: list[str] = []
    points: dict[str, int] = {}
    with duckdb.connect(str(published_db), read_only=True) as conn:
        counts = _row_counts(conn)
        facts = _header_facts(conn, counts)
        for chart in CHARTS:
            section, n = _render(conn, counts, chart)
            sections.append(section)
            points[chart.chart_id] = n
            note = "" if n else " <em>(not shown)</em>"
            nav.append(f"<li><a href='#{chart.chart_id}-title'>{_esc(chart.title)}</a>{note}</li>")
    _write_atomic(out_path, _page(facts, sections, nav, generated, published_db.name))
    return points
