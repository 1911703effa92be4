"""Assembles the Dagster definitions: assets, checks, jobs, sensors and resources; no logic.

`orchestration.definitions` is the code location (`defs`, the whole graph). The
CLI's raw loads (`omw import-hub`, `omw import-tokens`) assemble only the raw
assets, with the same asset and check objects, so they do not pay for loading
dagster-dbt and the dbt manifest.
"""

import dagster as dg

from orchestration.hub.assets import raw_hub_snapshots
from orchestration.hub.checks import hub_snapshot_suite
from orchestration.hub.schedules import HUB_IMPORT_JOB, daily_hub_snapshot
from orchestration.resources import WarehousePaths, WarehouseResource
from orchestration.tokens.assets import (
    TOKEN_INGEST_JOB,
    raw_token_usage,
    token_inbox_sensor,
    token_usage_suite,
)
from orchestration.writer import dead_run_sensor

BUILD_JOB = "warehouse_build"

# Everything downstream of the raw loads: what the automation sensor and `omw build` target.
WAREHOUSE_BUILD = dg.AssetSelection.all() - dg.AssetSelection.assets(
    raw_hub_snapshots, raw_token_usage
)


def build_definitions(
    paths: WarehousePaths | None = None,
    raw_only: bool = False,
    dbt_assets: dg.AssetsDefinition | None = None,
    manual: bool = False,
) -> dg.Definitions:
    """The whole graph; `raw_only` keeps the raw loads (their jobs, checks and sensor).

    `dbt_assets` replaces the dbt project's assets (tests give them another code version);
    `manual` gives the conditions `omw build` evaluates (failed assets are tried again).
    """
    paths = paths or WarehousePaths.from_env()
    hub_import = dg.define_asset_job(
        HUB_IMPORT_JOB,
        selection=dg.AssetSelection.assets(raw_hub_snapshots),
        description="Load recorded or fetched Hub snapshot partitions with their gate.",
    )
    token_ingest = dg.define_asset_job(
        TOKEN_INGEST_JOB,
        selection=dg.AssetSelection.assets(raw_token_usage),
        description="Load token-usage exports waiting in the inbox, with their gate.",
    )
    assets: list = [raw_hub_snapshots, raw_token_usage]
    jobs = [hub_import, token_ingest]
    resources: dict = {"warehouse": WarehouseResource(data_dir=str(paths.data_dir))}
    sensors: list = [token_inbox_sensor, dead_run_sensor]
    if not raw_only:
        from orchestration.warehouse.automation import automation_sensor, for_manual_builds
        from orchestration.warehouse.dbt import dbt_resource, warehouse_dbt_models
        from orchestration.warehouse.publish import published_marts, published_report

        built = [dbt_assets or warehouse_dbt_models, published_marts, published_report]
        if manual:
            built = dg.map_asset_specs(
                lambda spec: spec.replace_attributes(
                    automation_condition=for_manual_builds(spec.automation_condition)
                ),
                built,
            )
        assets += built
        jobs.append(
            dg.define_asset_job(
                BUILD_JOB,
                selection=WAREHOUSE_BUILD,
                description=(
                    "Seeds, staging, intermediate and marts with their tests, then publish. Raw "
                    "loads are their own jobs (hub_snapshot_import, token_ingest)."
                ),
            )
        )
        sensors.append(automation_sensor(WAREHOUSE_BUILD))
        resources["dbt"] = dbt_resource()
    checks: list = [hub_snapshot_suite, token_usage_suite]
    if not raw_only:
        from orchestration.warehouse.coverage import uploader_country_coverage

        checks.append(uploader_country_coverage)
    return dg.Definitions(
        assets=assets,
        asset_checks=checks,
        jobs=jobs,
        sensors=sensors,
        schedules=[daily_hub_snapshot],
        resources=resources,
        # The graph is a chain (raw -> dbt -> publish -> report) and DuckDB takes one
        # writer at a time: steps in one process save a process start-up per step.
        executor=dg.in_process_executor,
    )
