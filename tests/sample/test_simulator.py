"""Tests of the sample-ecosystem simulator.

Three promises are checked here, each with code independent of the simulator:

* it is deterministic (same config -> same tables, same bytes on disk);
* the files it writes say exactly what it claims: reading them back with plain
  ``json``/``pyarrow`` and the input rules (docs/metrics.md#hub-snapshot-input-rules)
  reproduces ``Ecosystem.snapshots`` and ``Ecosystem.rejects``, and the token exports
  reproduce ``Ecosystem.token_rows``;
* the default sample tells the story the demo shows, measured with simple pandas
  (monthly downloads = growth of ``downloadsAllTime`` between consecutive snapshots,
  attributed to the later snapshot's month) and the warehouse's own reference data:
  countries from the orgs seed, families by the model_families rules and relative
  adoption as the test oracle computes them (``tests/support/oracle.py``).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from orchestration.demo import roster
from orchestration.demo.simulator import SampleConfig, simulate, write_sample
from tests.support import oracle

SMALL = SampleConfig(
    n_models=450,
    start=date(2025, 6, 2),
    end=date(2025, 10, 31),
    daily_from=date(2025, 9, 1),
    token_start=date(2025, 7, 1),
    token_end=date(2025, 10, 31),
)

CN_TOKEN_ORGS = {"qwen", "deepseek", "z-ai", "moonshotai", "minimax"}
SEED_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"
SEEDS = oracle.load_seeds(SEED_DIR)
REJECT_KINDS = {"invalid_json", "missing_field", "wrong_type", "negative_count", "duplicate_id"}


# --------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def eco():
    """The default sample's ecosystem, as `omw demo` simulates it."""
    return simulate(SampleConfig())


@pytest.fixture(scope="module")
def written(eco, tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    return out, write_sample(eco, out)


@pytest.fixture(scope="module")
def reread(written):
    """Every written Hub file read back with the input rules (snapshots, rejects)."""
    _, paths = written
    rows: list[dict] = []
    rejects: list[tuple] = []
    for path in paths["hub"]:
        file_rows, file_rejects = read_hub_file(path)
        rows += file_rows
        rejects += file_rejects
    return to_snapshot_frame(rows), _object_frame(
        rejects, ["file", "line_no", "reason_kind", "model_id"]
    )


@pytest.fixture(scope="module")
def monthly(eco):
    return monthly_increase(eco.snapshots)


@pytest.fixture(scope="module")
def lineage(eco):
    return Lineage(eco.snapshots)


@pytest.fixture(scope="module")
def dim(eco):
    """The oracle's dim_models on the simulated truth."""
    return oracle.dim_models(eco.snapshots, SEEDS).set_index("model_id")


# --------------------------------------------------------------------------------------
# An independent reader of the Hub files (docs/metrics.md#hub-snapshot-input-rules)
# --------------------------------------------------------------------------------------


def _records(path: Path):
    """(line_no, record or None when unreadable) for every line / row of a file."""
    if path.suffix == ".parquet":
        yield from enumerate(pq.read_table(path).to_pylist(), start=1)
        return
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n"), path.name
    for line_no, line in enumerate(text[:-1].split("\n"), start=1):
        assert line.strip(), f"{path.name}:{line_no} is empty"
        try:
            yield line_no, json.loads(line)
        except json.JSONDecodeError:
            yield line_no, None


def _reject_reason(record) -> str | None:
    if not isinstance(record, dict):
        return "invalid_json"
    if any(record.get(key) is None for key in ("id", "createdAt", "downloadsAllTime")):
        return "missing_field"
    count = record["downloadsAllTime"]
    if not isinstance(record["id"], str) or not isinstance(record["createdAt"], (str, datetime)):
        return "wrong_type"
    if isinstance(count, bool) or not isinstance(count, int):
        return "wrong_type"
    if count < 0 or any((record.get(k) or 0) < 0 for k in ("downloads", "likes")):
        return "negative_count"
    return None


def read_hub_file(path: Path) -> tuple[list[dict], list[tuple]]:
    """Accepted rows and rejects of one snapshot file; duplicates keep the highest count."""
    snapshot_date = date.fromisoformat(re.search(r"\d{4}-\d{2}-\d{2}", path.name).group())
    best: dict[str, tuple[int, dict]] = {}
    rejects = []
    for line_no, record in _records(path):
        reason = _reject_reason(record)
        if reason:
            model_id = record.get("id") if isinstance(record, dict) else None
            rejects.append((path.name, line_no, reason, model_id))
            continue
        model_id = record["id"]
        if model_id in best:
            kept_line, kept = best[model_id]
            if record["downloadsAllTime"] > kept["downloadsAllTime"]:
                rejects.append((path.name, kept_line, "duplicate_id", model_id))
                best[model_id] = (line_no, record)
            else:
                rejects.append((path.name, line_no, "duplicate_id", model_id))
        else:
            best[model_id] = (line_no, record)
    rows = []
    for model_id, (_, rec) in best.items():
        tags = rec.get("tags") or []
        safetensors = rec.get("safetensors")
        tags = json.loads(tags) if isinstance(tags, str) else list(tags)
        safetensors = json.loads(safetensors) if isinstance(safetensors, str) else safetensors
        gguf = rec.get("gguf")
        gguf = json.loads(gguf) if isinstance(gguf, str) else gguf
        created = rec["createdAt"]
        rows.append(
            {
                "snapshot_date": snapshot_date,
                "model_id": model_id,
                "author": rec.get("author")
                or (model_id.split("/", 1)[0] if "/" in model_id else None),
                "created_at": created.isoformat() if isinstance(created, datetime) else created,
                "downloads": rec.get("downloads"),
                "downloads_all_time": rec["downloadsAllTime"],
                "likes": rec.get("likes"),
                "pipeline_tag": rec.get("pipeline_tag"),
                "library_name": rec.get("library_name"),
                "tags": tags,
                "params": safetensors.get("total") if safetensors else None,
                "gguf_params": gguf.get("total") if gguf else None,
            }
        )
    return rows, rejects


def _object_frame(rows: list, columns: list[str]) -> pd.DataFrame:
    """Rows as object columns (pandas 3 would turn None into NaN in inferred ``str``)."""
    if rows and isinstance(rows[0], dict):
        rows = [[r[c] for c in columns] for r in rows]
    return pd.DataFrame(
        {c: pd.Series([r[i] for r in rows], dtype=object) for i, c in enumerate(columns)}
    )


def to_snapshot_frame(rows: list[dict]) -> pd.DataFrame:
    frame = _object_frame(rows, list(rows[0]))
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True, format="ISO8601")
    return frame.sort_values(["snapshot_date", "model_id"], ignore_index=True)


