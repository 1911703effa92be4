"""The code location as `dagster dev` shows it: one connected, grouped, described graph."""

import importlib.metadata
import re
import subprocess

import dagster as dg

from orchestration.definitions import BUILD_JOB, HUB_IMPORT_JOB, defs
from orchestration.warehouse.dbt import BUILD_EXECUTABLE, dbt_resource

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


def test_every_dbt_source_is_a_raw_asset_of_a_registered_source():
    """A dbt source with no Python asset behind it would be a gap in the graph."""
    import json

    from orchestration.assembly import RAW_LOADS
    from orchestration.warehouse.dbt import ensure_manifest

    manifest = json.loads(ensure_manifest().read_text())
    dbt_sources = {dg.AssetKey(["raw", source["name"]]) for source in manifest["sources"].values()}
    graph = _graph()
    raw_keys = RAW_LOADS.resolve(graph)
    assert dbt_sources and dbt_sources <= raw_keys
    assert all(graph.get(key).group_name == "raw" for key in raw_keys)


def test_every_source_loads_through_a_job_and_the_build_leaves_raw_loads_to_them():
    from orchestration.assembly import RAW_LOADS, WAREHOUSE_BUILD
    from orchestration.sources import raw_sources

    graph = _graph()
    build = WAREHOUSE_BUILD.resolve(graph)
    assert not build & RAW_LOADS.resolve(graph)
    for source in raw_sources():
        keys = {key for asset in source.assets for key in asset.keys}
        jobs = [defs.resolve_job_def(job.name) for job in source.defs.jobs or []]
        assert any(keys & set(job.asset_layer.selected_asset_keys) for job in jobs), keys
        for check in source.gates:
            assert check in graph.asset_check_keys, check


def test_create_raw_tables_makes_every_table_the_dbt_sources_read(tmp_path):
    """dbt builds before a source's first load: its raw tables must exist, empty."""
    import json

    import duckdb

    from orchestration.sources import create_raw_tables
    from orchestration.warehouse.dbt import ensure_manifest

    manifest = json.loads(ensure_manifest().read_text())
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as conn:
        create_raw_tables(conn)
        create_raw_tables(conn)  # idempotent: every build calls it
        tables = {
            (schema, name)
            for schema, name in conn.execute(
                "select schema_name, table_name from duckdb_tables()"
            ).fetchall()
        }
    wanted = {(s["schema"], s["identifier"] or s["name"]) for s in manifest["sources"].values()}
    assert wanted <= tables


def test_the_build_executable_reports_the_installed_dbt_and_runs_dbt_itself():
    """`omw-dbt` answers `--version` from package metadata (docs/operations.md#dbt-start-up)
    in the shape dagster-dbt reads, and hands every other command to dbt."""

    assert dbt_resource().dbt_executable == str(BUILD_EXECUTABLE)
    shown = subprocess.run(
        [str(BUILD_EXECUTABLE), "--version"], capture_output=True, text=True, check=True
    ).stdout
    first = re.search(r"(\d+\.\d+\.\d+)", shown).group(1)
    assert first == importlib.metadata.version("dbt-core")
    assert f"duckdb: {importlib.metadata.version('dbt-duckdb')}" in shown
    # Anything else is dbt's own command line: its help lists dbt's commands.
    helped = subprocess.run(
        [str(BUILD_EXECUTABLE), "--help"], capture_output=True, text=True, check=False
    )
    assert helped.returncode == 0, helped.stderr
    assert "build" in helped.stdout and "parse" in helped.stdout
