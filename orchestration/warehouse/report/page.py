"""The report page: header facts, one section per chart, plotly.js inlined once, an atomic write."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
from plotly.offline import get_plotlyjs

from orchestration.warehouse.report import plotting as plot
from orchestration.warehouse.report.charts import CHARTS, Chart
from orchestration.warehouse.report.plotting import NoData

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
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


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


def _section(chart: Chart, body: str, points: int, skipped: bool) -> str:
    source = " ".join(f"<code>{plot.esc(t)}</code>" for t in chart.tables)
    css = "omw-chart omw-chart-skipped" if skipped else "omw-chart"
    return (
        f"<section aria-labelledby='{chart.chart_id}-title'>"
        f"<h2 id='{chart.chart_id}-title'>{plot.esc(chart.title)}</h2>"
        f"<p class='omw-lede'>{plot.esc(chart.lede)}</p>"
        f"<div class='{css}' id='{chart.chart_id}' data-points='{points}'>{body}</div>"
        f"<p class='omw-source'>Source: {source} in the published marts · {plot.esc(chart.source)}</p>"
        "</section>"
    )


def _render(
    conn: duckdb.DuckDBPyConnection, counts: dict[str, int], chart: Chart
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
        except NoData as exc:
            reason = f"{', '.join(chart.tables)}: {exc}"
        except duckdb.Error as exc:  # e.g. a file published before a column existed
            reason = f"{', '.join(chart.tables)} could not be read ({type(exc).__name__}: {exc})"
        else:
            points = plot.points(drawn.figure)
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
    body = f"<p>Not shown: {plot.esc(reason)}.</p>"
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
            f"<li><strong>Generated:</strong> {plot.esc(generated)} (UTC) from <code>{plot.esc(source)}</code></li>",
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
            nav.append(
                f"<li><a href='#{chart.chart_id}-title'>{plot.esc(chart.title)}</a>{note}</li>"
            )
    _write_atomic(out_path, _page(facts, sections, nav, generated, published_db.name))
    return points