# --------------------------------------------------------------------------------------
# Simple measurements of the story
# --------------------------------------------------------------------------------------


def monthly_increase(snapshots: pd.DataFrame) -> pd.DataFrame:
    """Per row, the downloads since the model's previous snapshot (a first sighting of a
    model created after the previous snapshot counts whole; a pre-tracking baseline and
    a negative correction count 0), with the month of the snapshot."""
    dates = sorted(snapshots["snapshot_date"].unique())
    previous_date = dict(zip(dates[1:], dates[:-1], strict=True))
    frame = snapshots.sort_values(["model_id", "snapshot_date"])[
        ["model_id", "author", "snapshot_date", "created_at", "downloads_all_time"]
    ].copy()
    before = frame.groupby("model_id")["downloads_all_time"].shift()
    first_seen = before.isna()
    created = frame["created_at"].dt.date
    is_new = (
        first_seen
        & (frame["snapshot_date"] != dates[0])
        & (created > frame["snapshot_date"].map(previous_date))
    )
    growth = (frame["downloads_all_time"] - before).clip(lower=0)
    frame["increase"] = growth.where(~first_seen, np.where(is_new, frame["downloads_all_time"], 0))
    frame["month"] = pd.to_datetime(frame["snapshot_date"]).dt.to_period("M")
    return frame


def families_of(model_ids) -> list[str]:
    """The family of each id by the model_families seed's rules (docs/metrics.md#family-rules)."""
    return oracle.families_of(
        pd.Series(list(model_ids), dtype=object), SEEDS.model_families
    ).tolist()


def parents_from_tags(model_id: str, tags: list[str]) -> dict[str, str]:
    """parent id -> relation (docs/metrics.md#parents-and-relations; self-references dropped)."""
    with_relation, bare = {}, []
    for tag in tags:
        if not tag.startswith("base_model:"):
            continue
        rest = tag[len("base_model:") :]
        head, _, tail = rest.partition(":")
        if tail and "/" not in head:
            with_relation[tail] = head
        else:
            bare.append(rest)
    parents = dict(with_relation)
    for parent in bare:
        parents.setdefault(parent, "unspecified")
    parents.pop(model_id, None)
    return parents


class Lineage:
    """Parents from each model's latest snapshot; roots weighted 1/len(parents) per hop."""

    def __init__(self, snapshots: pd.DataFrame):
        latest = snapshots.sort_values("snapshot_date").groupby("model_id").tail(1)
        self.latest = latest.set_index("model_id")
        self.parents = {
            m: parents_from_tags(m, tags)
            for m, tags in zip(latest["model_id"], latest["tags"], strict=True)
        }
        self._memo: dict[str, dict[str, float] | None] = {}

    def _ancestry(self, model_id: str, stack: tuple[str, ...]) -> dict[str, float] | None:
        if model_id in stack:
            return None
        if model_id not in self._memo:
            parents = list(self.parents.get(model_id, {}))
            result: dict[str, float] | None = {} if parents else {model_id: 1.0}
            for parent in parents:
                sub = self._ancestry(parent, stack + (model_id,))
                if sub is None:
                    result = None
                    break
                for root, weight in sub.items():
                    result[root] = result.get(root, 0.0) + weight / len(parents)
            self._memo[model_id] = result
        return self._memo[model_id]

    def roots(self, model_id: str) -> dict[str, float]:
        return self._ancestry(model_id, ()) or {model_id: 1.0}

    def in_cycle(self, model_id: str) -> bool:
        return self._ancestry(model_id, ()) is None

    def depth(self, model_id: str) -> int:
        depth, frontier, seen = 0, [model_id], {model_id}
        while True:
            nxt = [p for m in frontier for p in self.parents.get(m, {}) if p not in seen]
            if not nxt:
                return depth
            seen.update(nxt)
            frontier, depth = nxt, depth + 1

    def root_weights(self) -> pd.DataFrame:
        weights = pd.DataFrame(
            [(m, r, w) for m in self.parents for r, w in self.roots(m).items()],
            columns=["model_id", "root", "weight"],
        )
        weights["family"] = families_of(weights.pop("root"))
        return weights


