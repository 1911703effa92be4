"""Charts of the monthly download marts: who gets the downloads (country, family, size), how
large the downloaded models are, the stock of all-time downloads, how concentrated they are."""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from orchestration.warehouse.report import plotting as plot
from orchestration.warehouse.report.plotting import (
    OTHER_COLOR,
    OTHER_COUNTRIES,
    OTHER_FAMILIES,
    OTHER_FAMILY,
    PALETTE,
    SCOPE_DASH,
    SCOPES,
    SIZE_COLORS,
    SIZE_ORDER,
    TOP_COUNTRIES,
    TOP_FAMILIES,
    TREND_SCOPES,
    Drawn,
    NoData,
)


def country_share(conn: duckdb.DuckDBPyConnection) -> Drawn:
    df = plot.months(
        plot.frame(
            conn,
            """
            select month, attribution, country, downloads::double as downloads, share::double as share
            from mart_country_share
            where scope = 'hub' and attribution in ('uploader', 'lineage')
            """,
        )
    )
    if df.empty:
        raise NoData("no rows with attribution 'uploader' or 'lineage'")
    # One set of countries for both panels, so a country keeps its colour.
    keep = plot.ranked(df, "country", "downloads", TOP_COUNTRIES)
    colors = plot.colors([*keep, OTHER_COUNTRIES], [OTHER_COUNTRIES])
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
        wide = plot.wide(part, "month", "country", "share", keep, OTHER_COUNTRIES)
        for country in wide.columns:
            fig.add_trace(
                plot.line(
                    plot.iso(wide.index),
                    plot.percent(wide[country]),
                    country,
                    colors.get(country, OTHER_COLOR),
                    f"{plot.esc(country)}: %{{y:.1f}}%<extra></extra>",
                    markers=True,
                    marker={"size": 4},
                    legendgroup=country,
                    showlegend=country not in shown,
                ),
                row=1,
                col=col,
            )
            shown.add(country)
    plot.layout(fig, 460)
    fig.update_xaxes(title_text="month", type="date")
    fig.update_yaxes(title_text="share of monthly downloads (%)", row=1, col=1, rangemode="tozero")
    return Drawn(fig)


def family_share(conn: duckdb.DuckDBPyConnection) -> Drawn:
    df = plot.months(
        plot.frame(
            conn,
            "select month, family, downloads::double as downloads, share::double as share "
            "from mart_family_share where scope = 'hub'",
        )
    )
    keep = plot.ranked(df, "family", "downloads", TOP_FAMILIES, exclude=[OTHER_FAMILY])
    wide = plot.wide(df, "month", "family", "share", keep, OTHER_FAMILIES)
    colors = plot.colors(list(wide.columns), [OTHER_FAMILIES])
    fig = plot.stacked_area(wide, colors, "share of monthly downloads (%)", "month")
    return Drawn(fig)


def size_share(conn: duckdb.DuckDBPyConnection) -> Drawn:
    df = plot.months(
        plot.frame(
            conn,
            "select month, param_bucket, downloads::double as downloads, share::double as share "
            "from mart_size_share where scope = 'hub'",
        )
    )
    present = list(dict.fromkeys(df["param_bucket"]))
    known = [b for b in SIZE_ORDER if b in present and b != "unknown"]
    extra = sorted(b for b in present if b not in SIZE_ORDER)
    order = known + extra + (["unknown"] if "unknown" in present else [])
    wide = plot.wide(df, "month", "param_bucket", "share", order, "other")
    colors = {**plot.colors(extra), **SIZE_COLORS}
    fig = plot.stacked_area(wide, colors, "share of monthly downloads (%)", "month")
    fig.update_layout(legend={"title": {"text": "parameters"}})
    return Drawn(fig)


