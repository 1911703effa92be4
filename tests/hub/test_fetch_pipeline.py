"""`omw fetch-hub`, the dataset backfill and the daily schedule through the real definitions,
against a local fake Hub served to the real huggingface_hub client (HF_ENDPOINT)."""

from datetime import UTC, date, datetime

import dagster as dg
from typer.testing import CliRunner

from orchestration import runs
from orchestration.cli import app
from orchestration.hub.schedules import daily_hub_snapshot
from orchestration.resources import connect
from tests.hub.fake_hub import FakeHub, make_models
from tests.hub.test_live import offline_client  # noqa: F401  (autouse: no real token, no real sleeps)

SECRET = "hf_pipelineSECRETtoken987"
DAY = "2026-03-04"


def _all_bytes_under(root) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_fetch_hub_loads_the_served_listing_and_never_leaks_the_token(
    data_dir, monkeypatch, caplog
):
    models = make_models(600, seed=3)
    runner = CliRunner()
    with FakeHub(models, page_size=100, fault_rate=0.1, seed=5) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
        monkeypatch.setenv("HF_TOKEN", SECRET)
        result = runner.invoke(app, ["fetch-hub", "--date", DAY])
        auth = {r.headers.get("authorization") for r in hub.listing_requests()}
    assert result.exit_code == 0, result.output
    assert auth == {f"Bearer {SECRET}"}
    with connect(data_dir.warehouse) as conn:
        stored = conn.execute(
            "select model_id, downloads_all_time from raw.hub_models where snapshot_date = ?", [DAY]
        ).fetchall()
        status = conn.execute("select status, scope from raw.hub_snapshots").fetchall()
    assert sorted(stored) == sorted((m["id"], m["downloadsAllTime"]) for m in models)
    assert status == [("accepted", "all")]
    assert SECRET not in result.output
    assert SECRET not in caplog.text
    assert SECRET.encode() not in _all_bytes_under(data_dir.data_dir)


def test_dropped_connection_exits_non_zero_and_leaves_no_partition(data_dir, monkeypatch):
    instance = runs.get_instance(data_dir)
    with FakeHub(make_models(500, seed=4), page_size=100, drop_after_page=2) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
        result = CliRunner().invoke(app, ["fetch-hub", "--date", DAY])
    assert result.exit_code != 0
    assert "connection dropped" in result.output
    assert (
        not list(data_dir.hub_landing.glob("hub_models_*"))
        if data_dir.hub_landing.exists()
        else True
    )
    assert not instance.has_dynamic_partition("hub_snapshot_date", DAY)


def test_backfill_from_a_dataset_repository_gives_one_partition_per_date(
    data_dir, monkeypatch, tmp_path
):
    import pyarrow as pa
    import pyarrow.parquet as pq

    def dump(count: int) -> bytes:
        rows = make_models(count, seed=11)
        table = pa.table(
            {
                "id": [m["id"] for m in rows],
                "author": [m.get("author") for m in rows],
                "createdAt": [m["createdAt"] for m in rows],
                "downloadsAllTime": [m["downloadsAllTime"] for m in rows],
                "tags": [m.get("tags", []) for m in rows],
            }
        )
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        return sink.getvalue().to_pybytes()

    with FakeHub() as hub:
        # Dumps taken after every fake model was created (the fake creates up to 2025-12).
        for day, count in (("2026-01-01", 100), ("2026-01-02", 110), ("2026-01-03", 120)):
            hub.add_dataset_commit(
                "someone/hub-stats",
                {"models.parquet": dump(count)},
                date=datetime.fromisoformat(f"{day}T06:00:00+00:00"),
            )
        monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
        outcome = runs.backfill_hub("someone/hub-stats", data_dir, runs.get_instance(data_dir))
    assert outcome.success, outcome.failures
    with connect(data_dir.warehouse) as conn:
        counts = conn.execute(
            "select snapshot_date, count(*) from raw.hub_models group by 1 order by 1"
        ).fetchall()
    assert counts == [(date(2026, 1, 1), 100), (date(2026, 1, 2), 110), (date(2026, 1, 3), 120)]


def test_daily_schedule_requests_the_ticks_utc_date(data_dir, monkeypatch):
    monkeypatch.setenv("OMW_FETCH_AUTHORS", "Qwen,deepseek-ai")
    instance = runs.get_instance(data_dir)
    tick = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)
    context = dg.build_schedule_context(instance=instance, scheduled_execution_time=tick)
    request = daily_hub_snapshot(context)
    assert request.partition_key == "2026-03-04"
    assert request.tags["omw/live_fetch"] == "true"
    assert '"authors": ["Qwen", "deepseek-ai"]' in request.tags["omw/scope"]
    assert instance.has_dynamic_partition("hub_snapshot_date", "2026-03-04")
