"""The code location as `dagster dev` shows it: one connected, grouped, described graph."""

import dagster as dg

from orchestration.definitions import BUILD_JOB, HUB_IMPORT_JOB, defs

GROUPS = {"raw", "reference", "staging", "intermediate", "marts", "serving"}


def _graph():
    return defs.resolve_asset_graph()


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)
    assert {job.name for job in defs.resolve_all_job_defs()} >= {HUB_IMPORT_JOB, BUILD_JOB}


def test_every_asset_is_grouped_and_described():
    graph = _graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.group_name in GROUPS, key
        assert node.description and node.description.strip(), (
            f"{key.to_user_string()} has no description"
        )


def test_raw_feeds_staging_and_publish_waits_for_every_mart():
    graph = _graph()
    staging = graph.get(dg.AssetKey(["staging", "stg_hub__model_snapshots"]))
    assert dg.AssetKey(["raw", "hub_models"]) in staging.parent_keys
    publish = graph.get(dg.AssetKey(["serving", "published_marts"]))
    marts = {key for key in graph.get_all_asset_keys() if key.path[0] == "marts"}
    assert marts and marts <= set(publish.parent_keys)
    required = {
        "dim_models",
        "fct_downloads_daily",
        "mart_size_share",
        "mart_country_share",
        "mart_family_share",
        "mart_derivative_lineage",
        "mart_derivative_share",
        "mart_org_type_share",
        "mart_concentration",
    }
    assert {key.path[1] for key in marts} >= required


def test_checks_gate_raw_and_marts():
    checks = _graph().asset_check_keys
    by_asset = {}
    for check in checks:
        by_asset.setdefault(check.asset_key.path[0], set()).add(check.name)
    assert "hub_snapshot_suite" in by_asset["raw"]
    assert any("shares_sum_to_one" in name for name in by_asset["marts"])
    assert any("unique_combination" in name for name in by_asset["marts"])
    assert any("assert_latest_snapshot_counts" in name for name in by_asset["staging"])


def test_production_builds_skip_dbt_unit_tests_and_the_suite_runs_them(monkeypatch):
    from orchestration.warehouse.dbt import UNIT_TESTS_ENV, dbt_build_args

    monkeypatch.delenv(UNIT_TESTS_ENV, raising=False)
    assert dbt_build_args() == ["build", "--exclude-resource-type", "unit_test"]
    assert dbt_build_args(full_refresh=True)[:2] == ["build", "--full-refresh"]
    monkeypatch.setenv(UNIT_TESTS_ENV, "1")
    assert dbt_build_args() == ["build"]
    assert dbt_build_args(full_refresh=True) == ["build", "--full-refresh"]