def size_trend(conn: duckdb.DuckDBPyConnection) -> Drawn:
    """Download-weighted mean and median parameter count per month, whole Hub and LLMs."""
    scopes = ", ".join(f"'{s}'" for s in TREND_SCOPES)
    df = plot.frame(
        conn,
        f"""
        select month, scope, mean_params::double as mean_params,
               median_params::double as median_params, models::double as models,
               known_share::double as known_share
        from mart_size_trend where scope in ({scopes})
        """,
    )
    if df.empty:
        raise NoData(f"no rows of scope {' or '.join(TREND_SCOPES)}")
    df = plot.months(df)
    stats = (("mean_params", "mean"), ("median_params", "median"))
    colors = plot.colors([label for _, label in stats])
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
                plot.line(
                    plot.iso(part["month"]),
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
    plot.layout(fig, 420)
    fig.update_xaxes(title_text="month", type="date")
    fig.update_yaxes(title_text="parameters (billions, log scale)", type="log")
    return Drawn(fig)


SCOPE_COUNTRIES = ("CN", "US")


def country_by_scope(conn: duckdb.DuckDBPyConnection) -> Drawn:
    """China's and the US's uploader share in each scope: the same trend on the whole Hub,
    on language models only and on the ATOM Project's tracked models."""
    df = plot.frame(
        conn,
        """
        select month, scope, country, share::double as share
        from mart_country_share
        where attribution = 'uploader' and country in ('CN', 'US')
        """,
    )
    if df.empty:
        raise NoData("no CN or US uploader rows")
    df = plot.months(df)
    colors = plot.colors(list(SCOPE_COUNTRIES))
    fig = plot.share_lines_by_scope(
        df,
        "country",
        SCOPE_COUNTRIES,
        SCOPES,
        colors,
        lambda country, scope: f"{country} ({scope}): %{{y:.1f}}%<extra></extra>",
    )
    fig.update_yaxes(title_text="share of the scope's monthly downloads (%)", rangemode="tozero")
    return Drawn(fig)


def cumulative(conn: duckdb.DuckDBPyConnection) -> Drawn:
    """The stock of downloads by uploader country: tracked models (ATOM's view) when the
    file has them, else the whole Hub."""
    df = plot.frame(
        conn,
        """
        select month, scope, key as country, downloads_all_time::double as downloads
        from mart_cumulative_downloads where dimension = 'country_uploader'
        """,
    )
    if df.empty:
        raise NoData("no stock rows")
    scope = "tracked" if (df["scope"] == "tracked").any() else "hub"
    df = plot.months(df[df["scope"] == scope])
    keep = plot.ranked(df, "country", "downloads", TOP_COUNTRIES)
    wide = plot.wide(df, "month", "country", "downloads", keep, OTHER_COUNTRIES)
    colors = plot.colors(list(wide.columns), [OTHER_COUNTRIES])
    fig = go.Figure()
    for country in wide.columns:
        fig.add_trace(
            go.Bar(
                x=plot.iso(wide.index),
                y=wide[country].round(0).tolist(),
                name=country,
                marker={"color": colors[country]},
                hovertemplate=f"{plot.esc(country)}: %{{y:,.0f}}<extra></extra>",
            )
        )
    plot.layout(fig, 420, barmode="stack")
    fig.update_xaxes(title_text=f"month (scope {scope})", type="date")
    fig.update_yaxes(title_text="all-time downloads at the month's last snapshot")
    return Drawn(fig)


def concentration(conn: duckdb.DuckDBPyConnection) -> Drawn:
    df = plot.months(
        plot.frame(
            conn,
            """
            select month, participants, hhi::double as hhi, gini::double as gini,
                   top10_share::double as top10_share
            from mart_concentration where scope = 'hub' order by month
            """,
        )
    )
    x = plot.iso(df["month"])
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
            x=x, y=plot.percent(df["top10_share"]),
            name="top-10 uploaders' share (right axis)", mode="lines+markers",
            line={"color": PALETTE[2], "width": 2, "dash": "dot"},
            hovertemplate="top-10 share: %{y:.1f}%<extra></extra>",
        ),
        secondary_y=True,
    )  # fmt: skip
    plot.layout(fig, 420)
    fig.update_xaxes(title_text="month", type="date")
    fig.update_yaxes(title_text="Gini, HHI (index, 0–1)", range=[0, 1], secondary_y=False)
    fig.update_yaxes(
        title_text="top-10 uploaders' share of monthly downloads (%)",
        range=[0, 100],
        showgrid=False,
        secondary_y=True,
    )
    return Drawn(fig)
