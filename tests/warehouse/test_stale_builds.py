"""`omw build` materializes what Dagster's automation conditions call stale, and nothing else.

A day with a new Hub snapshot rebuilds everything downstream of the raw Hub
tables; the seeds, the reference views and the token models, unchanged since
the last successful build, are left as they are (docs/operations.md#automation).
"""

import hashlib

import dagster as dg
import pytest

from orchestration import runs
from orchestration.assembly import BUILD_JOB, WAREHOUSE_BUILD, build_definitions
from orchestration.resources import connect
from orchestration.warehouse.automation import evaluate_stale
from tests.conftest import hub_line, write_snapshot

MODELS = [f"org{i % 7}/model-{i}" for i in range(120)]

SEED = dg.AssetKey(["raw", "orgs"])
OTHER_SEED = dg.AssetKey(["raw", "param_buckets"])
TOKEN_MART = dg.AssetKey(["marts", "mart_token_share"])
# Reads token files only (the token marts also read model sizes from dim_models).
TOKEN_USAGE = dg.AssetKey(["intermediate", "int_tokens__daily_usage"])
DAILY = dg.AssetKey(["marts", "fct_downloads_daily"])
PUBLISHED = dg.AssetKey(["serving", "published_marts"])


def _snapshot(day: int) -> list[dict]:
    return [
        hub_line(model_id, "2024-12-01", 1000 + 10 * i + day * (i % 5), params=(i + 1) * 10**8)
        for i, model_id in enumerate(MODELS)
    ]


def _digest(paths) -> str:
    return hashlib.sha256(paths.published_marts.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(module_data_dir, tmp_path_factory):
    source = tmp_path_factory.mktemp("hub")
    for day in (1, 2, 3):
        write_snapshot(source, f"2025-01-0{day}", _snapshot(day))
    instance = runs.get_instance(module_data_dir)
    assert runs.import_hub(source, module_data_dir, instance).success
    outcome = runs.build(module_data_dir, instance)
    assert outcome.success, outcome.failures
    return module_data_dir, instance, tmp_path_factory


def _materialized_in(instance, run_id: str) -> set[dg.AssetKey]:
    records = instance.get_records_for_run(
        run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION
    ).records
    return {record.event_log_entry.dagster_event.asset_key for record in records}


def _stale(paths, instance, defs: dg.Definitions | None = None) -> set[dg.AssetKey]:
    """What `omw build` would materialize now (the evaluation is not kept)."""
    defs = defs or build_definitions(paths, manual=True)
    return set(evaluate_stale(defs, instance, WAREHOUSE_BUILD).keys)


def test_a_build_with_nothing_new_runs_nothing(built):
    paths, instance, _ = built
    before, runs_before = _digest(paths), len(instance.get_runs())
    outcome = runs.build(paths, instance)
    assert outcome.success and outcome.runs == []
    assert any("nothing is stale" in note for note in outcome.notes)
    assert len(instance.get_runs()) == runs_before
    assert _digest(paths) == before


def test_a_new_snapshot_rebuilds_what_depends_on_it_only(built):
    paths, instance, factory = built
    later = factory.mktemp("later")
    write_snapshot(later, "2025-01-04", _snapshot(4))
    assert runs.import_hub(later, paths, instance).success
    stale = _stale(paths, instance)
    assert {DAILY, PUBLISHED} <= stale
    assert SEED not in stale and TOKEN_USAGE not in stale
    outcome = runs.build(paths, instance)
    assert outcome.success, outcome.failures
    [run_id] = outcome.runs
    materialized = _materialized_in(instance, run_id)
    assert DAILY in materialized and PUBLISHED in materialized
    assert SEED not in materialized and TOKEN_USAGE not in materialized
    with connect(paths.published_marts, read_only=True) as conn:
        assert str(conn.execute("select max(date) from fct_downloads_daily").fetchone()[0]) == (
            "2025-01-04"
        )
        # A mart the run left alone is still published.
        assert conn.execute("select count(*) from mart_token_share").fetchone() == (0,)
    assert _stale(paths, instance) == set()


def _next_project_version(paths) -> dg.Definitions:
    """The definitions as they load after any edit of the dbt project (a new code version)."""
    from dagster_dbt import DagsterDbtTranslatorSettings

    from orchestration.warehouse.dbt import WarehouseTranslator, make_dbt_assets

    class NextVersion(WarehouseTranslator):
        def get_code_version(self, dbt_resource_props):
            return "another project"

    settings = DagsterDbtTranslatorSettings(enable_asset_checks=True)
    return build_definitions(
        paths, dbt_assets=make_dbt_assets(NextVersion(settings=settings)), manual=True
    )


def test_an_edit_right_after_a_build_that_ran_makes_every_model_stale(built):
    """The last build ran (the test above), so the next evaluation sees its
    materializations and the new code at once: the code change must win."""
    paths, instance, _ = built
    everything = _stale(paths, instance, _next_project_version(paths))
    assert {SEED, OTHER_SEED, TOKEN_MART, DAILY, PUBLISHED} <= everything


def test_a_failed_build_is_asked_for_again(built, monkeypatch):
    paths, instance, factory = built
    later = factory.mktemp("failing")
    write_snapshot(later, "2025-01-05", _snapshot(5))
    assert runs.import_hub(later, paths, instance).success
    before = _digest(paths)

    from orchestration.warehouse import publish

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(publish, "publish_marts", broken)
    failed = runs.build(paths, instance)
    assert not failed.success
    assert any("disk full" in failure for failure in failed.failures)
    assert _digest(paths) == before
    monkeypatch.undo()
    # Nothing new landed, but the failed build's work is still owed.
    retried = runs.build(paths, instance)
    assert retried.success, retried.failures
    assert PUBLISHED in _materialized_in(instance, retried.runs[-1])
    assert _digest(paths) != before
    assert runs.build(paths, instance).runs == []


def test_a_new_dbt_project_version_makes_every_model_stale(built):
    from dagster_dbt import DagsterDbtTranslatorSettings

    from orchestration.warehouse.dbt import WarehouseTranslator, make_dbt_assets

    paths, instance, _ = built

    class NextVersion(WarehouseTranslator):
        def get_code_version(self, dbt_resource_props):
            return "another project"

    # The build's cursor saw the current version; another one changes every node.
    from orchestration.warehouse.automation import CURSOR_KEY

    stored = instance.run_storage.get_cursor_values({CURSOR_KEY}).get(CURSOR_KEY)
    defs = build_definitions(paths, manual=True)
    result = dg.evaluate_automation_conditions(
        defs=defs,
        instance=instance,
        asset_selection=WAREHOUSE_BUILD,
        cursor=dg.deserialize_value(stored),
    )

    def show(r, depth=0):
        print(
            "  " * depth,
            r.condition.get_label() or r.condition.name,
            r.true_subset.size,
            getattr(r, "timing_metadata", None),
        )
        for c in r.child_results:
            show(c, depth + 1)

    for r in result.results:
        if r.key == dg.AssetKey(["serving", "report"]):
            show(r)
    assert runs.build(paths, instance).runs == []
    settings = DagsterDbtTranslatorSettings(enable_asset_checks=True)
    changed = build_definitions(
        paths, dbt_assets=make_dbt_assets(NextVersion(settings=settings)), manual=True
    )
    everything = _stale(paths, instance, changed)
    assert {SEED, OTHER_SEED, TOKEN_MART, DAILY, PUBLISHED} <= everything
    assert BUILD_JOB in {job.name for job in changed.resolve_all_job_defs()}
