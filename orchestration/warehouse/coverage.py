"""Attribution coverage: how much of a share is attributed before anyone quotes it.

`mart_attribution_coverage` (docs/metrics.md#attribution-coverage) is built by
dbt; this module adds what a person reading the numbers needs around it: a
non-blocking check that warns when the latest month's uploader-country coverage
falls below a threshold, the lines `omw status` prints, and the list of the
authors that still fall in `unknown` (`omw unknown-authors`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.resources import WRITER_POOL, WarehouseResource, connect

COVERAGE_MART = dg.AssetKey(["marts", "mart_attribution_coverage"])
THRESHOLD_ENV = "OMW_COVERAGE_THRESHOLD"
DEFAULT_THRESHOLD = 0.8


def coverage_threshold() -> float:
    return float(os.environ.get(THRESHOLD_ENV) or DEFAULT_THRESHOLD)


def latest_coverage(conn: duckdb.DuckDBPyConnection, schema: str) -> list[tuple]:
    """(month, measure, known_share) of the latest month each measure has, scope `hub`."""
    return conn.execute(
        f"""
        select month, measure, known_share
        from {schema}.mart_attribution_coverage
        where scope = 'hub'
        qualify month = max(month) over (partition by measure)
        order by measure
        """
    ).fetchall()


@dg.asset_check(
    asset=COVERAGE_MART,
    name="uploader_country_coverage",
    blocking=False,
    pool=WRITER_POOL,
    description=(
        "Warns (never blocks) when less than OMW_COVERAGE_THRESHOLD (default 0.8) of the "
        "latest month's downloads have a known uploader country: country shares then "
        "describe only part of the Hub. Add the authors `omw unknown-authors` lists to the "
        "orgs seed."
    ),
)
def uploader_country_coverage(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    threshold = coverage_threshold()
    with warehouse.connect(read_only=True) as conn:
        rows = conn.execute(
            """
            select month, known_share from marts.mart_attribution_coverage
            where scope = 'hub' and measure = 'country_uploader'
            order by month desc limit 1
            """
        ).fetchall()
    if not rows:
        return dg.AssetCheckResult(
            passed=True, description="no downloads yet", metadata={"threshold": threshold}
        )
    month, share = rows[0]
    return dg.AssetCheckResult(
        passed=share >= threshold,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            f"{share:.1%} of {month:%Y-%m} downloads have a known uploader country "
            f"(threshold {threshold:.0%})"
        ),
        metadata={"month": str(month), "known_share": float(share), "threshold": threshold},
    )


@dataclass
class UnknownAuthor:
    author: str
    downloads: float
    share: float
    models: int


def unknown_authors(published: Path, limit: int = 30) -> tuple[str | None, list[UnknownAuthor]]:
    """The authors with unknown country holding the most downloads in the latest month
    of the published marts, with their share of that month's downloads."""
    with connect(published, read_only=True) as conn:
        month = conn.execute(
            "select max(date_trunc('month', date))::date from fct_downloads_daily"
        ).fetchone()[0]
        if month is None:
            return None, []
        rows = conn.execute(
            """
            with month_downloads as (
                select d.model_id, sum(d.downloads) as downloads
                from fct_downloads_daily as d
                where date_trunc('month', d.date) = $1
                group by all
            ), total as (select sum(downloads) as total from month_downloads)
            select coalesce(m.author, '(no author: ' || m.model_id || ')') as author,
                   sum(md.downloads) as downloads,
                   sum(md.downloads) / any_value(total.total) as share,
                   count(*) as models
            from month_downloads as md
            join dim_models as m using (model_id)
            cross join total
            where m.country = 'unknown'
            group by all
            order by downloads desc, author
            limit $2
            """,
            [month, limit],
        ).fetchall()
    return str(month)[:7], [UnknownAuthor(*row) for row in rows]
