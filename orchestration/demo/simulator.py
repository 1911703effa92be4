"""Deterministic simulator of the open-model ecosystem behind the bundled sample data.

The warehouse is demonstrated and tested on data that looks like the real thing: Hub
model listings recorded day after day (docs/metrics.md#hub-snapshot-input-rules) and
OpenRouter token-usage exports (docs/metrics.md#token-export-rules). Real recordings
cannot be shipped, so this module *simulates* them - a few thousand Hub repositories
of real families, their lineage, their downloads over 18 months - and writes them in
the same formats, warts included (bad lines, duplicates, gaps, Parquet backfills,
correction files). ``omw demo`` builds the warehouse on what it writes.

Usage::

    from orchestration.demo.simulator import SampleConfig, simulate, write_sample

    eco = simulate(SampleConfig())              # pure: same config -> same Ecosystem
    paths = write_sample(eco, "data/sample")    # {"hub": [...], "tokens": [...]}

:func:`simulate` returns, besides the material to write, the *expected* result of
reading it back (:attr:`Ecosystem.snapshots`, :attr:`Ecosystem.rejects`,
:attr:`Ecosystem.token_rows`), so tests can compare the warehouse against ground truth.

The sample tells a story the marts must be able to show (asserted in
``tests/sample/test_simulator.py``):

1. Chinese-uploaded models overtake US-uploaded ones in monthly download share in
   autumn 2025.
2. Qwen becomes the base of more new derivatives than any other family; Llama leads
   in 2024.
3. Llama's share of downloads declines.
4. Break-out releases: ``openai/gpt-oss-120b`` reaches ~20x the typical first-week
   downloads of its size class, ``Qwen/Qwen3.5-4B`` ~5x at two weeks.

And OpenRouter token usage shifts from ~3% to ~70% Chinese open-weight models.

Scopes and repackagings (docs/metrics.md#scopes, docs/metrics.md#models) have material
too: heavily downloaded embedding, speech and vision models outside scope ``llm``,
hundreds of models of the ATOM Project's tracked list, and repackagings of every kind
(GGUF, MLX, GPTQ, AWQ, EXL2; told by a ``quantized`` parent, the library or a tag).

So do licences and openness (docs/metrics.md#licences-and-openness): the labs'
licences as they tag them (:data:`orchestration.demo.licences.LICENSE_RULES`: Meta's
Llama licences, Gemma's terms, Cohere's non-commercial one, ...), uploads without a
licence, a few repositories with two ``license:`` tags or a blank one before the real
one; open-source families (OLMo, SmolLM, Pythia, TinyLlama, ...) and derivatives whose
lineage mixes them with open-weight roots. GGUF repositories have no safetensors but a ``gguf`` object whose
``total`` is their parent's real parameter count.

The world is cast with the warehouse's own reference data, read from the dbt seeds
(:mod:`orchestration.demo.seeds`): the organisations' countries, the family names and
the size classes. Each curated repository names its family in the roster; the
simulator never applies the family rules, the warehouse does. The break-outs are
calibrated with the metric's own measurement (:mod:`orchestration.demo.adoption`).

Everything random flows from ``SampleConfig.seed`` through independent
:class:`numpy.random.Generator` streams, one per concern, so that changing how one
part is drawn does not reshuffle the others. Nothing iterates over a ``set`` or uses
Python's randomised ``hash``.

This module holds the entry points; the parts live beside it (see
:mod:`orchestration.demo`). :func:`simulate` stays one function of about 230 lines:
its steps hand the same arrays (presence, counts, metadata versions) on in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from orchestration.demo.catalogue import CatalogueBuilder
from orchestration.demo.downloads import calibrate_breakouts, simulate_downloads
from orchestration.demo.draws import stable_unit
from orchestration.demo.listing import (
    HubFileLayout,
    HubRender,
    RowRender,
    bad_line,
    extras_for,
    file_plan,
    hub_tags,
    iso_ms,
    plan_bad_lines,
    write_hub_file,
)
from orchestration.demo.timeline import day_number
from orchestration.demo.tokens import TokenFileLayout, simulate_tokens, write_token_file

__all__ = ["SampleConfig", "Ecosystem", "simulate", "write_sample", "snapshot_schedule"]


@dataclass(frozen=True)
class SampleConfig:
    """What to simulate. The defaults produce the bundled demo sample.

    ``n_models`` counts every repository created over the whole history, including
    those that already existed when tracking starts; the curated catalogue of real
    families (about 350 repositories, see :mod:`orchestration.demo.roster`) is
    always included, and generated uploads fill up to ``n_models``.
    Snapshots are weekly (every 7 days from ``start``) before ``daily_from`` and
    daily from it until ``end``, with a few deliberate gaps.
    """

    seed: int = 20251123
    n_models: int = 2500
    start: date = date(2024, 9, 2)
    end: date = date(2026, 2, 27)
    daily_from: date = date(2025, 9, 1)
    token_start: date = date(2024, 12, 1)
    token_end: date = date(2026, 2, 27)
    inject_bad_lines: bool = True


@dataclass
class Ecosystem:
    """A simulated ecosystem: the ground truth and everything needed to write it.

    Public tables
    -------------
    snapshots
        What the warehouse should accept from the written Hub files: one row per
        (snapshot_date, model_id), bad lines dropped and duplicates resolved. A few
        rows list a created_at after their snapshot date (at most one per listing):
        accepted lines that the marts ignore as an anomaly.
        Columns: snapshot_date (``datetime.date``), model_id, author (None for ids
        without "/"), created_at (UTC timestamp), downloads (30 days),
        downloads_all_time, likes, pipeline_tag, library_name, tags (list of str),
        params (Int64, ``safetensors.total``: null for GGUF repositories, which have no
        safetensors) and gguf_params (Int64, ``gguf.total``: set for GGUF repositories
        only, the parent's real parameter count). The warehouse's parameter count is
        params, else gguf_params (docs/metrics.md#models).
    models
        One row per generated repository: model_id, author, created_at, params,
        gguf_params, license (the first ``license:`` tag with a value; None without), parents
        (list of (relation, parent_id) as encoded in the tags, relation "unspecified"
        for a bare ``base_model:`` tag) and kind.
    rejects
        Lines the reader must reject: file, line_no (1-based), reason_kind
        (invalid_json, missing_field, wrong_type, negative_count, duplicate_id),
        model_id (None when the line cannot be read).
    token_rows
        Every data row written to the token files: file, line_no (1-based data row;
        index in ``data`` for the rankings document), date, slug, prompt_tokens,
        completion_tokens, total_tokens, requests (nullable ints, as written).

    Also: ``snapshot_dates`` (sorted), ``files`` (snapshot date -> file name),
    ``breakouts`` (the calibrated break-out releases), ``phantom_parents`` (parents
    named in tags but never listed), and the layouts :func:`write_sample` follows.
    """

    config: SampleConfig
    snapshots: pd.DataFrame
    models: pd.DataFrame
    rejects: pd.DataFrame
    token_rows: pd.DataFrame
    snapshot_dates: list[date]
    files: dict[date, str]
    breakouts: list[str]
    phantom_parents: list[str]
    hub_layouts: list[HubFileLayout] = field(repr=False)
    token_layouts: list[TokenFileLayout] = field(repr=False)
    _render: HubRender = field(repr=False)


def _objects(values) -> pd.Series:
    """A column of Python objects (keeps None as None; pandas 3 would infer ``str``)."""
    return pd.Series(list(values), dtype=object)


def snapshot_schedule(cfg: SampleConfig) -> list[date]:
    """Snapshot dates: weekly from ``start`` until ``daily_from``, then daily to ``end``.

    The daily period has deliberate gaps, placed at fixed fractions of it so that any
    configuration gets them: one block of three missing days (an interval of four
    days) and three single missing days. The first and last days are never skipped.
    """
    weekly = []
    day = cfg.start
    while day < cfg.daily_from and day <= cfg.end:
        weekly.append(day)
        day += timedelta(days=7)
    first_daily = max(cfg.daily_from, cfg.start)
    daily = [first_daily + timedelta(days=i) for i in range((cfg.end - first_daily).days + 1)]
    skipped: list[int] = []
    n = len(daily)
    if n >= 20:
        block = int(0.62 * n)
        skipped += [block, block + 1, block + 2]
        skipped += [i for i in (int(0.23 * n), int(0.45 * n), int(0.81 * n)) if abs(i - block) > 3]
    keep = [d for i, d in enumerate(daily) if i not in skipped or i in (0, n - 1)]
    return weekly + keep


def simulate(cfg: SampleConfig | None = None) -> Ecosystem:
    """Simulate the ecosystem described by ``cfg`` (pure and deterministic)."""
    cfg = cfg or SampleConfig()
    if not (cfg.start <= cfg.end and cfg.token_start <= cfg.token_end):
        raise ValueError("start must not be after end (hub and tokens)")
    dates = snapshot_schedule(cfg)
    snap_days = np.array([day_number(d) for d in dates])
    builder = CatalogueBuilder(cfg)
    models = builder.build()
    n, s_count = len(models), len(dates)

    # -- presence: from the first snapshot on/after creation until deletion ----------
    created_days = np.array([m.created_day for m in models])
    first_snap = np.searchsorted(snap_days, created_days, side="left")
    gone = np.array([day_number(m.deleted_on) if m.deleted_on else 10**9 for m in models])
    presence = (np.arange(s_count)[None, :] >= first_snap[:, None]) & (
        snap_days[None, :] < gone[:, None]
    )

    # -- downloads and the break-out calibration -------------------------------------
    downloads = simulate_downloads(cfg, models)
    breakouts = calibrate_breakouts(models, snap_days, presence, downloads)
    cols = snap_days - downloads.first_day
    cum_int = np.floor(downloads.cumulative).astype(np.int64)
    all_time = cum_int[:, cols]
    last30 = all_time - cum_int[:, cols - 30]
    like_rng = np.random.default_rng([cfg.seed, 5])
    like_coef = np.exp(like_rng.normal(np.log(0.07), 0.9, n))
    likes = np.floor(like_coef[:, None] * np.power(all_time.astype(float), 0.55)).astype(np.int64)

    # -- anomalies: gaps per model, corrections down, then bad lines ------------------
    anomaly_rng = np.random.default_rng([cfg.seed, 6])
    daily_cols = np.nonzero(np.array([d >= cfg.daily_from for d in dates]))[0]
    # anomalies hit generated derivatives (never the models the story is measured on);
    # a catalogue without generated uploads falls back to unprotected curated ones
    candidates = np.array(
        [(not m.curated) and (not m.protected) and bool(m.parents) for m in models]
    )
    if not candidates.any():
        candidates = np.array([(not m.protected) and bool(m.parents) for m in models])
    used = np.zeros(n, dtype=bool)

    def victim_at(s: int, before: int, after: int, min_value: int) -> int | None:
        """A generated derivative listed around snapshot ``s`` that no anomaly touched."""
        lo, hi = s - before, s + after
        if lo < 0 or hi >= s_count:
            return None
        for m in anomaly_rng.permutation(n):
            if not candidates[m] or used[m] or lo <= first_snap[m]:
                continue
            if presence[m, lo : hi + 1].all() and all_time[m, s] >= min_value:
                used[m] = True
                return int(m)
        return None

    def victims(count: int, before: int, after: int, min_value: int = 0) -> list[tuple[int, int]]:
        found = []
        for _ in range(count if daily_cols.size else 0):
            s = int(daily_cols[anomaly_rng.integers(daily_cols.size)])
            m = victim_at(s, before, after, min_value)
            if m is not None:
                found.append((m, s))
        return found

    plan = file_plan(dates, cfg)
    bad_plan = plan_bad_lines(cfg, dates, plan, presence)
    for s in bad_plan:  # keep the neighbourhood of bad-line files free of other anomalies
        daily_cols = daily_cols[np.abs(daily_cols - s) > 2]
    for m, s in victims(12, 1, 3):
        width = 1 + int(anomaly_rng.random() < 0.4)
        presence[m, s : s + width] = False  # missing from one or two listings, then back
    for m, s in victims(3, 1, 1, min_value=2000):
        all_time[m, s] = all_time[m, s - 1] - max(3, int(all_time[m, s - 1] // 400))

    omit_author = np.array(
        [
            m.author is not None and stable_unit("omit-author", cfg.seed, m.model_id) < 0.08
            for m in models
        ]
    )
    extras_rng = np.random.default_rng([cfg.seed, 7])
    render = HubRender(models, omit_author, [extras_for(m, extras_rng) for m in models])
    switch_days = np.array(
        [day_number(m.early_switch) if m.early_switch else -(10**9) for m in models]
    )
    version = (snap_days[None, :] >= switch_days[:, None]).astype(np.int8)  # 1 = final metadata

    accepted = presence.copy()
    corrupt: dict[int, list[tuple[int, str]]] = {}
    duplicates: dict[int, list[int]] = {}
    for s, kinds in bad_plan.items():
        for kind in kinds:
            m = victim_at(s, 1, 1, min_value=50 if kind == "duplicate_id" else 0)
            if m is None:
                continue
            if kind == "duplicate_id":
                duplicates.setdefault(s, []).append(m)
            else:
                accepted[m, s] = False  # its only line in this file is unreadable
                corrupt.setdefault(s, []).append((m, kind))
    # A few listings date a model's creation after the snapshot (the marts ignore
    # such a sighting and record it as an anomaly): one model of a listing of at
    # least 200, far under the 1% of models that refuses a snapshot.
    created_late: dict[tuple[int, int], int] = {}  # (model, snapshot) -> days late
    for m, s in victims(4, 1, 1):
        if accepted[:, s].sum() >= 200 and all(t != s for _, t in created_late):
            created_late[(m, s)] = 1 + int(anomaly_rng.integers(30))

    # -- the accepted table ------------------------------------------------------------
    snap_idx, model_idx = np.nonzero(accepted.T)
    ids = np.array([m.model_id for m in models], dtype=object)
    authors = np.array([m.author for m in models], dtype=object)
    created_ns = np.array([np.datetime64(m.created, "ns") for m in models]).astype("int64")
    row_version = version[model_idx, snap_idx]
    params_v = [(None if m.early_without_params else m.params, m.params) for m in models]
    tags_v = [(hub_tags(m, not m.early_without_parents), hub_tags(m, True)) for m in models]
    date_objs = np.array(dates, dtype=object)
    snapshots = pd.DataFrame(
        {
            "snapshot_date": _objects(date_objs[snap_idx]),
            "model_id": _objects(ids[model_idx]),
            "author": _objects(authors[model_idx]),
            "created_at": pd.to_datetime(created_ns[model_idx], utc=True).astype(
                "datetime64[ns, UTC]"
            ),
            "downloads": last30[model_idx, snap_idx],
            "downloads_all_time": all_time[model_idx, snap_idx],
            "likes": likes[model_idx, snap_idx],
            "pipeline_tag": _objects(
                np.array([m.pipeline for m in models], dtype=object)[model_idx]
            ),
            "library_name": _objects(
                np.array([m.library for m in models], dtype=object)[model_idx]
            ),
            "tags": _objects(
                [list(tags_v[m][v]) for m, v in zip(model_idx, row_version, strict=True)]
            ),
            "params": pd.array(
                [params_v[m][v] for m, v in zip(model_idx, row_version, strict=True)], dtype="Int64"
            ),
            "gguf_params": pd.array([(m.gguf or {}).get("total") for m in models], dtype="Int64")[
                model_idx
            ],
        }
    )
    late_created: dict[int, str] = {}  # row of `snapshots` -> createdAt it lists
    for (m, s), days_late in created_late.items():
        row = int(np.flatnonzero((snap_idx == s) & (model_idx == m))[0])
        d = dates[s] + timedelta(days=days_late)
        late = datetime(d.year, d.month, d.day, 8, tzinfo=UTC)
        snapshots.loc[row, "created_at"] = pd.Timestamp(late)
        late_created[row] = iso_ms(late)
    row_bounds = np.searchsorted(snap_idx, np.arange(s_count + 1))

    # -- file layouts and the rejects they imply -----------------------------------
    layouts: list[HubFileLayout] = []
    rejects: list[tuple[str, int, str, str | None]] = []
    files: dict[date, str] = {}
    lay_rng = np.random.default_rng([cfg.seed, 8])
    for s, (d, (fmt, style)) in enumerate(zip(dates, plan, strict=True)):
        name = f"hub_models_{d.isoformat()}.{fmt}"
        files[d] = name
        lo, hi = int(row_bounds[s]), int(row_bounds[s + 1])
        bad_lines: list[tuple[int, str]] = []
        if s in corrupt or s in duplicates:
            # listing order: every present model by id; a corrupted line sits where
            # the model's good line would have been
            listed = np.nonzero(presence[:, s])[0]
            entries: list[tuple[str, int, str | None]] = []
            corrupt_of = dict(corrupt.get(s, []))
            for m in listed:
                entries.append(
                    ("bad", int(m), corrupt_of[m]) if m in corrupt_of else ("good", int(m), None)
                )
            for m in duplicates.get(s, []):
                pos = int(lay_rng.integers(0, len(entries) + 1))
                entries.insert(pos, ("dup", m, "duplicate_id"))
            for line_no, (what, m, kind) in enumerate(entries, start=1):
                if what == "good":
                    continue
                v = int(version[m, s])
                if what == "dup":
                    lower = int(all_time[m, s]) - max(1, int(all_time[m, s]) // 50)
                    text = render.line(m, v, int(last30[m, s]), lower, int(likes[m, s]))
                else:
                    text = bad_line(
                        render, m, v, kind, int(last30[m, s]), int(all_time[m, s]), int(likes[m, s])
                    )
                bad_lines.append((line_no, text))
                rejects.append(
                    (name, line_no, kind, None if kind == "invalid_json" else models[m].model_id)
                )
        layouts.append(HubFileLayout(d, name, fmt, style, (lo, hi), tuple(bad_lines)))

    rejects_df = pd.DataFrame(
        {
            "file": _objects(r[0] for r in rejects),
            "line_no": pd.Series([r[1] for r in rejects], dtype="int64"),
            "reason_kind": _objects(r[2] for r in rejects),
            "model_id": _objects(r[3] for r in rejects),
        }
    )

    known = set(ids.tolist())
    phantom = sorted({pid for m in models for _, pid in m.parents if pid not in known})
    models_df = pd.DataFrame(
        {
            "model_id": _objects(ids),
            "author": _objects(authors),
            "created_at": pd.to_datetime(created_ns, utc=True).astype("datetime64[ns, UTC]"),
            "params": pd.array([m.params for m in models], dtype="Int64"),
            "gguf_params": pd.array([(m.gguf or {}).get("total") for m in models], dtype="Int64"),
            "license": _objects(m.license for m in models),
            "parents": _objects(list(m.parents) for m in models),
            "kind": _objects(m.kind for m in models),
        }
    )

    token_rows, token_layouts = simulate_tokens(cfg)
    render.rows = RowRender(model_idx.astype(np.int32), row_version.astype(np.int8), late_created)
    return Ecosystem(
        config=cfg,
        snapshots=snapshots,
        models=models_df,
        rejects=rejects_df,
        token_rows=token_rows,
        snapshot_dates=list(dates),
        files=files,
        breakouts=breakouts,
        phantom_parents=phantom,
        hub_layouts=layouts,
        token_layouts=token_layouts,
        _render=render,
    )


def write_sample(eco: Ecosystem, out_dir: str | Path) -> dict[str, list[Path]]:
    """Write the Hub snapshot files and token exports of ``eco`` under ``out_dir``.

    Files go to ``out_dir/hub/`` and ``out_dir/tokens/``; existing files of the same
    names are overwritten, others are left alone. Output is byte-for-byte reproducible
    (gzip without timestamp, Parquet written from Arrow tables without pandas metadata).
    """
    out = Path(out_dir)
    hub_dir, token_dir = out / "hub", out / "tokens"
    hub_dir.mkdir(parents=True, exist_ok=True)
    token_dir.mkdir(parents=True, exist_ok=True)
    hub_paths = [write_hub_file(eco, layout, hub_dir) for layout in eco.hub_layouts]
    token_paths = [write_token_file(eco, layout, token_dir) for layout in eco.token_layouts]
    return {"hub": sorted(hub_paths), "tokens": sorted(token_paths)}
