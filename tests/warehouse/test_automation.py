"""The automation conditions (docs/operations.md#automation), evaluated as Dagster evaluates them.

Materializations and check results are reported to an ephemeral instance, so
each case costs an evaluation, not a dbt build: a new raw partition, a refused
one, a token file, a code change, and nothing new.
"""

from collections.abc import Iterable

import dagster as dg
import pytest
from dagster_dbt import DagsterDbtTranslatorSettings

from orchestration.assembly import WAREHOUSE_BUILD, build_definitions
from orchestration.hub.assets import (
    RAW_HUB_MODELS,
    RAW_HUB_REJECTS,
    RAW_HUB_SNAPSHOTS,
    hub_snapshot_partitions,
)
from orchestration.tokens.assets import RAW_TOKEN_USAGE
from orchestration.warehouse.dbt import WarehouseTranslator, make_dbt_assets

HUB_CHECKS = [
    dg.AssetCheckKey(key, "hub_snapshot_suite")
    for key in (RAW_HUB_MODELS, RAW_HUB_SNAPSHOTS, RAW_HUB_REJECTS)
]
TOKEN_CHECK = dg.AssetCheckKey(RAW_TOKEN_USAGE, "token_usage_suite")

SEED = dg.AssetKey(["raw", "orgs"])
DAILY = dg.AssetKey(["marts", "fct_downloads_daily"])
TOKEN_STAGING = dg.AssetKey(["staging", "stg_tokens__usage"])
TOKEN_MART = dg.AssetKey(["marts", "mart_token_share"])
# Reads token files only (the token marts also read model sizes from dim_models).
TOKEN_USAGE = dg.AssetKey(["intermediate", "int_tokens__daily_usage"])
PUBLISHED = dg.AssetKey(["serving", "published_marts"])
REPORT = dg.AssetKey(["serving", "report"])


class _Evaluator:
    """Successive evaluations of one definitions object, carrying the cursor like the sensor."""

    def __init__(self, defs: dg.Definitions, instance: dg.DagsterInstance) -> None:
        self.defs, self.instance, self.cursor = defs, instance, None

    def requested(self) -> set[dg.AssetKey]:
        result = dg.evaluate_automation_conditions(
            defs=self.defs,
            instance=self.instance,
            asset_selection=WAREHOUSE_BUILD,
            cursor=self.cursor,
        )
        self.cursor = result.cursor
        graph = self.defs.resolve_asset_graph()
        return {key for key in WAREHOUSE_BUILD.resolve(graph) if result.get_num_requested(key)}

    def materialize(self, keys: Iterable[dg.AssetKey]) -> None:
        for key in keys:
            self.instance.report_runless_asset_event(dg.AssetMaterialization(key))


def _topological(evaluator: _Evaluator):
    order = evaluator.defs.resolve_asset_graph().toposorted_asset_keys
    return order.index


def _land_snapshot(instance: dg.DagsterInstance, day: str, passed: bool) -> None:
    instance.add_dynamic_partitions(hub_snapshot_partitions.name, [day])
    for key in (RAW_HUB_MODELS, RAW_HUB_SNAPSHOTS, RAW_HUB_REJECTS):
        instance.report_runless_asset_event(dg.AssetMaterialization(key, partition=day))
    for check in HUB_CHECKS:
        _check(instance, check, passed)


def _check(instance: dg.DagsterInstance, check: dg.AssetCheckKey, passed: bool) -> None:
    instance.report_runless_asset_event(
        dg.AssetCheckEvaluation(
            asset_key=check.asset_key,
            check_name=check.name,
            passed=passed,
            severity=dg.AssetCheckSeverity.ERROR,
        )
    )


@pytest.fixture
def built(tmp_path):
    """A warehouse whose every asset was built once, after one accepted snapshot."""
    instance = dg.DagsterInstance.ephemeral()
    defs = build_definitions()
    evaluator = _Evaluator(defs, instance)
    _land_snapshot(instance, "2025-01-01", passed=True)
    first = evaluator.requested()
    # Missing assets are built at once, the first evaluation included.
    assert first == WAREHOUSE_BUILD.resolve(defs.resolve_asset_graph())
    evaluator.materialize(defs.resolve_asset_graph().toposorted_asset_keys)
    assert evaluator.requested() == set()
    return evaluator


def test_nothing_new_requests_nothing(built):
    assert built.requested() == set()
    assert built.requested() == set()


def test_a_new_raw_partition_rebuilds_what_reads_it_then_publishes(built):
    _land_snapshot(built.instance, "2025-01-02", passed=True)
    requested = built.requested()
    assert {DAILY, PUBLISHED, REPORT} <= requested
    # Seeds and token models do not read Hub snapshots.
    assert SEED not in requested and TOKEN_STAGING not in requested
    assert TOKEN_USAGE not in requested
    # Built in that order, it is current again.
    built.materialize(sorted(requested, key=_topological(built)))
    assert built.requested() == set()


def test_a_refused_partition_holds_everything_downstream(built):
    _land_snapshot(built.instance, "2025-01-02", passed=False)
    assert built.requested() == set()
    # Accepting it reloads the partition and its gate passes: now it flows.
    _land_snapshot(built.instance, "2025-01-02", passed=True)
    assert {DAILY, PUBLISHED, REPORT} <= built.requested()


def test_a_token_file_rebuilds_the_token_models_only(built):
    built.materialize([RAW_TOKEN_USAGE])
    _check(built.instance, TOKEN_CHECK, passed=True)
    requested = built.requested()
    assert {TOKEN_STAGING, TOKEN_MART, PUBLISHED, REPORT} <= requested
    assert DAILY not in requested and SEED not in requested


def test_a_failed_token_gate_holds_the_token_models(built):
    built.materialize([RAW_TOKEN_USAGE])
    _check(built.instance, TOKEN_CHECK, passed=False)
    assert TOKEN_STAGING not in built.requested()


def test_a_code_change_rebuilds_every_dbt_model(built):
    class NextVersion(WarehouseTranslator):
        def get_code_version(self, dbt_resource_props):
            return "next-version"

    changed = make_dbt_assets(
        NextVersion(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))
    )
    built.defs = build_definitions(dbt_assets=changed)
    requested = built.requested()
    assert {SEED, DAILY, TOKEN_MART, PUBLISHED, REPORT} <= requested
    assert set(changed.keys) <= requested


def test_publishing_waits_when_a_mart_failed(built):
    # A mart's blocking dbt test failed: nothing is published from that build.
    _land_snapshot(built.instance, "2025-01-02", passed=True)
    assert PUBLISHED in built.requested()
    graph = built.defs.resolve_asset_graph()
    failing = next(
        check
        for check in graph.asset_check_keys
        if check.asset_key == DAILY and graph.get_check_spec(check).blocking
    )
    built.materialize([key for key in graph.toposorted_asset_keys if key.path[0] != "serving"])
    _check(built.instance, failing, passed=False)
    assert PUBLISHED not in built.requested()
