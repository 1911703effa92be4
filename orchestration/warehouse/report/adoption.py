"""The relative adoption leaderboard: base models adopted fastest against their size class."""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go

from orchestration.warehouse.report import plotting as plot
from orchestration.warehouse.report.plotting import PALETTE, SIZE_COLORS, SIZE_ORDER, Drawn, NoData

TOP_ADOPTION = 15


def _size_rank(bucket: str) -> tuple[int, str]:
    if bucket in SIZE_ORDER and bucket != "unknown":
        return (SIZE_ORDER.index(bucket), "")
    return (len(SIZE_ORDER) + (1 if bucket == "unknown" else 0), bucket)


def adoption(conn: duckdb.DuckDBPyConnection) -> Drawn:
    top = plot.frame(
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
        raise NoData("no model has a relative adoption value at 14 days")
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
    plot.layout(fig, 120 + 28 * len(top), hovermode="closest", showlegend=False)
    fig.update_layout(margin={"l": 20, "r": 60, "t": 20, "b": 60})
    fig.update_xaxes(
        title_text="relative adoption at 14 days (× size-class reference = median of top 10)",
        rangemode="tozero",
    )
    fig.update_yaxes(autorange="reversed", automargin=True)

    best = plot.frame(
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
        (b, int(a)): f"{plot.esc(m)} <span class='omw-x'>{r:.1f}×</span>"
        for b, a, m, r in best[
            ["param_bucket", "age_days", "model_id", "relative_adoption"]
        ].itertuples(index=False)
    }
    rows = "".join(
        f"<tr><th scope='row'>{plot.esc(b)}</th><td>{cells.get((b, 7), '—')}</td>"
        f"<td>{cells.get((b, 14), '—')}</td></tr>"
        for b in sorted({b for b, _ in cells}, key=_size_rank)
    )
    table = (
        "<table class='omw-table' id='table-adoption-top-per-class'>"
        "<caption>Fastest-adopted model per size class (relative adoption, × size-class reference)</caption>"
        "<thead><tr><th scope='col'>size class</th><th scope='col'>at 7 days</th>"
        f"<th scope='col'>at 14 days</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    return Drawn(fig, table)
