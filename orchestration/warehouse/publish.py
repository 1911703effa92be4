"""Publish the checked marts for readers: `serving/marts.duckdb` and Parquet files.

Readers only ever see a complete set that passed every check: the asset runs
only after all mart models and their blocking tests succeeded, writes aside and
renames into place, so a BI tool holding the old file open keeps reading it.
"""

import os
from pathlib import Path

import dagster as dg

from orchestration.resources import WRITER_POOL, WarehouseResource, connect
from orchestration.warehouse.dbt import MART_KEYS

PUBLISHED_MARTS = dg.AssetKey(["serving", "published_marts"])

# DuckDB 1.x readers (the drivers BI tools bundle) cannot open DuckDB 2.0's
# default storage format; v1.0.0 is readable by every DuckDB since 1.0.
PUBLISHED_STORAGE_VERSION = "v1.0.0"


def _sql_literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def publish_marts(warehouse_path: Path, serving_dir: Path) -> dict[str, int]:
    """Copy every table of schema `marts` into the serving file and Parquet; returns row counts."""
    parquet_dir = serving_dir / "parquet"
    parquet_dir.mkdir(parents=True, exist_ok=True)
    final_db = serving_dir / "marts.duckdb"
    staging_db = serving_dir / f".marts.duckdb.{os.getpid()}.tmp"
    staging_db.unlink(missing_ok=True)
    row_counts: dict[str, int] = {}
    staged_parquet: dict[str, Path] = {}
    with connect(Path(":memory:")) as conn:
        conn.execute(f"attach {_sql_literal(warehouse_path)} as warehouse (read_only)")
        conn.execute(
            f"attach {_sql_literal(staging_db)} as published (storage_version '{PUBLISHED_STORAGE_VERSION}')"
        )
        tables = [
            row[0]
            for row in conn.execute(
                """
                select table_name from duckdb_tables()
                where database_name = 'warehouse' and schema_name = 'marts'
                order by table_name
                """
            ).fetchall()
        ]
        for table in tables:
            conn.execute(
                f'create table published.main."{table}" as select * from warehouse.marts."{table}"'
            )
            row_counts[table] = conn.execute(
                f'select count(*) from published.main."{table}"'
            ).fetchone()[0]
            parquet_tmp = parquet_dir / f".{table}.parquet.tmp"
            conn.execute(
                f'copy warehouse.marts."{table}" to {_sql_literal(parquet_tmp)} (format parquet)'
            )
            staged_parquet[table] = parquet_tmp
        conn.execute("checkpoint published")
        conn.execute("detach published")
        conn.execute("detach warehouse")
    os.replace(staging_db, final_db)
    for table, tmp in staged_parquet.items():
        os.replace(tmp, parquet_dir / f"{table}.parquet")
    for stale in parquet_dir.glob("*.parquet"):
        if stale.stem not in row_counts:
            stale.unlink()
    return row_counts


@dg.asset(
    key=PUBLISHED_MARTS,
    deps=MART_KEYS,
    group_name="serving",
    pool=WRITER_POOL,
    kinds={"duckdb", "parquet"},
    owners=["team:data-engineering"],
    description=(
        "Every table of schema `marts`, published atomically to `serving/marts.duckdb` "
        "(schema `main`, DuckDB 1.x-compatible storage) and `serving/parquet/<table>.parquet`. "
        "Runs only when every mart and its blocking checks succeeded; otherwise readers keep "
        "the last good version."
    ),
)
def published_marts(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    row_counts = publish_marts(warehouse.paths.warehouse, warehouse.paths.serving)
    context.log.info(f"published {len(row_counts)} marts to {warehouse.paths.published_marts}")
    previews = {}
    with connect(warehouse.paths.published_marts, read_only=True) as conn:
        for table in row_counts:
            sample = conn.execute(f'select * from "{table}" limit 5').df()
            previews[f"preview_{table}"] = dg.MetadataValue.md(sample.to_markdown(index=False))
    table = "\n".join(
        ["| table | rows |", "|---|---|"] + [f"| {t} | {n:,} |" for t, n in row_counts.items()]
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(warehouse.paths.published_marts)),
            "tables": len(row_counts),
            "row_counts": dg.MetadataValue.md(table),
            **previews,
        }
    )


@dg.asset(
    key=dg.AssetKey(["serving", "report"]),
    deps=[PUBLISHED_MARTS],
    group_name="serving",
    kinds={"html", "plotly"},
    owners=["team:data-engineering"],
    description=(
        "`serving/report.html`: a self-contained page (plotly inlined, readable offline) with "
        "country, family, new-derivative, size and token shares, the adoption leaderboard and "
        "concentration, rebuilt from the published marts after each publish."
    ),
)
def published_report(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    from orchestration.warehouse.report import build_report

    points = build_report(warehouse.paths.published_marts, warehouse.paths.report)
    context.log.info(f"report written to {warehouse.paths.report}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(warehouse.paths.report)),
            "charts": sum(1 for n in points.values() if n),
            "data_points": dg.MetadataValue.json(points),
        }
    )
