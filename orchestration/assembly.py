"""Assembles the Dagster definitions from the sources and the warehouse; no logic.

`orchestration.definitions` is the code location (`defs`, the whole graph). The
CLI's raw loads (`omw import-hub`, `omw import-tokens`) assemble only the raw
sources, with the same asset and check objects, so they do not pay for loading
dagster-dbt and the dbt manifest.
"""

import dagster as dg

from orchestration.resources import WarehousePaths, WarehouseResource
from orchestration.sources import raw_sources
from orchestration.warehouse.automation import BUILD_JOB
from orchestration.writer import dead_run_sensor

__all__ = ["BUILD_JOB", "RAW_LOADS", "WAREHOUSE_BUILD", "build_definitions"]

RAW_LOADS = dg.AssetSelection.assets(*(asset for s in raw_sources() for asset in s.assets))
"""Every source's raw assets: each loads through its own job, sensor or schedule."""

WAREHOUSE_BUILD = dg.AssetSelection.all() - RAW_LOADS
"""Everything downstream of the raw loads: what the automation sensor and `omw build` target."""


def build_definitions(
    paths: WarehousePaths | None = None,
    raw_only: bool = False,
    dbt_assets: dg.AssetsDefinition | None = None,
    manual: bool = False,
) -> dg.Definitions:
    """The whole graph; `raw_only` keeps the raw sources (their jobs, checks and sensors).

    `dbt_assets` and `manual`: see `orchestration.warehouse.definitions.warehouse_definitions`.
    """
    paths = paths or WarehousePaths.from_env()
    parts = [source.defs for source in raw_sources()]
    if not raw_only:
        from orchestration.warehouse.definitions import warehouse_definitions

        parts.append(warehouse_definitions(WAREHOUSE_BUILD, dbt_assets, manual))
    return dg.Definitions.merge(
        *parts,
        dg.Definitions(
            sensors=[dead_run_sensor],
            resources={"warehouse": WarehouseResource(data_dir=str(paths.data_dir))},
            # The graph is a chain (raw -> dbt -> publish -> report) and DuckDB takes one
            # writer at a time: steps in one process save a process start-up per step.
            executor=dg.in_process_executor,
        ),
    )
