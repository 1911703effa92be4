"""`omw build` materializes what is stale or missing, and nothing else (contract section 1).

A day with a new Hub snapshot rebuilds everything downstream of the raw Hub
tables; the seeds, the reference views and the token models, unchanged since
the last successful build, are left as they are.
"""

import hashlib

import dagster as dg
import pytest

from orchestration import runs
from orchestration.assembly import BUILD_JOB, build_definitions
from orchestration.resources import connect
from orchestration.warehouse.dbt import project_fingerprint
from tests.conftest import hub_line, write_snapshot

MODELS = [f"org{i % 7}/model-{i}" for i in range(120)]

SEED = dg.AssetKey(["raw", "orgs"])
OTHER_SEED = dg.AssetKey(["raw", "param_buckets"])
TOKEN_MART = dg.AssetKey(["marts", "mart_token_share"])
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


def _stale(paths, instance, fingerprint: str | None = None) -> set[dg.AssetKey]:
    defs = build_definitions(paths)
    return set(runs.stale_or_missing(defs, instance, paths, fingerprint or project_fingerprint()))


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
    assert SEED not in stale and TOKEN_MART not in stale
    outcome = runs.build(paths, instance)
    assert outcome.success, outcome.failures
    [run_id] = outcome.runs
    materialized = _materialized_in(instance, run_id)
    assert DAILY in materialized and PUBLISHED in materialized
    assert SEED not in materialized and TOKEN_MART not in materialized
    with connect(paths.published_marts, read_only=True) as conn:
        assert str(conn.execute("select max(date) from fct_downloads_daily").fetchone()[0]) == (
            "2025-01-04"
        )
        # A mart the run left alone is still published.
        assert conn.execute("select count(*) from mart_token_share").fetchone() == (0,)
    assert _stale(paths, instance) == set()


def test_missing_published_files_make_publishing_stale(built):
    paths, instance, _ = built
    parquet = paths.published_parquet
    assert _stale(paths, instance) == set()
    parquet.rename(parquet.with_name("parquet.moved"))
    try:
        # Publishing, and the report drawn from what it published.
        assert _stale(paths, instance) == {PUBLISHED, dg.AssetKey(["serving", "report"])}
    finally:
        parquet.with_name("parquet.moved").rename(parquet)


def test_only_build_runs_that_succeeded_count(built):
    paths, instance, _ = built
    assert _stale(paths, instance) == set()
    # A run that failed leaves what it materialized stale (its checks may not
    # all have passed), and everything downstream of that.
    [last] = instance.get_runs(limit=1)
    assert last.job_name == BUILD_JOB
    materialized = _materialized_in(instance, last.run_id)
    assert DAILY in materialized
    instance.report_run_failed(last)
    stale = _stale(paths, instance)
    assert materialized <= stale and PUBLISHED in stale
    assert SEED not in stale


def test_a_missing_relation_or_another_project_makes_assets_stale(built):
    paths, instance, _ = built
    everything = _stale(paths, instance, fingerprint="another project")
    assert {SEED, OTHER_SEED, TOKEN_MART, DAILY, PUBLISHED} <= everything
    with connect(paths.warehouse) as conn:
        conn.execute('drop table "raw"."orgs"')
    stale = _stale(paths, instance)
    # The dropped seed and what reads it (the reference view, the marts with a
    # country, the token share), but not a seed that is still there.
    assert SEED in stale and dg.AssetKey(["staging", "stg_reference__orgs"]) in stale
    assert TOKEN_MART in stale and PUBLISHED in stale
    assert OTHER_SEED not in stale
