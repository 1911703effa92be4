"""Live snapshots and backfill through the REAL huggingface_hub client against a fake Hub.

Nothing here reaches the network: every test runs ``tests/hub/fake_hub.py`` on
127.0.0.1 and hands its address to the client as ``endpoint=`` (``HF_ENDPOINT`` is
read by ``huggingface_hub`` at import, so it cannot be pointed at a per-test port).
All waits - the client's own retries and ours - are recorded instead of slept.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import time
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from huggingface_hub import constants as hf_constants
from huggingface_hub.utils import _http as hf_http

from orchestration.hub import backfill, client, live, retry
from orchestration.hub.live import ListingScope, fetch_snapshot
from orchestration.hub.retry import HubFetchError
from orchestration.hub.snapshots import load_snapshot
from tests.hub.fake_hub import FakeHub, make_models

DAY = date(2025, 3, 4)
TOKEN = "hf_testSECRETtoken123"
LINE_FIELDS = (
    "id", "author", "createdAt", "downloads", "downloadsAllTime", "likes",
    "pipeline_tag", "library_name", "tags", "safetensors", "gguf", "baseModels",
)  # fmt: skip


class _RecordingTime:
    """Stands in for the ``time`` module inside huggingface_hub.utils._http: sleeps are recorded."""

    def __init__(self, sleeps: list[float]) -> None:
        self._sleeps = sleeps

    def sleep(self, seconds: float) -> None:
        self._sleeps.append(seconds)

    def __getattr__(self, name: str):
        return getattr(time, name)


@pytest.fixture(autouse=True)
def offline_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """No real token, cache or proxy; every wait recorded instead of slept."""
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_ENDPOINT", "HF_OIDC_RESOURCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf_home"))
    monkeypatch.setattr(hf_constants, "HF_TOKEN_PATH", str(tmp_path / "hf_home" / "token"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    waits = SimpleNamespace(client=[], ours=[])
    monkeypatch.setattr(hf_http, "time", _RecordingTime(waits.client))
    monkeypatch.setattr(retry, "_sleep", waits.ours.append)
    return waits


@pytest.fixture(scope="module")
def models() -> list[dict]:
    return make_models(2500, seed=7)


def read_jsonl_gz(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def expected_line(model: dict) -> dict:
    return {k: model[k] for k in LINE_FIELDS if k in model}


def leftovers(landing: Path) -> list[str]:
    return sorted(
        p.name for p in landing.rglob("*") if p.name.startswith(".") or "partial" in p.name
    )


# --------------------------------------------------------------------------- scope
def test_scope_keys_are_canonical():
    assert ListingScope().key() == "all"
    assert ListingScope(sort="downloads").key() == "all"  # sorting a full listing changes nothing
    scope = ListingScope(
        authors=("deepseek-ai", "Qwen", "deepseek-ai", " "),
        pipeline_tag="text-generation",
        limit=1000,
    )
    assert scope.authors == ("Qwen", "deepseek-ai")
    assert scope.key() == "author=Qwen,author=deepseek-ai;pipeline_tag=text-generation;limit=1000"
    assert scope == ListingScope(
        authors=("Qwen", "deepseek-ai"), pipeline_tag="text-generation", limit=1000
    )
    assert ListingScope(authors="Qwen").key() == "author=Qwen"
    assert ListingScope(limit=10, sort="downloads").key() == "sort=downloads;limit=10"
    assert ListingScope(pipeline_tag="text-generation").key() == "pipeline_tag=text-generation"
    for bad in (0, -1, True, 2.5):
        with pytest.raises(ValueError):
            ListingScope(limit=bad)
    with pytest.raises(ValueError):
        ListingScope(authors=("a;b",))


def test_expand_fields_are_accepted_by_the_installed_client():
    from typing import get_args

    from huggingface_hub.hf_api import ExpandModelProperty_T

    allowed = set(get_args(ExpandModelProperty_T))
    assert set(live.EXPAND) <= allowed
    assert {"downloadsAllTime", "createdAt", "safetensors", "gguf", "tags", "baseModels"} <= set(
        live.EXPAND
    )


# --------------------------------------------------------------------------- live listing
def test_stored_partition_equals_the_served_listing(tmp_path, models):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / f"hub_models_{DAY}.jsonl").write_text("{}\n")  # an earlier import of that date
    reports = []
    with FakeHub(models, page_size=100) as hub:
        path = fetch_snapshot(
            landing,
            DAY,
            ListingScope(),
            endpoint=hub.endpoint,
            progress=lambda *a: reports.append(a),
        )
        listing = hub.listing_requests()

    assert path == landing / f"hub_models_{DAY}.jsonl.gz"
    lines = read_jsonl_gz(path)
    assert [line["id"] for line in lines] == [m["id"] for m in models]
    assert lines == [expected_line(m) for m in models]
    assert lines[0]["createdAt"].endswith("Z") and len(lines[0]["createdAt"]) == 24

    assert len(listing) == 25 and all(r.status == 200 for r in listing)
    assert sorted(listing[0].query["expand"]) == sorted(live.EXPAND)
    assert all("cursor" in r.query for r in listing[1:])  # followed the Link header

    meta = json.loads((landing / f"hub_models_{DAY}.meta.json").read_text())
    assert meta["scope"] == "all" and meta["models"] == 2500
    assert meta["endpoint"] == hub.endpoint and meta["fetched_at"].endswith("Z")
    # the new file replaced the date's partition: one file per date, nothing half-written
    assert sorted(p.name for p in landing.iterdir()) == [path.name, f"hub_models_{DAY}.meta.json"]
    assert (
        reports
        and reports[-1][1] == 2500
        and [r[1] for r in reports] == sorted(r[1] for r in reports)
    )

    conn = duckdb.connect()
    conn.execute("set TimeZone = 'UTC'")
    loaded = load_snapshot(conn, path, DAY, meta["scope"])
    assert (loaded.lines, loaded.rejected_lines, loaded.models) == (2500, 0, 2500)
    # `gguf` is expanded and stored: GGUF-only repositories get their parameter count
    counts = dict(conn.execute("select model_id, gguf_params from raw.hub_models").fetchall())
    served = {m["id"]: m["gguf"]["total"] for m in models if "gguf" in m}
    assert served and {k: v for k, v in counts.items() if v is not None} == served


def test_injected_rate_limits_and_server_errors_are_survived(tmp_path, models, offline_client):
    landing = tmp_path / "landing"
    with FakeHub(models, page_size=100, fault_rate=0.1, seed=9, retry_after="0") as hub:
        path = fetch_snapshot(landing, DAY, ListingScope(), endpoint=hub.endpoint)
        listing = hub.listing_requests()

    assert [line["id"] for line in read_jsonl_gz(path)] == [m["id"] for m in models]
    statuses = [r.status for r in listing]
    assert 429 in statuses and 503 in statuses
    assert statuses.count(200) == 25  # every page served once, the faults retried
    # the client itself retried: Retry-After 0 -> it waits 0 + 1 s; a bare 503 -> 1 s, 2 s …
    assert len(offline_client.client) == len(listing) - 25
    assert 1.0 in offline_client.client
    assert offline_client.ours == []  # absorbed by the client's own retries


def test_outage_longer_than_the_client_retries_restarts_the_listing(
    tmp_path, models, offline_client
):
    landing = tmp_path / "landing"
    with FakeHub(models, page_size=100) as hub:
        # the 5th listing request and the 9 after it fail: the client's 6 tries at page 5
        # run out, ours restarts the listing (after Retry-After), whose page 1 survives 4 more.
        hub.schedule_outage(start=5, count=10, status=503, retry_after="7")
        path = fetch_snapshot(
            landing, DAY, ListingScope(), endpoint=hub.endpoint, backoff_base=0.01
        )
        listing = hub.listing_requests()

    assert [line["id"] for line in read_jsonl_gz(path)] == [m["id"] for m in models]
    assert len(offline_client.ours) == 1 and offline_client.ours[0] >= 7.0  # Retry-After honoured
    first_pages = [r for r in listing if "cursor" not in r.query]
    assert len(first_pages) == 1 + 5  # the restart, retried by the client through the outage
    assert json.loads((landing / f"hub_models_{DAY}.meta.json").read_text())["models"] == 2500
    assert leftovers(landing) == []


def test_permanently_dropped_connection_writes_nothing(tmp_path, models, offline_client):
    landing = tmp_path / "landing"
    landing.mkdir()
    older = landing / f"hub_models_{DAY}.jsonl.gz"
    older.write_bytes(gzip.compress(b'{"id": "old/model"}\n'))
    before = older.read_bytes()
    with FakeHub(models, page_size=100, drop_after_page=3) as hub:
        with pytest.raises(HubFetchError) as caught:
            fetch_snapshot(landing, DAY, ListingScope(), endpoint=hub.endpoint, max_attempts=3)
        listing = hub.listing_requests()

    message = str(caught.value)
    assert "\n" not in message
    assert "after 3 attempts" in message and "connection dropped" in message
    assert "stopped after 300 models" in message
    assert older.read_bytes() == before  # the older file of that date is untouched
    assert not (landing / f"hub_models_{DAY}.meta.json").exists()
    assert sorted(p.name for p in landing.iterdir()) == [older.name]  # no partial left
    dropped = [r for r in listing if r.status == "dropped"]
    assert len(dropped) == 3 * 6  # 3 attempts x (1 try + 5 client retries) at page 4
    assert len(offline_client.ours) == 2


def test_a_stalled_hub_times_out_and_is_retried(tmp_path, models, offline_client):
    import huggingface_hub

    client.configure_request_timeout(0.3)
    try:
        with FakeHub(models[:500], page_size=100) as hub:
            hub.schedule_stall(start=3, count=1, seconds=3.0)
            started = time.monotonic()
            path = fetch_snapshot(tmp_path / "landing", DAY, ListingScope(), endpoint=hub.endpoint)
            elapsed = time.monotonic() - started
            statuses = [r.status for r in hub.listing_requests()]
    finally:
        huggingface_hub.set_client_factory(hf_http.default_client_factory)
    assert statuses == [200, 200, "stalled", 200, 200, 200]  # the client retried the read timeout
    assert elapsed < 2.0  # gave up on the stalled page after 0.3 s, not when the server hung up
    assert len(read_jsonl_gz(path)) == 500


def test_first_fetch_failure_leaves_an_empty_landing_dir(tmp_path, models):
    landing = tmp_path / "landing"
    dropped = r"after 1 attempt \(stopped after 0 models\): connection dropped"
    with (
        FakeHub(models, page_size=100, drop_after_page=0) as hub,
        pytest.raises(HubFetchError, match=dropped),
    ):
        fetch_snapshot(landing, DAY, ListingScope(), endpoint=hub.endpoint, max_attempts=1)
    assert list(landing.iterdir()) == []


def test_the_token_is_sent_but_never_shown_or_stored(tmp_path, models, monkeypatch, capfd, caplog):
    monkeypatch.setenv("HF_TOKEN", TOKEN)  # the client reads it itself (token=None)
    monkeypatch.setattr(hf_constants, "HF_DEBUG", True)  # the client's most verbose logging
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="huggingface_hub")
    landing = tmp_path / "landing"
    messages = []
    with FakeHub(models, page_size=100, fault_rate=0.1, seed=5) as hub:
        fetch_snapshot(landing, DAY, ListingScope(), endpoint=hub.endpoint)
        hub.drop_after_page = 2
        for token in (None, TOKEN):
            with pytest.raises(HubFetchError) as caught:
                fetch_snapshot(landing, date(2025, 3, 5), ListingScope(), token=token,
                               endpoint=hub.endpoint, max_attempts=2)  # fmt: skip
            messages += [str(caught.value), repr(caught.value), repr(caught.value.__cause__)]
        sent = {r.headers.get("authorization") for r in hub.requests}

    assert sent == {f"Bearer {TOKEN}"}
    out, err = capfd.readouterr()
    seen = [out, err, caplog.text, *messages]
    seen += [str(r.args) + str(r.msg) + str(r.exc_info) for r in caplog.records]
    assert any("attempt 1/2 failed" in text for text in seen)  # we did log, masked
    for text in seen:
        assert TOKEN not in text
    for path in [p for p in landing.rglob("*") if p.is_file()]:
        data = path.read_bytes()
        assert TOKEN.encode() not in data, path
        if path.name.endswith(".gz"):
            assert TOKEN.encode() not in gzip.decompress(data), path


def test_messages_are_masked_even_if_the_server_echoes_the_token(tmp_path, monkeypatch):
    class EchoingHub(FakeHub):
        pass

    landing = tmp_path / "landing"
    with EchoingHub([], page_size=100) as hub:
        # an unknown expand field is a 400 whose server message we keep; make it carry the token
        monkeypatch.setattr(live, "EXPAND", [*live.EXPAND, TOKEN])
        with pytest.raises(HubFetchError) as caught:
            fetch_snapshot(landing, DAY, ListingScope(), token=TOKEN, endpoint=hub.endpoint)
    message = str(caught.value)
    assert "HTTP 400" in message and "after 1 attempt" in message  # a 400 is not retried
    assert TOKEN not in message and "***" in message
    assert caught.value.__cause__ is None  # the original error (holding the token) is not chained
    assert list(landing.iterdir()) == []


def test_author_scope_sends_author_and_deduplicates(tmp_path, models):
    landing = tmp_path / "landing"
    scope = ListingScope(
        authors=("deepseek-ai", "Qwen", "qwen"), pipeline_tag="text-generation", limit=40
    )
    with FakeHub(models, page_size=25) as hub:
        path = fetch_snapshot(landing, DAY, scope, endpoint=hub.endpoint)
        listing = hub.listing_requests()

    firsts = [r for r in listing if "cursor" not in r.query]
    assert sorted(r.query["author"][0] for r in firsts) == ["Qwen", "deepseek-ai", "qwen"]
    assert all(
        r.query["pipeline_tag"] == ["text-generation"] and r.query["limit"] == ["40"]
        for r in firsts
    )
    assert len(listing) == 6  # 40 models at 25 per page: 2 pages per author

    def first_40(author: str) -> list[str]:
        picked = [m for m in models if m["author"].lower() == author.lower()]
        return [m["id"] for m in picked if m.get("pipeline_tag") == "text-generation"][:40]

    ids = [line["id"] for line in read_jsonl_gz(path)]
    assert ids == first_40("Qwen") + first_40("deepseek-ai")  # "qwen" repeated "Qwen": deduplicated
    meta = json.loads((landing / f"hub_models_{DAY}.meta.json").read_text())
    assert (
        meta["scope"]
        == "author=Qwen,author=deepseek-ai,author=qwen;pipeline_tag=text-generation;limit=40"
    )
    assert meta["models"] == 80
    assert leftovers(landing) == []


def test_sorted_limited_scope(tmp_path, models):
    landing = tmp_path / "landing"
    with FakeHub(models, page_size=100) as hub:
        path = fetch_snapshot(
            landing, DAY, ListingScope(limit=10, sort="downloads"), endpoint=hub.endpoint
        )
        listing = hub.listing_requests()
    assert len(listing) == 1 and listing[0].query["sort"] == ["downloads"]
    top = sorted(models, key=lambda m: m["downloads"], reverse=True)[:10]
    assert [line["id"] for line in read_jsonl_gz(path)] == [m["id"] for m in top]


def test_an_empty_listing_is_not_a_snapshot(tmp_path, models):
    landing = tmp_path / "landing"
    with (
        FakeHub(models, page_size=100) as hub,
        pytest.raises(HubFetchError, match="returned no models"),
    ):
        fetch_snapshot(landing, DAY, ListingScope(authors=("nobody",)), endpoint=hub.endpoint)
    assert list(landing.iterdir()) == []


# --------------------------------------------------------------------------- backfill
DUMP_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("author", pa.string()),
        ("createdAt", pa.timestamp("ms", tz="UTC")),
        ("downloads", pa.int64()),
        ("downloadsAllTime", pa.int64()),
        ("likes", pa.int64()),
        ("pipeline_tag", pa.string()),
        ("library_name", pa.string()),
        ("tags", pa.list_(pa.string())),
        (
            "safetensors",
            pa.struct([("parameters", pa.map_(pa.string(), pa.int64())), ("total", pa.int64())]),
        ),
        (
            "gguf",
            pa.struct(
                [
                    ("total", pa.int64()),
                    ("architecture", pa.string()),
                    ("context_length", pa.int64()),
                ]
            ),
        ),
    ]
)


def dump(models: list[dict], day: int) -> bytes:
    """A Hub metadata dump (hub-stats shape) of ``models`` as of a day: counts grow daily."""
    rows = []
    for m in models:
        st = m.get("safetensors")
        rows.append(
            {
                "id": m["id"],
                "author": m["author"],
                "createdAt": datetime.fromisoformat(m["createdAt"].replace("Z", "+00:00")),
                "downloads": m["downloads"],
                "downloadsAllTime": m["downloadsAllTime"] + day * 1000,
                "likes": m["likes"],
                "pipeline_tag": m.get("pipeline_tag"),
                "library_name": m.get("library_name"),
                "tags": m["tags"],
                "safetensors": None
                if st is None
                else {"parameters": list(st["parameters"].items()), "total": st["total"]},
                "gguf": m.get("gguf"),
            }
        )
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=DUMP_SCHEMA), sink)
    return sink.getvalue()


def at(day: int, hour: int) -> datetime:
    return datetime(2025, 1, day, hour, 30, tzinfo=UTC)


def check_partition(path: Path, models: list[dict], day: int, revision: str | None = None) -> None:
    table = pq.read_table(path)
    assert table.column("id").to_pylist() == [m["id"] for m in models]
    assert table.column("downloadsAllTime").to_pylist() == [
        m["downloadsAllTime"] + day * 1000 for m in models
    ]
    meta = json.loads(path.with_name(path.name.split(".")[0] + ".meta.json").read_text())
    assert meta["scope"] == "all" and meta["models"] == len(models) and meta["source"] == "backfill"
    if revision is not None:
        assert meta["revision"] == revision


def test_backfill_from_daily_commits_of_models_parquet(tmp_path, models, offline_client):
    sample = models[:300]
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "hub_models_2025-01-02.jsonl.gz").write_bytes(gzip.compress(b"{}\n"))  # replaced
    with FakeHub(
        commits_page_size=2, fault_rate=0.1, seed=1, fault_paths=("/api/datasets/",)
    ) as hub:
        repo = "stats/hub-stats"
        hub.add_dataset_commit(repo, {"README.md": b"# dumps\n"}, at(1, 1), "init")
        day1 = hub.add_dataset_commit(repo, {"models.parquet": dump(sample[:100], 1)}, at(1, 23))
        hub.add_dataset_commit(
            repo, {"models.parquet": dump(sample[:150], 99)}, at(2, 6)
        )  # superseded
        day2 = hub.add_dataset_commit(repo, {"models.parquet": dump(sample[:200], 2)}, at(2, 22))
        hub.add_dataset_commit(repo, {"README.md": b"# dumps, daily\n"}, at(3, 12), "docs only")
        day4 = hub.add_dataset_commit(
            repo, {"models.parquet": dump(sample, 4), "datasets.parquet": b"PAR1"}, at(4, 0)
        )
        reports = []
        paths = backfill.backfill_from_dataset(
            repo, landing, endpoint=hub.endpoint, token=TOKEN, progress=lambda *a: reports.append(a)
        )
        authenticated = list(hub.requests)
        later = backfill.backfill_from_dataset(
            repo,
            tmp_path / "later",
            endpoint=hub.endpoint,
            since=date(2025, 1, 2),
            until=date(2025, 1, 3),
        )
        requests = list(hub.requests)

    assert [p.name for p in paths] == [
        "hub_models_2025-01-01.parquet", "hub_models_2025-01-02.parquet", "hub_models_2025-01-04.parquet",
    ]  # fmt: skip
    check_partition(paths[0], sample[:100], 1, day1)
    check_partition(paths[1], sample[:200], 2, day2)  # the day's latest commit
    check_partition(paths[2], sample, 4, day4)  # day 3 did not change the file: no snapshot
    assert [p.name for p in later] == ["hub_models_2025-01-02.parquet"]
    assert not (landing / "hub_models_2025-01-02.jsonl.gz").exists()
    assert sorted(p.name for p in landing.iterdir() if not p.name.endswith(".meta.json")) == [
        p.name for p in paths
    ]  # no .cache, no partial
    assert [r[:2] for r in reports] == [(1, 3), (2, 3), (3, 3)]
    assert any(r.status in (429, 503) for r in requests)  # survived faults on the dataset API
    assert any(r.path.startswith(f"/datasets/{repo}/resolve/{day2}/") for r in requests)
    assert {r.headers.get("authorization") for r in authenticated} == {f"Bearer {TOKEN}"}
    assert {r.headers.get("authorization") for r in requests[len(authenticated) :]} == {None}

    conn = duckdb.connect()
    conn.execute("set TimeZone = 'UTC'")
    loaded = load_snapshot(conn, paths[2], date(2025, 1, 4))
    assert (loaded.rejected_lines, loaded.models) == (0, 300)
    with_params = conn.execute(
        "select count(*) from raw.hub_models where params is not null"
    ).fetchone()[0]
    assert with_params == sum(1 for m in sample if m.get("safetensors"))
    # GGUF-only repositories keep their GGUF count beside (not in) the safetensors one
    gguf = conn.execute(
        "select model_id, gguf_params from raw.hub_models where gguf_params is not null order by 1"
    ).fetchall()
    assert gguf == sorted((m["id"], m["gguf"]["total"]) for m in sample if m.get("gguf"))
    assert gguf


def test_backfill_from_one_file_per_date(tmp_path, models):
    sample = models[:120]
    landing = tmp_path / "landing"
    with FakeHub(tree_page_size=3) as hub:
        repo = "someone/model-dumps"
        hub.add_dataset_commit(
            repo,
            {
                "README.md": b"daily dumps\n",
                "models/2025-01-01.parquet": dump(sample[:40], 1),
                "models/2025-01-02.parquet": dump(sample[:80], 2),
                "datasets/2025-01-02.parquet": b"not models",
            },
            at(3, 1),
        )
        head = hub.add_dataset_commit(
            repo, {"models/2025-01-05.parquet": dump(sample, 5)}, at(5, 2)
        )
        paths = backfill.backfill_from_dataset(repo, landing, endpoint=hub.endpoint)
        bounded = backfill.backfill_from_dataset(
            repo,
            tmp_path / "bounded",
            endpoint=hub.endpoint,
            since=date(2025, 1, 2),
            until=date(2025, 1, 4),
        )
        with pytest.raises(HubFetchError, match="no models.parquet"):
            backfill.backfill_from_dataset(
                repo, tmp_path / "other", endpoint=hub.endpoint, revision_mode="commits"
            )

    assert [p.name for p in paths] == [
        "hub_models_2025-01-01.parquet", "hub_models_2025-01-02.parquet", "hub_models_2025-01-05.parquet",
    ]  # fmt: skip
    check_partition(paths[0], sample[:40], 1, head)
    check_partition(paths[1], sample[:80], 2, head)
    check_partition(paths[2], sample, 5, head)
    assert [p.name for p in bounded] == ["hub_models_2025-01-02.parquet"]
    assert not (tmp_path / "other").exists() or leftovers(tmp_path / "other") == []


def test_dated_file_selection():
    assert backfill.dated_files(
        ["a/2025-01-02.parquet", "b_2025-01-03.parquet", "x/2025-13-01.parquet"]
    ) == {
        date(2025, 1, 2): "a/2025-01-02.parquet",
        date(2025, 1, 3): "b_2025-01-03.parquet",
    }
    # beside other dumps, only the ones about models count
    assert backfill.dated_files(
        [
            "datasets/2025-01-02.parquet",
            "hub_models_2025-01-02.parquet",
            "models/2025-01-03.parquet",
        ]
    ) == {
        date(2025, 1, 2): "hub_models_2025-01-02.parquet",
        date(2025, 1, 3): "models/2025-01-03.parquet",
    }
    assert backfill.dated_files(["models.parquet", "2025-01-02.csv"]) == {}
    with pytest.raises(HubFetchError, match="two dated files"):
        backfill.dated_files(["a/2025-01-02.parquet", "b/2025-01-02.parquet"])


def test_backfill_refuses_a_dump_without_the_required_columns(tmp_path):
    sink = io.BytesIO()
    pq.write_table(pa.table({"id": ["a/b"], "downloads": [1]}), sink)
    landing = tmp_path / "landing"
    with FakeHub() as hub:
        hub.add_dataset_commit("x/dumps", {"models.parquet": sink.getvalue()}, at(1, 1))
        with pytest.raises(
            HubFetchError, match="lacks the required column.*createdAt, downloadsAllTime"
        ):
            backfill.backfill_from_dataset("x/dumps", landing, endpoint=hub.endpoint)
        with pytest.raises(HubFetchError, match="HTTP 404"):
            backfill.backfill_from_dataset("x/missing", landing, endpoint=hub.endpoint)
    assert [p.name for p in landing.iterdir()] == []
