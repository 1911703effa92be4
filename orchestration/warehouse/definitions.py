"""The warehouse: dbt models, their checks, publish and report, the build job and its sensor."""

import dagster as dg

from orchestration.warehouse.automation import BUILD_JOB, automation_sensor, for_manual_builds
from orchestration.warehouse.coverage import uploader_country_coverage
from orchestration.warehouse.dbt import dbt_resource, warehouse_dbt_models
from orchestration.warehouse.publish import published_marts, published_report


def warehouse_definitions(
    target: dg.AssetSelection,
    dbt_assets: dg.AssetsDefinition | None = None,
    manual: bool = False,
) -> dg.Definitions:
    """Everything downstream of the raw loads; `target` is that selection (the build job's).

    `dbt_assets` replaces the dbt project's assets (tests give them another code version);
    `manual` gives the conditions `omw build` evaluates (failed assets are tried again).
    """
    built = [dbt_assets or warehouse_dbt_models, published_marts, published_report]
    if manual:
        built = dg.map_asset_specs(
            lambda spec: spec.replace_attributes(
                automation_condition=for_manual_builds(spec.automation_condition)
            ),
            built,
        )
    build_job = dg.define_asset_job(
        BUILD_JOB,
        selection=target,
        description=(
            "Seeds, staging, intermediate and marts with their tests, then publish. Each "
            "source's raw loads are jobs of their own."
        ),
    )
    return dg.Definitions(
        assets=built,
        asset_checks=[uploader_country_coverage],
        jobs=[build_job],
        sensors=[automation_sensor(target)],
        resources={"dbt": dbt_resource()},
    )