# --------------------------------------------------------------------------------------
# Determinism and runtime
# --------------------------------------------------------------------------------------


def test_simulate_is_deterministic():
    first, second = simulate(SMALL), simulate(SMALL)
    for name in ("snapshots", "models", "rejects", "token_rows"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
    assert first.snapshot_dates == second.snapshot_dates
    assert first.files == second.files
    assert first.breakouts == second.breakouts
    assert first.hub_layouts == second.hub_layouts
    assert first.token_layouts == second.token_layouts
    other_seed = simulate(SampleConfig(**{**SMALL.__dict__, "seed": SMALL.seed + 1}))
    assert not other_seed.snapshots["downloads_all_time"].equals(
        first.snapshots["downloads_all_time"]
    )


def test_write_sample_is_byte_reproducible(tmp_path):
    eco_small = simulate(SMALL)
    one = write_sample(eco_small, tmp_path / "one")
    two = write_sample(simulate(SMALL), tmp_path / "two")
    for kind in ("hub", "tokens"):
        assert [p.name for p in one[kind]] == [p.name for p in two[kind]]
        for a, b in zip(one[kind], two[kind], strict=True):
            assert a.read_bytes() == b.read_bytes(), a.name
    gz = next(p for p in one["hub"] if p.name.endswith(".gz"))
    assert gz.read_bytes()[4:8] == b"\0\0\0\0"  # gzip header without a timestamp
    assert {p.name for p in one["hub"]} == set(eco_small.files.values())


# --------------------------------------------------------------------------------------
# The Hub files say what the Ecosystem claims
# --------------------------------------------------------------------------------------


def test_files_read_back_to_the_snapshots(eco, reread):
    got, _ = reread
    expected = eco.snapshots.sort_values(["snapshot_date", "model_id"], ignore_index=True)
    assert len(got) == len(expected)
    for column in ("snapshot_date", "model_id", "author", "pipeline_tag", "library_name", "tags"):
        assert got[column].tolist() == expected[column].tolist(), column
    for column in ("downloads", "downloads_all_time", "likes"):
        np.testing.assert_array_equal(
            got[column].to_numpy(np.int64), expected[column].to_numpy(np.int64)
        )
    np.testing.assert_array_equal(
        got["created_at"].astype("datetime64[ns, UTC]").to_numpy(),
        expected["created_at"].astype("datetime64[ns, UTC]").to_numpy(),
    )
    for column in ("params", "gguf_params"):
        assert pd.array(got[column].tolist(), dtype="Int64").equals(expected[column].array), column


def test_rejects_are_recorded_and_stay_small(eco, reread, written):
    _, got = reread
    columns = ["file", "line_no", "reason_kind", "model_id"]
    expected = eco.rejects.sort_values(["file", "line_no"], ignore_index=True)[columns]
    got = got.sort_values(["file", "line_no"], ignore_index=True)[columns]
    assert got.astype(object).values.tolist() == expected.astype(object).values.tolist()
    assert set(expected["reason_kind"]) == REJECT_KINDS
    assert expected["file"].nunique() >= 6
    assert not expected["file"].str.endswith(".parquet").any()
    lines = eco.snapshots.groupby("snapshot_date").size()
    for file, count in expected.groupby("file").size().items():
        snapshot_date = date.fromisoformat(file[11:21])
        assert count / (lines[snapshot_date] + count) <= 0.005, file
    # the higher count of a duplicated id is the accepted one
    dup = expected[expected["reason_kind"] == "duplicate_id"].iloc[0]
    kept = eco.snapshots[
        (eco.snapshots["model_id"] == dup["model_id"])
        & (eco.snapshots["snapshot_date"] == date.fromisoformat(dup["file"][11:21]))
    ]
    assert len(kept) == 1


def test_file_formats_and_line_variants(eco, written):
    _, paths = written
    names = [p.name for p in paths["hub"]]
    assert (
        sum(n.endswith(".jsonl.gz") for n in names) > sum(n.endswith(".jsonl") for n in names) >= 3
    )
    parquet = [p for p in paths["hub"] if p.suffix == ".parquet"]
    assert len(parquet) >= 3
    schemas = [pq.read_schema(p) for p in parquet]
    assert any(str(s.field("tags").type).startswith("list") for s in schemas)
    assert any(
        str(s.field("tags").type) == "string" and str(s.field("safetensors").type) == "string"
        for s in schemas
    )
    assert any(str(s.field("createdAt").type) == "string" for s in schemas)
    assert any(str(s.field("gguf").type).startswith("struct") for s in schemas)
    assert any(str(s.field("gguf").type) == "string" for s in schemas)
    assert any(str(s.field("createdAt").type).startswith("timestamp") for s in schemas)
    # some lines omit author, some carry unknown fields, some ids have no author at all
    sample = gzip.decompress(
        next(
            p for p in paths["hub"] if p.name.endswith(".gz") and p.name >= "hub_models_2025"
        ).read_bytes()
    ).decode()
    records = [json.loads(line) for line in sample.splitlines()]
    assert any("author" not in r and "/" in r["id"] for r in records)
    assert any("_id" in r and "sha" in r for r in records)
    assert any("safetensors" not in r for r in records)
    no_slash = eco.snapshots[~eco.snapshots["model_id"].str.contains("/")]
    assert {"gpt2", "bert-base-uncased"} <= set(no_slash["model_id"])
    assert no_slash["author"].isna().all()


# --------------------------------------------------------------------------------------
# Calendar, listing and lineage structure
# --------------------------------------------------------------------------------------


def test_snapshot_calendar(eco):
    cfg = eco.config
    dates = eco.snapshot_dates
    assert dates == sorted(dates) and dates[0] == cfg.start and dates[-1] == cfg.end
    weekly = [d for d in dates if d < cfg.daily_from]
    assert all((b - a).days == 7 for a, b in zip(weekly, weekly[1:], strict=False))
    daily = [d for d in dates if d >= cfg.daily_from]
    steps = Counter((b - a).days for a, b in zip(daily, daily[1:], strict=False))
    assert steps[4] == 1 and steps[2] >= 2 and set(steps) <= {1, 2, 4}
    assert sorted(eco.snapshots["snapshot_date"].unique()) == dates
    total_lines = len(eco.snapshots) + len(eco.rejects)
    assert 250_000 <= total_lines <= 360_000


def test_listing_never_shrinks_by_more_than_a_fifth(eco):
    counts = eco.snapshots.groupby("snapshot_date").size().to_numpy()
    assert (counts[1:] >= 0.8 * counts[:-1]).all()


def test_created_dates_and_first_sightings(eco):
    snap = eco.snapshots
    created = snap["created_at"].dt.date
    # A few listings date a model's creation after the snapshot (an anomaly the
    # marts ignore): one model of a listing at most, never its first sighting.
    late = snap[created > snap["snapshot_date"]]
    assert 1 <= len(late) <= 4 and late["snapshot_date"].is_unique
    listed = snap.groupby("snapshot_date").size()
    assert (1 / listed[late["snapshot_date"]] < 0.01).all()
    seen_from = snap.groupby("model_id")["snapshot_date"].min()
    assert (late["snapshot_date"].to_numpy() > seen_from[late["model_id"]].to_numpy()).all()
    first = snap.groupby("model_id").agg(
        first_seen=("snapshot_date", "min"), created=("created_at", "min")
    )
    first["created"] = first["created"].dt.date
    start = eco.snapshot_dates[0]
    pre = first[first["first_seen"] == start]
    assert pre["created"].min() < date(2020, 1, 1) and pre["created"].max() <= start
    assert (pre["created"] < start).mean() > 0.99
    later = first[first["first_seen"] > start]
    assert (later["created"] == later["first_seen"]).sum() > 100  # created on a snapshot day
    assert (later["created"] < later["first_seen"]).sum() > 100  # created between snapshots
    # a model created between snapshots appears at the very next one
    dates = np.array(eco.snapshot_dates, dtype=object)
    expected_first = [dates[np.searchsorted(dates, c)] for c in later["created"]]
    assert (later["first_seen"].to_numpy() == np.array(expected_first, dtype=object)).mean() > 0.99


def test_download_anomalies(eco):
    snap = eco.snapshots.sort_values(["model_id", "snapshot_date"])
    diff = snap.groupby("model_id")["downloads_all_time"].diff()
    assert snap.loc[diff < 0, "model_id"].nunique() >= 3
    assert (diff < 0).sum() <= 10
    index = {d: i for i, d in enumerate(eco.snapshot_dates)}
    position = snap["snapshot_date"].map(index)
    jumps = position.groupby(snap["model_id"]).diff()
    assert snap.loc[jumps.isin([2, 3]), "model_id"].nunique() >= 5  # missing, then back
    last_seen = snap.groupby("model_id")["snapshot_date"].max()
    assert (last_seen < eco.snapshot_dates[-1]).sum() >= 100  # deleted repositories
    assert (snap["downloads"] >= 0).all() and (snap["likes"] >= 0).all()


def test_lineage_edge_cases(eco, lineage):
    seen = set(eco.snapshots["model_id"])
    parents = lineage.parents
    derivative_share = np.mean([bool(p) for p in parents.values()])
    assert 0.35 <= derivative_share <= 0.45
    relations = Counter(r for p in parents.values() for r in p.values())
    assert {"finetune", "adapter", "quantized", "merge", "unspecified"} <= set(relations)
    merges = [m for m, p in parents.items() if "merge" in p.values()]
    assert {len(parents[m]) for m in merges} >= {2, 3}
    # a diamond: a merge of two finetunes of the same model
    diamond = "fusion-works/merge-of-Qwen2.5-7B-math-and-code-sft"
    grand = {g for p in parents[diamond] for g in parents[p]}
    assert len(parents[diamond]) == 2 and grand == {"Qwen/Qwen2.5-7B-Instruct"}
    assert lineage.roots(diamond) == {"Qwen/Qwen2.5-7B": pytest.approx(1.0)}
    # chains three deep
    assert max(lineage.depth(m) for m in parents) >= 3
    # a model tagging itself is not a derivative
    mirror = lineage.latest.at["self-ref-lab/mirror-7b", "tags"]
    assert "base_model:finetune:self-ref-lab/mirror-7b" in mirror
    assert parents["self-ref-lab/mirror-7b"] == {}
    # a 2-cycle plus a model derived from it
    assert parents["loop-lab/alpha-7b"] == {"loop-lab/beta-7b": "finetune"}
    assert parents["loop-lab/beta-7b"] == {"loop-lab/alpha-7b": "finetune"}
    assert all(
        lineage.in_cycle(m)
        for m in ("loop-lab/alpha-7b", "loop-lab/beta-7b", "loop-lab/alpha-7b-GGUF")
    )
    # parents never listed
    never_seen = {p for ps in parents.values() for p in ps} - seen
    assert {"meta-llama/Llama-2-7b-hf", "ghost-ml/removed-base-13b"} <= never_seen
    assert set(eco.phantom_parents) == never_seen
    # the Hub writes both the bare and the relation tag; some write only the bare one
    tags = lineage.latest.at["Qwen/Qwen2.5-7B-Instruct", "tags"]
    assert {"base_model:Qwen/Qwen2.5-7B", "base_model:finetune:Qwen/Qwen2.5-7B"} <= set(tags)
    # the model table agrees with the latest listing
    models = eco.models.set_index("model_id")
    for m in ("fusion-works/merge-of-Qwen2.5-7B-math-and-code-sft", "loop-lab/alpha-7b"):
        assert dict((p, r) for r, p in models.at[m, "parents"]) == parents[m]


def test_parameter_counts(eco, lineage):
    latest = lineage.latest
    params = latest["params"]
    assert (params == 1_000_000_000).any() and (params == 5_000_000_000).any()
    assert params.at["openai/gpt-oss-120b"] == pytest.approx(116.8e9, rel=0.01)
    assert params.at["deepseek-ai/DeepSeek-V3"] == pytest.approx(671e9, rel=0.01)
    gguf = latest[latest["tags"].map(lambda t: "gguf" in t)]
    assert len(gguf) > 100 and gguf["params"].isna().all()
    # ... but GGUF repositories carry their own count: the parent's real one
    assert gguf["gguf_params"].notna().mean() > 0.9
    assert latest.loc[latest["gguf_params"].notna(), "params"].isna().all()
    for repo, parent in (
        ("Qwen/Qwen3-8B-GGUF", "Qwen/Qwen3-8B"),
        ("unsloth/Qwen3-30B-A3B-GGUF", "Qwen/Qwen3-30B-A3B"),
        ("bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", "meta-llama/Llama-3.1-8B-Instruct"),
    ):
        assert latest.at[repo, "gguf_params"] == latest.at[parent, "params"], repo
    assert latest.at["Qwen/Qwen3-8B-GGUF", "gguf_params"] == pytest.approx(8.19e9, rel=0.001)
    quantized = [m for m, p in lineage.parents.items() if "quantized" in p.values()]
    assert latest.loc[quantized, "params"].isna().mean() > 0.5
    assert latest["params"].isna().sum() > len(gguf)  # others lack safetensors too


# --------------------------------------------------------------------------------------
# The story
# --------------------------------------------------------------------------------------


def _month(text: str) -> pd.Period:
    return pd.Period(text, "M")


def test_story_chinese_uploads_overtake_us_uploads(monthly):
    countries = dict(zip(SEEDS.orgs["org"].str.lower(), SEEDS.orgs["country"], strict=True))
    country = monthly["author"].str.lower().map(countries)
    country = country.where(country.isin(["CN", "US"]), "other")
    by_month = monthly.groupby(["month", country])["increase"].sum().unstack(fill_value=0)
    share = by_month.div(by_month.sum(axis=1), axis=0)
    before = share[share.index <= _month("2025-08")]
    after = share[share.index >= _month("2025-11")]
    table = share[["CN", "US"]].round(3).to_string()
    assert (before["CN"] < before["US"]).all(), table
    assert (after["CN"] > after["US"]).all(), table
    assert share.at[_month("2026-02"), "CN"] > 1.5 * share.at[_month("2026-02"), "US"]


def test_story_qwen_leads_new_derivatives(lineage):
    rows = []
    for model_id, parents in lineage.parents.items():
        if not parents:
            continue
        month = lineage.latest.at[model_id, "created_at"].tz_convert(None).to_period("M")
        for root, weight in lineage.roots(model_id).items():
            rows.append((month, root, weight))
    roots = pd.DataFrame(rows, columns=["month", "root", "weight"])
    roots["family"] = families_of(roots.pop("root"))
    counts = roots.pivot_table(
        index="month", columns="family", values="weight", aggfunc="sum", fill_value=0
    )
    late_2024 = counts.loc[_month("2024-09") : _month("2024-12")].sum()
    early_2026 = counts.loc[_month("2026-01") : _month("2026-02")]
    summary = (
        f"Sep-Dec 2024: {late_2024.round(1).to_dict()}; Jan-Feb 2026: {early_2026.sum().to_dict()}"
    )
    for _, month in early_2026.iterrows():
        assert month.idxmax() == "Qwen", summary
    assert early_2026.sum()["Qwen"] > 3 * early_2026.sum()["Llama"]
    assert late_2024["Llama"] >= 0.8 * late_2024.max()


def test_story_llama_share_declines(monthly, lineage):
    weighted = monthly[["model_id", "month", "increase"]].merge(
        lineage.root_weights(), on="model_id"
    )
    weighted["downloads"] = weighted["increase"] * weighted["weight"]
    by_family = weighted.groupby(["month", "family"])["downloads"].sum().unstack(fill_value=0)
    llama = by_family["Llama"] / by_family.sum(axis=1)
    assert llama.iloc[:3].mean() > 3 * llama.iloc[-3:].mean(), llama.round(3).to_dict()
    assert (llama.iloc[-6:] < llama.iloc[:6].min()).all()


def test_story_break_out_releases(eco, lineage, dim):
    """gpt-oss-120b ~20x its size class at 7 days, Qwen3.5-4B ~5x at 14 days, measured
    as mart_adoption_rate measures them (docs/metrics.md#relative-adoption-rate)."""
    assert eco.breakouts == ["openai/gpt-oss-120b", "Qwen/Qwen3.5-4B"]
    rates = oracle.adoption_rate(eco.snapshots, dim.reset_index(), SEEDS)
    for model_id, age, low, high, min_peers in (
        ("openai/gpt-oss-120b", 7, 15, 25, 12),
        ("Qwen/Qwen3.5-4B", 14, 4, 6, 10),
    ):
        [row] = rates[(rates["model_id"] == model_id) & (rates["age_days"] == age)].itertuples()
        peers = ((rates["param_bucket"] == row.param_bucket) & (rates["age_days"] == age)).sum()
        assert peers >= min_peers and low <= row.relative_adoption <= high, (row, peers)
    created = lineage.latest.at["openai/gpt-oss-120b", "created_at"]
    assert created.date() == date(2025, 8, 5)


# --------------------------------------------------------------------------------------
# Token exports
# --------------------------------------------------------------------------------------


def _int_or_none(value):
    if value is None or value == "":
        return None
    return int(value)


def read_token_file(path: Path) -> list[tuple]:
    """(file, line_no, date, slug, prompt, completion, total) for every data row."""
    rows = []
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            for line_no, rec in enumerate(csv.DictReader(handle), start=1):
                rows.append(
                    (
                        path.name,
                        line_no,
                        rec["date"],
                        rec["model"],
                        None,
                        None,
                        _int_or_none(rec["total_tokens"]),
                    )
                )
    elif path.suffix == ".jsonl":
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            rec = json.loads(line)
            rows.append(
                (
                    path.name,
                    line_no,
                    rec["date"],
                    rec["model_permaslug"],
                    _int_or_none(rec.get("prompt_tokens")),
                    _int_or_none(rec.get("completion_tokens")),
                    _int_or_none(rec.get("total_tokens")),
                )
            )
    else:
        doc = json.loads(path.read_text(encoding="utf-8"))
        for line_no, rec in enumerate(doc["data"], start=1):
            rows.append(
                (
                    path.name,
                    line_no,
                    rec["date"],
                    rec["model_permaslug"],
                    None,
                    None,
                    _int_or_none(rec["total_tokens"]),
                )
            )
    return rows


def test_token_files_read_back(eco, written):
    _, paths = written
    got = [row for path in paths["tokens"] for row in read_token_file(path)]
    expected = eco.token_rows
    expected_rows = [
        (
            f,
            n,
            d.isoformat(),
            s,
            None if pd.isna(p) else int(p),
            None if pd.isna(c) else int(c),
            None if pd.isna(t) else int(t),
        )
        for f, n, d, s, p, c, t in zip(
            expected["file"],
            expected["line_no"],
            expected["date"],
            expected["slug"],
            expected["prompt_tokens"],
            expected["completion_tokens"],
            expected["total_tokens"],
            strict=True,
        )
    ]
    assert sorted(got, key=lambda r: (r[0], r[1])) == sorted(
        expected_rows, key=lambda r: (r[0], r[1])
    )


def test_token_file_shapes(eco, written):
    _, paths = written
    names = [p.name for p in paths["tokens"]]
    assert sum(n.endswith(".csv") for n in names) >= 10
    assert sum(n.endswith(".jsonl") for n in names) >= 2
    rankings = [p for p in paths["tokens"] if p.name.startswith("openrouter_rankings_")]
    assert len(rankings) == 1
    doc = json.loads(rankings[0].read_text())
    assert set(doc) == {"data", "meta"} and len({r["date"] for r in doc["data"]}) >= 2
    fixes = [n for n in names if n.endswith("_fix.csv")]
    assert len(fixes) == 1
    month_file = fixes[0].replace("_fix.csv", ".csv")
    assert month_file in names and sorted([month_file, fixes[0]])[-1] == fixes[0]
    rows = eco.token_rows
    fix_keys = set(
        zip(
            rows.loc[rows["file"] == fixes[0], "date"],
            rows.loc[rows["file"] == fixes[0], "slug"],
            strict=True,
        )
    )
    month_rows = rows[rows["file"] == month_file].set_index(["date", "slug"])["total_tokens"]
    fix_rows = rows[rows["file"] == fixes[0]].set_index(["date", "slug"])["total_tokens"]
    assert fix_keys and all(month_rows[k] != fix_rows[k] for k in fix_keys)
    jsonl = next(p for p in paths["tokens"] if p.suffix == ".jsonl")
    assert any(
        isinstance(json.loads(line)["prompt_tokens"], str)
        for line in jsonl.read_text().splitlines()
    )
    per_file = rows.assign(key=rows["slug"].str.lower()).groupby("file")
    assert not any(g.duplicated(["date", "key"]).any() for _, g in per_file)
    released = {slug: date.fromisoformat(day) for slug, day, _, _ in roster.TOKEN_SLUGS}
    first_use = rows.groupby("slug")["date"].min()
    assert all(first_use[s] >= released[s] for s in first_use.index)
    assert 45 <= rows["slug"].nunique() <= 60 and "other" in set(rows["slug"])


def test_story_chinese_open_weight_token_share(eco):
    rows = eco.token_rows.assign(key=eco.token_rows["slug"].str.lower())
    rows = rows.sort_values("file", kind="stable").drop_duplicates(["date", "key"], keep="last")
    tokens = (
        rows["total_tokens"].fillna(rows["prompt_tokens"] + rows["completion_tokens"]).astype(float)
    )
    rows = rows.assign(tokens=tokens)
    closed = {slug for slug, _, kind, _ in roster.TOKEN_SLUGS if kind == "closed"}
    rows = rows[~rows["key"].isin(closed)]
    rows["cn"] = rows["key"].str.split("/").str[0].isin(CN_TOKEN_ORGS)
    rows["month"] = pd.to_datetime(rows["date"]).dt.to_period("M")
    by_month = rows.groupby(["month", "cn"])["tokens"].sum().unstack()
    share = by_month[True] / by_month.sum(axis=1)
    assert 0.015 <= share[_month("2024-12")] <= 0.06, share.round(3).to_dict()
    assert 0.6 <= share[_month("2026-02")] <= 0.8
    assert share.is_monotonic_increasing


# --------------------------------------------------------------------------------------
# Scopes and repackagings (docs/metrics.md#scopes, docs/metrics.md#models)
# --------------------------------------------------------------------------------------

LLM_PIPELINE_TAGS = {"text-generation", "image-text-to-text", "text2text-generation", "any-to-any"}
REPACKAGING_TAGS = {"gguf", "mlx", "gptq", "awq", "exl2"}
TRACKED_MODELS = Path(__file__).parents[2] / "dbt_project" / "seeds" / "tracked_models.csv"


def test_scopes_change_the_answers(eco, monthly):
    """Language models take most downloads but far from all (embeddings, speech and
    vision models are among the most downloaded), and tracked models are a large,
    named part of them: scopes llm and tracked visibly differ from hub."""
    latest = (
        eco.snapshots.sort_values("snapshot_date")
        .drop_duplicates("model_id", keep="last")
        .set_index("model_id")
    )
    pipeline = latest["pipeline_tag"].astype(object)
    llm = pipeline.map(lambda p: isinstance(p, str) and p.lower() in LLM_PIPELINE_TAGS)
    with TRACKED_MODELS.open(newline="") as handle:
        tracked_ids = {row["model_id"].strip().lower() for row in csv.DictReader(handle)}
    tracked = pd.Series(latest.index.str.lower().isin(tracked_ids), index=latest.index)
    assert tracked.sum() >= 100 and tracked["Qwen/Qwen2.5-7B-Instruct"]

    frame = monthly.assign(
        llm=monthly["model_id"].map(llm).astype(bool),
        tracked=monthly["model_id"].map(tracked).astype(bool),
    )
    total = frame.groupby("month")["increase"].sum()
    llm_share = frame[frame["llm"]].groupby("month")["increase"].sum() / total
    tracked_share = frame[frame["tracked"]].groupby("month")["increase"].sum() / total
    assert llm_share.between(0.5, 0.9).all(), llm_share.round(3).to_string()
    assert tracked_share.between(0.35, 0.8).all(), tracked_share.round(3).to_string()

    top = frame.groupby("model_id")["increase"].sum().nlargest(20).index
    non_llm = set(pipeline[top][~llm[top]])
    assert {"sentence-similarity", "automatic-speech-recognition"} <= non_llm
    assert any(
        p in non_llm
        for p in ("feature-extraction", "image-classification", "zero-shot-image-classification")
    )


def test_repackagings_of_every_kind(eco):
    """GGUF, MLX, GPTQ, AWQ and EXL2 checkpoints, told by a quantized relation, their
    library or their tags; some only by library or tag; a model quantized from itself
    is none."""
    latest = (
        eco.snapshots.sort_values("snapshot_date")
        .drop_duplicates("model_id", keep="last")
        .set_index("model_id")
    )
    quantized, by_library, by_tag = set(), set(), set()
    tag_kinds: Counter = Counter()
    for model_id, row in latest.iterrows():
        tags = list(row["tags"])
        relations = parents_from_tags(model_id, tags)
        if "quantized" in relations.values():
            quantized.add(model_id)
        library = row["library_name"]
        if isinstance(library, str) and library.lower() in ("gguf", "mlx"):
            by_library.add(model_id)
        hits = {t.lower() for t in tags} & REPACKAGING_TAGS
        if hits:
            by_tag.add(model_id)
            tag_kinds.update(hits)
    repackagings = quantized | by_library | by_tag
    assert len(repackagings) >= 150, len(repackagings)
    assert all(tag_kinds[t] >= 1 for t in REPACKAGING_TAGS), tag_kinds
    assert tag_kinds["gguf"] >= 50 and tag_kinds["mlx"] >= 3
    assert sum(latest.loc[list(by_library), "library_name"] == "gguf") >= 10
    assert sum(latest.loc[list(by_library), "library_name"] == "mlx") >= 3
    only_library_or_tag = repackagings - quantized
    assert {
        "mlx-community/Llama-3.2-3B-Instruct-4bit",  # no parent at all
        "second-state/Llama-3.2-3B-Instruct-GGUF",  # a bare parent tag and a tag "GGUF"
        "turboderp/Llama-3.1-8B-Instruct-exl2",
        "mlx-community/whisper-large-v3-turbo",  # not a language model
    } <= only_library_or_tag
    assert "GGUF" in latest.at["second-state/Llama-3.2-3B-Instruct-GGUF", "tags"]
    assert "gguf" not in latest.at["second-state/Llama-3.2-3B-Instruct-GGUF", "tags"]
    assert "self-ref-lab/mirror-7b-int4" in latest.index
    assert "self-ref-lab/mirror-7b-int4" not in repackagings


# --------------------------------------------------------------------------------------
# Licences, openness and GGUF parameter counts (docs/metrics.md#licences-and-openness)
# --------------------------------------------------------------------------------------


def _licence_tags(tags) -> list[str]:
    return [t[len("license:") :].strip(" ") for t in tags if t.lower().startswith("license:")]


def test_licences_openness_and_gguf_counts(eco, dim):
    """The sample holds every licence class and both openness values, as real labs tag
    them, models with two licence tags or a bare one first, and GGUF repositories whose
    only parameter count is their `gguf.total` (the oracle's dim_models on the truth)."""
    classes = dim["license_class"].value_counts()
    assert set(classes.index) == {"permissive", "restricted", "non_commercial", "other", "unknown"}
    assert classes.min() >= 20, classes
    openness = dim["openness"].value_counts()
    assert set(openness.index) == {"open_source", "open_weight"}
    assert openness["open_source"] >= 30, openness
    for model_id, license_, license_class in (
        ("meta-llama/Llama-3.1-8B-Instruct", "llama3.1", "restricted"),
        ("google/gemma-3-4b-it", "gemma", "restricted"),
        ("Qwen/Qwen3-8B", "apache-2.0", "permissive"),
        ("allenai/OLMo-2-1124-7B", "apache-2.0", "permissive"),
        ("deepseek-ai/DeepSeek-R1", "mit", "permissive"),
        ("CohereLabs/aya-expanse-8b", "cc-by-nc-4.0", "non_commercial"),
        ("nvidia/Nemotron-Mini-4B-Instruct", "other", "other"),
        ("openai/clip-vit-large-patch14", None, "unknown"),
        # a bare `license:` first, then the real one
        ("edge-ai-lab/edge-lm-1b", "apache-2.0", "permissive"),
        # two licence tags: the first counts
        ("open-reasoner-3/reasoner-5b", "mit", "permissive"),
        # quantizers copy their parent's licence
        ("bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", "llama3.1", "restricted"),
    ):
        got = dim.loc[model_id, ["license", "license_class"]].tolist()
        assert got == [license_, license_class], model_id
    for model_id in (
        "allenai/OLMo-2-1124-7B-Instruct",
        "HuggingFaceTB/SmolLM3-3B",
        "EleutherAI/pythia-160m",
        "TinyLlama/TinyLlama-1.1B-Chat-v1.0",
        "TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF",
        "bigcode/starcoder2-15b",
    ):
        assert dim.at[model_id, "openness"] == "open_source", model_id
    assert dim.at["Qwen/Qwen3-8B", "openness"] == "open_weight"

    latest = (
        eco.snapshots.sort_values("snapshot_date")
        .drop_duplicates("model_id", keep="last")
        .set_index("model_id")
    )
    licences = latest["tags"].map(_licence_tags)
    several = licences[licences.map(lambda v: sum(bool(x) for x in v) >= 2)]
    bare_first = licences[licences.map(lambda v: len(v) >= 2 and v[0] == "" and any(v))]
    assert len(several) >= 10 and len(bare_first) >= 10, (len(several), len(bare_first))
    for model_id, values in pd.concat([several, bare_first]).items():
        assert dim.at[model_id, "license"] == next(v for v in values if v), model_id

    gguf_only = latest[latest["params"].isna() & latest["gguf_params"].notna()]
    assert len(gguf_only) >= 100
    assert (dim.loc[gguf_only.index, "params"] == gguf_only["gguf_params"]).all()
    assert dim.at["Qwen/Qwen3-8B-GGUF", "params"] == 8_190_735_360
    assert dim.at["Qwen/Qwen3-8B-GGUF", "param_bucket"] == "5-10B"

    # lineages that split a model between open-source and open-weight roots
    rules = SEEDS.model_families.assign(order=range(len(SEEDS.model_families)))
    rules = rules.sort_values(["priority", "order"]).drop_duplicates("family")
    root_openness = dict(zip(rules["family"], rules["openness"], strict=True))
    lineage = oracle.derivative_lineage(eco.snapshots, SEEDS)
    lineage["openness"] = lineage["root_family"].map(root_openness).fillna("open_weight")
    mixed = lineage.groupby("model_id")["openness"].nunique()
    mixed = set(mixed[mixed > 1].index)
    assert {
        "HuggingFaceTB/SmolVLM-Instruct",
        "HuggingFaceTB/SmolVLM2-2.2B-Instruct",
        "bczhou/TinyLLaVA-1.5B",
    } <= mixed
    assert dim.at["HuggingFaceTB/SmolVLM-Instruct", "derivative_kind"] == "merge"
