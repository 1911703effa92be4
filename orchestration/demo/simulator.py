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
licences as they tag them (:data:`LICENSE_RULES`: Meta's Llama licences, Gemma's terms,
Cohere's non-commercial one, ...), uploads without a licence, a few repositories with
two ``license:`` tags or a blank one before the real one; open-source families (OLMo,
SmolLM, Pythia, TinyLlama, ...) and derivatives whose lineage mixes them with
open-weight roots. GGUF repositories have no safetensors but a ``gguf`` object whose
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
"""

from __future__ import annotations

import calendar
import csv
import gzip
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.demo import roster
from orchestration.demo.adoption import reference_downloads, values_at_ages
from orchestration.demo.seeds import read_seeds

__all__ = ["SampleConfig", "Ecosystem", "simulate", "write_sample", "snapshot_schedule"]

# --------------------------------------------------------------------------------------
# Configuration and result
# --------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class HubFileLayout:
    """How one snapshot file is laid out.

    ``rows`` is the slice of :attr:`Ecosystem.snapshots` whose accepted rows the file
    holds, in file order; ``bad_lines`` are ``(line_no, text)`` pairs of lines that the
    reader must reject, placed at those 1-based physical line numbers (good rows fill
    the remaining lines in order).
    """

    snapshot_date: date
    file: str
    fmt: str  # "jsonl", "jsonl.gz" or "parquet"
    parquet_style: str | None  # "nested", "json", "nested_string_time"
    rows: tuple[int, int]
    bad_lines: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class TokenFileLayout:
    """One token export: its rows are ``token_rows.iloc[rows[0]:rows[1]]`` in order."""

    file: str
    fmt: str  # "csv", "jsonl" or "rankings"
    rows: tuple[int, int]


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
    _render: _HubRender = field(repr=False)


# --------------------------------------------------------------------------------------
# Constants of the simulation
# --------------------------------------------------------------------------------------

OTHER = "Other"  # the family of a repository outside every named family
HISTORY_START = date(2019, 6, 1)  # earliest createdAt of a generated pre-tracking upload
DERIVATIVE_SHARE = 0.40  # of all repositories
PRE_TRACKING_SHARE = 0.08  # of generated repositories
CREATION_GROWTH = 3.0  # upload rate at the end of tracking is (1 + this) x that at its start
DELETION_RATE = 0.20  # of generated repositories, over their life

BREAKOUT_TARGETS = {
    # model id: (age in days, its size class in the param_buckets seed, target relative adoption)
    "openai/gpt-oss-120b": (7, "100-250B", 20.0),
    "Qwen/Qwen3.5-4B": (14, "1-5B", 5.0),
}

#: Download momentum of a family over calendar time (multiplier, log-interpolated).
FAMILY_MOMENTUM: dict[str, list[tuple[str, float]]] = {
    "Llama": [("2024-06-01", 1.0), ("2024-12-01", 0.9), ("2025-06-01", 0.7), ("2026-03-01", 0.5)],
    "Qwen": [("2024-06-01", 0.9), ("2025-03-01", 1.0), ("2025-09-01", 1.1), ("2026-03-01", 1.35)],
    "DeepSeek": [("2024-12-15", 1.0), ("2025-02-01", 1.15), ("2026-03-01", 1.0)],
    "Mistral": [("2024-06-01", 1.0), ("2026-03-01", 0.65)],
    "Phi": [("2024-06-01", 1.0), ("2026-03-01", 0.7)],
}
#: Download momentum by the uploader's country. This is the calibration knob of story
#: point 1: together with the release calendar of the catalogue (Qwen2.5 in 2024, the
#: DeepSeek-R1 spike, Qwen3 and the 2025 Chinese releases, gpt-oss for the US) it keeps
#: US uploads ahead until summer 2025 and lets Chinese uploads pass them in the autumn.
COUNTRY_MOMENTUM: dict[str, list[tuple[str, float]]] = {
    "CN": [
        ("2024-09-01", 0.7),
        ("2025-01-01", 0.55),
        ("2025-06-01", 0.45),
        ("2025-08-15", 0.5),
        ("2025-10-15", 0.75),
        ("2026-03-01", 1.0),
    ],
    "US": [("2024-09-01", 1.0), ("2025-06-01", 1.15), ("2025-09-01", 1.1), ("2026-03-01", 0.85)],
}
#: Which family new derivatives build on, over time (weights, linearly interpolated; a
#: family only competes once it has a release; "*" is shared by all other families).
DERIVATIVE_FAMILY_WEIGHTS: dict[str, list[tuple[str, float]]] = {
    "Llama": [
        ("2023-03-01", 0.55),
        ("2024-12-31", 0.40),
        ("2025-06-01", 0.20),
        ("2026-03-01", 0.08),
    ],
    "Qwen": [
        ("2023-03-01", 0.0),
        ("2024-06-01", 0.14),
        ("2024-12-31", 0.22),
        ("2025-06-01", 0.36),
        ("2026-03-01", 0.52),
    ],
    "Mistral": [("2023-03-01", 0.22), ("2024-09-01", 0.11), ("2026-03-01", 0.05)],
    "Gemma": [
        ("2023-03-01", 0.02),
        ("2024-09-01", 0.07),
        ("2025-04-01", 0.09),
        ("2026-03-01", 0.07),
    ],
    "DeepSeek": [
        ("2023-03-01", 0.01),
        ("2025-01-01", 0.02),
        ("2025-02-01", 0.06),
        ("2026-03-01", 0.05),
    ],
    "Phi": [("2023-03-01", 0.02), ("2024-09-01", 0.04), ("2026-03-01", 0.025)],
    "GPT-OSS": [("2023-03-01", 0.08), ("2026-03-01", 0.06)],
    "*": [("2023-03-01", 0.10), ("2026-03-01", 0.10)],
}
#: Never-listed parents (gated or removed repositories) that pre-tracking derivatives
#: build on: id, created, nominal params, popularity as a parent.
PHANTOM_BASES: list[tuple[str, str, int, float]] = [
    ("meta-llama/Llama-2-7b-hf", "2023-07-13", 6_738_415_616, 40000),
    ("meta-llama/Llama-2-7b-chat-hf", "2023-07-13", 6_738_415_616, 60000),
    ("meta-llama/Llama-2-13b-chat-hf", "2023-07-13", 13_015_864_320, 20000),
    ("ghost-ml/removed-base-13b", "2024-02-01", 13_015_864_320, 300),
]

_EPOCH = date(1970, 1, 1).toordinal()


def _day(d: date) -> int:
    """Day number (days since 1970-01-01) of a date."""
    return d.toordinal() - _EPOCH


def _date(day: int) -> date:
    return date.fromordinal(int(day) + _EPOCH)


def _iso_day(text: str) -> int:
    return _day(date.fromisoformat(text[:10]))


def _objects(values) -> pd.Series:
    """A column of Python objects (keeps None as None; pandas 3 would infer ``str``)."""
    return pd.Series(list(values), dtype=object)


def _stable_unit(*parts: object) -> float:
    """A uniform number in [0, 1) fixed by its arguments (independent of PYTHONHASHSEED)."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _anchored(anchors: list[tuple[str, float]], days: np.ndarray, log: bool) -> np.ndarray:
    """Piecewise interpolation of anchor values over day numbers, flat outside."""
    xs = np.array([_iso_day(a) for a, _ in anchors], dtype=float)
    ys = np.array([v for _, v in anchors], dtype=float)
    if log:
        return np.exp(np.interp(days, xs, np.log(np.maximum(ys, 1e-12))))
    return np.interp(days, xs, ys)


# --------------------------------------------------------------------------------------
# Snapshot calendar
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# The catalogue of repositories
# --------------------------------------------------------------------------------------


@dataclass(eq=False)
class _Model:
    """One Hub repository as the simulator knows it (mutable while being built)."""

    model_id: str
    created: datetime  # naive, UTC
    params: int | None
    param_dtypes: dict[str, int] | None
    pipeline: str | None
    library: str | None
    parents: list[tuple[str, str]]
    bare_parent_tags: bool  # write only "base_model:<id>" (relation unspecified)
    kind: str
    popularity: float
    hype: float
    nominal_params: int | None
    quant_format: str | None = None
    curated: bool = False
    protected: bool = False
    family: str = OTHER  # its family in the story (the roster's ``family:`` flag)
    depth: int = 0
    # the values of its ``license:`` tags in tag order ("" = a bare ``license:``);
    # None while a curated repository still inherits its first parent's
    license_tags: tuple[str, ...] | None = ("apache-2.0",)
    gguf: dict | None = None  # the ``gguf`` object of a GGUF repository
    deleted_on: date | None = None
    early_switch: date | None = None  # before this date the listing shows early_* values
    early_without_parents: bool = False
    early_without_params: bool = False
    extra_tags: tuple[str, ...] = ()  # written as given (any case), after the others

    @property
    def author(self) -> str | None:
        return self.model_id.split("/", 1)[0] if "/" in self.model_id else None

    @property
    def name(self) -> str:
        return self.model_id.split("/", 1)[-1]

    @property
    def created_day(self) -> int:
        return _day(self.created.date())

    @property
    def country(self) -> str:
        return read_seeds().country(self.author)

    @property
    def license(self) -> str | None:
        """The licence that counts: the first ``license:`` tag with a value."""
        return next((v.strip(" ") for v in self.license_tags or () if v.strip(" ")), None)


def _parse_params(text: str, model_id: str) -> int | None:
    """Catalogue parameter counts: exact ints, or nominal "7.62B" with a stable jitter."""
    text = text.strip()
    if text in ("", "-"):
        return None
    if text[-1] in "BM":
        nominal = float(text[:-1]) * (1e9 if text[-1] == "B" else 1e6)
        jittered = int(round(nominal * (1 + 0.004 * _stable_unit("params", model_id))))
        crosses = any(nominal < e <= jittered for e in read_seeds().bucket_edges)
        return int(round(nominal)) if crosses else jittered
    return int(text)


def _quantized_dtypes(nominal: int, fmt: str) -> dict[str, int]:
    """Safetensors dtype breakdown of a packed (AWQ/GPTQ/bnb/FP8/MLX) checkpoint.

    Packed integer tensors hold several weights per element, so the Hub's
    ``safetensors.total`` of such repositories is smaller than the model's real size -
    a genuine quirk of the source the size mart has to live with.
    """
    if fmt == "fp8":
        return {"F8_E4M3": int(nominal * 0.97), "BF16": int(nominal * 0.03)}
    if fmt == "bnb":
        return {"U8": int(nominal * 0.45), "F16": int(nominal * 0.06), "F32": 26_214_400}
    if fmt in ("mlx", "exl2"):
        return {"U32": int(nominal * 0.125), "BF16": int(nominal * 0.03)}
    return {"I32": int(nominal * 0.115), "F16": int(nominal * 0.14)}  # awq / gptq


#: Licences of the curated labs as they tag them on the Hub: (org or None for an id
#: without one, case-insensitive regex on the name, licence; "" for a repository with
#: no licence tag). First match wins; a curated repository no rule matches inherits
#: its first parent's licence (quantizers and fine-tuners copy it), else apache-2.0.
LICENSE_RULES: list[tuple[str | None, str, str]] = [
    ("meta-llama", r"llama-4|guard-4|prompt-guard-2", "llama4"),
    ("meta-llama", r"llama-3\.3", "llama3.3"),
    ("meta-llama", r"llama-3\.2", "llama3.2"),
    ("meta-llama", r"llama-3\.1|guard-3", "llama3.1"),
    ("meta-llama", r"llama-2", "llama2"),
    ("meta-llama", "", "llama3"),
    ("google", "gemma", "gemma"),
    ("google", "", "apache-2.0"),
    ("Qwen", r"-(3|72)b", "other"),  # Qwen's research / custom licences of 3B and 72B
    ("Qwen", "", "apache-2.0"),
    ("deepseek-ai", r"coder-6\.7b|-v2|vl2|v3(-base)?$", "deepseek"),
    ("deepseek-ai", "", "mit"),
    ("microsoft", "", "mit"),
    ("openai", "clip", ""),  # the CLIP repositories carry no licence
    ("openai", "", "apache-2.0"),
    ("openai-community", "", "mit"),
    (None, r"^(gpt2|roberta-base|xlm-roberta-base)$", "mit"),
    (None, "", "apache-2.0"),
    ("THUDM", r"chatglm|glm-4-9b|glm-4v|cogvideo", "other"),
    ("THUDM", "", "mit"),
    ("zai-org", r"glm-4-9b", "other"),
    ("zai-org", "", "mit"),
    ("moonshotai", "kimi-k2", "other"),  # a modified MIT licence
    ("moonshotai", "", "mit"),
    ("MiniMaxAI", "text-01", "other"),
    ("MiniMaxAI", "-m2", "mit"),
    ("MiniMaxAI", "", "apache-2.0"),
    ("internlm", "internlm2", "other"),
    ("baichuan-inc", "baichuan2", "other"),
    ("tencent", "", "other"),
    ("BAAI", "bge", "mit"),
    ("XiaomiMiMo", "", "mit"),
    ("nvidia", r"parakeet|canary|openreasoning", "cc-by-4.0"),
    ("nvidia", r"llama-3\.1-nemotron-70b", "llama3.1"),
    ("nvidia", "", "other"),
    ("CohereLabs", "", "cc-by-nc-4.0"),
    ("upstage", "solar-10", "cc-by-nc-4.0"),
    ("upstage", "", "mit"),
    ("LGAI-EXAONE", "", "other"),
    ("ai21labs", "reasoning", "apache-2.0"),
    ("ai21labs", "", "other"),
    ("stabilityai", r"stable-diffusion-(2|xl)", "openrail++"),
    ("stabilityai", "vae", "mit"),
    ("stabilityai", "", "other"),
    ("tiiuae", r"falcon3|falcon-h1|falcon-e", "other"),
    ("tiiuae", "", "apache-2.0"),
    ("bigcode", "", "bigcode-openrail-m"),
    ("mistralai", r"large-instruct-24|pixtral-large|devstral-2-123b", "other"),
    ("mistralai", "", "apache-2.0"),
    ("allenai", "llama", "llama3.1"),
    ("allenai", "", "apache-2.0"),
    ("NousResearch", r"llama|hermes-4-(70|405)b", "llama3"),
    ("NousResearch", "", "apache-2.0"),
    ("EleutherAI", "", "apache-2.0"),
    ("nomic-ai", "", "apache-2.0"),
    ("swiss-ai", "", "apache-2.0"),
    ("HuggingFaceTB", "", "apache-2.0"),
    ("ibm-granite", "", "apache-2.0"),
    ("pyannote", "", "mit"),
    ("dslim", "", "mit"),
]


def _license_for(model_id: str) -> tuple[str, ...] | None:
    """The licence tags of a curated repository by :data:`LICENSE_RULES`; None: no rule."""
    org, _, name = model_id.rpartition("/")
    for rule_org, pattern, license_ in LICENSE_RULES:
        if (rule_org or "") != org or (pattern and not re.search(pattern, name, re.IGNORECASE)):
            continue
        return (license_,) if license_ else ()
    return None


def _derived_licenses(model_id: str, relation: str, parents: list[_Model]) -> tuple[str, ...]:
    """The licence tags of a generated derivative, mostly its first parent's.

    A merge lists every parent's licence, in parent order; a quantization copies its
    parent's. Some fine-tunes and adapters carry none, a non-commercial one (trained
    on such data), a blank ``license:`` left by a card template before the base's, or
    their own licence before the base's.
    """
    inherited = parents[0].license
    own = (inherited,) if inherited else ()
    if relation == "merge":
        return tuple(dict.fromkeys(p.license for p in parents if p.license))
    if relation == "quantized":
        return own
    u = _stable_unit("license", model_id)
    if u < 0.08:
        return ()
    if u < 0.11:
        return ("cc-by-nc-4.0",)
    if u < 0.14:
        return ("", *own)
    if u < 0.17 and inherited not in (None, "apache-2.0"):
        return ("apache-2.0", inherited)
    return own


def _upload_licenses(model_id: str, drawn: str) -> tuple[str, ...]:
    """The licence tags of an individual upload: about a fifth carry none, a few a
    non-commercial or a use-restricted (RAIL) licence, the others the drawn one."""
    u = _stable_unit("license", model_id)
    if u < 0.2:
        return ()
    if u < 0.25:
        return ("cc-by-nc-4.0",)
    if u < 0.28:
        return ("openrail",)
    return (drawn,)


#: llama.cpp architecture and context length of a GGUF conversion, by the first
#: pattern found in its parent's id (lower-cased); the last row is the fallback.
GGUF_HEADERS: list[tuple[str, str, int]] = [
    (r"distill-qwen", "qwen2", 131072),
    (r"distill-llama", "llama", 131072),
    (r"qwen3-(coder-)?\d+b-a\d+b|qwen3-next", "qwen3moe", 262144),
    (r"qwen3", "qwen3", 40960),
    (r"qwen2(\.5)?-vl", "qwen2vl", 128000),
    (r"qwen|qwq", "qwen2", 32768),
    (r"deepseek-(r1|v3)", "deepseek2", 163840),
    (r"gpt-oss", "gpt-oss", 131072),
    (r"gemma-3", "gemma3", 131072),
    (r"gemma", "gemma2", 8192),
    (r"llama-3\.[123]|llama-3_", "llama", 131072),
    (r"llama-2", "llama", 4096),
    (r"mistral-nemo|ministral", "llama", 131072),
    (r"mistral|mixtral", "llama", 32768),
    (r"phi-[34]", "phi3", 131072),
    (r"olmo", "olmo2", 4096),
    (r"smol|tinyllama", "llama", 2048),
    (r"glm", "glm4", 131072),
    (r"", "llama", 8192),
]


def _read_curated(cfg: SampleConfig) -> list[_Model]:
    """Parse :data:`roster.CURATED_MODELS`, keeping repositories created by ``end``."""
    models = []
    for raw in roster.CURATED_MODELS.strip().splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("|")]
        cells += [""] * (8 - len(cells))
        model_id, created, params, pipeline, library, pop, parents, flags = cells[:8]
        created_at = datetime.fromisoformat(created if "T" in created else created + "T12:00:00")
        if created_at.date() > cfg.end:
            continue
        flag_set = flags.split()
        quant = next(
            (f for f in ("gguf", "awq", "fp8", "bnb", "mlx", "exl2") if f in flag_set), None
        )
        nominal = _parse_params(params, model_id)
        parent_list: list[tuple[str, str]] = []
        bare = False
        for spec in filter(None, (p.strip() for p in parents.split(","))):
            if ":" in spec.split("/", 1)[0]:
                rel, pid = spec.split(":", 1)
            else:
                rel, pid, bare = "unspecified", spec, True
            parent_list.append((rel, pid))
        dtypes = None
        total = nominal
        if quant == "gguf":
            total = None
        elif quant and nominal:
            dtypes = _quantized_dtypes(nominal, quant)
            total = sum(dtypes.values())
        elif nominal:
            dtypes = {"F32" if nominal < 400e6 else "BF16": nominal}
        if parent_list and parent_list[0][1] == model_id:
            kind = "self_reference"
        elif parent_list:
            kind = parent_list[0][0]
        else:
            kind = "base"
        models.append(
            _Model(
                model_id=model_id,
                created=created_at,
                params=total,
                param_dtypes=dtypes if total else None,
                pipeline=pipeline or None,
                library=library or None,
                parents=parent_list,
                bare_parent_tags=bare,
                kind=kind,
                popularity=float(pop),
                hype=2.0,
                nominal_params=nominal,
                quant_format=quant,
                curated=True,
                protected="protect" in flag_set or "breakout" in flag_set,
                license_tags=next(
                    (tuple(f[4:].split(",")) for f in flag_set if f.startswith("lic:")),
                    _license_for(model_id),
                ),
                extra_tags=tuple(f[4:] for f in flag_set if f.startswith("tag:")),
                family=next((f[7:] for f in flag_set if f.startswith("family:")), OTHER),
            )
        )
    unknown = {m.family for m in models} - read_seeds().families - {OTHER}
    if unknown:
        raise ValueError(f"roster families missing from the model_families seed: {sorted(unknown)}")
    return models


def _make_handles(rng: np.random.Generator, count: int) -> list[str]:
    """Generated individual uploaders, e.g. ``user-a1b2``, ``neural-lab-7``."""
    handles: list[str] = []
    seen: dict[str, None] = {}
    a_words, b_words = roster.HANDLE_WORDS_A, roster.HANDLE_WORDS_B
    while len(handles) < count:
        style = rng.integers(4)
        a = a_words[rng.integers(len(a_words))]
        b = b_words[rng.integers(len(b_words))]
        if style == 0:
            handle = f"user-{rng.integers(16**4):04x}"
        elif style == 1:
            handle = f"{a}-{b}-{rng.integers(1, 100)}"
        elif style == 2:
            handle = f"{a}{b.replace('-', '')}{rng.integers(1, 1000)}"
        else:
            handle = f"{a}-{b}"
        if handle not in seen and not read_seeds().is_org(handle):
            seen[handle] = None
            handles.append(handle)
    return handles


def _creation_times(
    rng: np.random.Generator, n: int, lo: date, hi: date, growth: float
) -> list[datetime]:
    """``n`` creation instants in [lo, hi], density rising linearly by ``growth``."""
    span = (hi - lo).days + 1
    if n <= 0 or span <= 0:
        return []
    # inverse CDF of a density proportional to 1 + growth * x on [0, 1]
    u = rng.random(n)
    x = (np.sqrt(1 + growth * (2 + growth) * u) - 1) / growth if growth > 0 else u
    offsets = np.minimum((x * span).astype(int), span - 1)
    seconds = rng.integers(0, 86400, n)
    return sorted(
        datetime.combine(lo + timedelta(days=int(o)), datetime.min.time())
        + timedelta(seconds=int(s))
        for o, s in zip(offsets, seconds, strict=True)
    )


def _unique_id(author: str, name: str, taken: dict[str, None]) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:90]
    candidate = f"{author}/{name}"
    k = 2
    while candidate in taken:
        candidate = f"{author}/{name}-v{k}"
        k += 1
    taken[candidate] = None
    return candidate


class _CatalogueBuilder:
    """Builds the list of repositories: curated ones plus generated uploads."""

    def __init__(self, cfg: SampleConfig):
        self.cfg = cfg
        self.rng = np.random.default_rng([cfg.seed, 1])
        self.models: list[_Model] = _read_curated(cfg)
        self.taken: dict[str, None] = dict.fromkeys(m.model_id for m in self.models)
        self.by_id = {m.model_id: m for m in self.models}
        self.phantoms: dict[str, _Model] = {
            pid: _Model(
                model_id=pid,
                created=datetime.fromisoformat(created + "T00:00:00"),
                params=None,
                param_dtypes=None,
                pipeline="text-generation",
                library="transformers",
                parents=[],
                bare_parent_tags=False,
                kind="base",
                popularity=pop,
                hype=1.0,
                nominal_params=params,
                license_tags=_license_for(pid),
            )
            for pid, created, params, pop in PHANTOM_BASES
        }
        for m in [*self.phantoms.values(), *self.models]:
            self._inherited_licenses(m, ())

    def _inherited_licenses(self, m: _Model, seen: tuple[str, ...]) -> tuple[str, ...]:
        """A curated repository's licence tags; without a rule, its first parent's."""
        if m.license_tags is None:
            parent = self._first_parent(m)
            if parent is None or parent.model_id in seen:
                m.license_tags = ("apache-2.0",)
            else:
                self._inherited_licenses(parent, (*seen, m.model_id))
                m.license_tags = (parent.license,) if parent.license else ()
        return m.license_tags

    def _first_parent(self, m: _Model) -> _Model | None:
        """The first listed (or phantom) parent other than the model itself."""
        for _, pid in m.parents:
            if pid != m.model_id:
                return self.by_id.get(pid) or self.phantoms.get(pid)
        return None

    def _gguf_header(self, m: _Model) -> dict | None:
        """The ``gguf`` object of a GGUF repository: its parent's real parameter count
        (the converted weights), the llama.cpp architecture and context length."""
        parent = self._first_parent(m)
        total = m.nominal_params or (parent and (parent.nominal_params or parent.params))
        if not total:
            return None
        ref = (parent or m).model_id.lower()
        arch, context = next((a, c) for pattern, a, c in GGUF_HEADERS if re.search(pattern, ref))
        return {"total": int(total), "architecture": arch, "context_length": context}

    # -- helpers ---------------------------------------------------------------------
    def _add(self, model: _Model) -> None:
        self.models.append(model)
        self.by_id[model.model_id] = model

    # -- main ------------------------------------------------------------------------
    def build(self) -> list[_Model]:
        cfg, rng = self.cfg, self.rng
        for m in self.models:
            m.depth = self._depth(m)
        n_generated = max(0, cfg.n_models - len(self.models))
        n_curated_derivatives = sum(
            1 for m in self.models if any(p != m.model_id for _, p in m.parents)
        )
        n_derivatives = int(
            np.clip(round(DERIVATIVE_SHARE * cfg.n_models) - n_curated_derivatives, 0, n_generated)
        )
        n_individual = n_generated - n_derivatives
        handles = _make_handles(rng, max(40, n_generated // 5))
        handle_weights = 1.0 / np.arange(1, len(handles) + 1) ** 1.05
        self.handles, self.handle_p = handles, handle_weights / handle_weights.sum()

        pre_end = cfg.start - timedelta(days=1)
        n_pre_ind = int(round(PRE_TRACKING_SHARE * n_individual))
        n_pre_der = int(round(PRE_TRACKING_SHARE * n_derivatives))
        for created in _creation_times(
            rng, n_pre_ind, HISTORY_START, pre_end, 3.0
        ) + _creation_times(rng, n_individual - n_pre_ind, cfg.start, cfg.end, CREATION_GROWTH):
            self._add(self._individual_upload(created))
        deriv_times = _creation_times(
            rng, n_pre_der, date(2023, 3, 1), pre_end, 2.0
        ) + _creation_times(rng, n_derivatives - n_pre_der, cfg.start, cfg.end, CREATION_GROWTH)
        for created in deriv_times:
            model = self._derivative(created)
            if model is not None:
                self._add(model)
        self._schedule_deletions()
        self._schedule_attribute_changes()
        for m in self.models:
            if m.quant_format == "gguf":
                m.gguf = self._gguf_header(m)
        return sorted(self.models, key=lambda m: m.model_id)

    def _depth(self, m: _Model) -> int:
        seen = {m.model_id}
        frontier = [p for _, p in m.parents if p != m.model_id]
        depth = 0
        while frontier:
            depth += 1
            nxt = []
            for pid in frontier:
                if pid in seen:
                    continue
                seen.add(pid)
                parent = self.by_id.get(pid)
                if parent is not None:
                    nxt += [p for _, p in parent.parents if p != pid]
            frontier = nxt
            if depth > 8:
                break
        return depth

    def _individual_upload(self, created: datetime) -> _Model:
        """A repository without a base model: classifiers, tiny LMs, RL agents..."""
        rng = self.rng
        kinds = roster.INDIVIDUAL_KINDS
        weights = np.array([k[5] for k in kinds])
        pipeline, library, template, mu, sd, _ = kinds[
            rng.choice(len(kinds), p=weights / weights.sum())
        ]
        handle = self.handles[rng.choice(len(self.handles), p=self.handle_p)]
        name = template.format(
            arch=roster.INDIVIDUAL_ARCHS[rng.integers(len(roster.INDIVIDUAL_ARCHS))],
            topic=roster.INDIVIDUAL_TOPICS[rng.integers(len(roster.INDIVIDUAL_TOPICS))],
            n=rng.integers(2, 4),
        )
        params = None
        if sd is not None and rng.random() > 0.08:
            params = int(10 ** rng.normal(mu, sd))
        model_id = _unique_id(handle, name, self.taken)
        pop = float(min(40000.0, np.exp(rng.normal(np.log(2.0), 1.9))))
        return _Model(
            model_id=model_id,
            created=created,
            params=params,
            param_dtypes={"F32": params} if params else None,
            pipeline=pipeline,
            library=library,
            parents=[],
            bare_parent_tags=False,
            kind="base",
            popularity=pop,
            hype=0.6,
            nominal_params=params,
            license_tags=_upload_licenses(
                model_id, ["apache-2.0", "mit", "cc-by-4.0", "other"][rng.integers(4)]
            ),
        )

    def _family_pools(self, day: int) -> dict[str, list[_Model]]:
        pools: dict[str, list[_Model]] = {}
        candidates = list(self.phantoms.values()) + self.models
        for m in candidates:
            if m.created_day >= day or m.quant_format is not None or m.kind in ("adapter",):
                continue
            if m.deleted_on is not None and _day(m.deleted_on) <= day:
                continue
            if m.depth >= 3 or m.kind in ("self_reference",) or m.family == OTHER and not m.curated:
                continue
            if m.model_id.startswith(
                ("loop-lab/", "self-ref-lab/", "phoenix-tuner/", "fusion-works/")
            ):
                continue
            pools.setdefault(m.family, []).append(m)
        return pools

    def _derivative(self, created: datetime) -> _Model | None:
        """A derivative of an existing model, uploaded by a quantizer or an individual."""
        rng = self.rng
        day = _day(created.date())
        pools = self._family_pools(day)
        if not pools:
            return None
        fam_names = sorted(pools)
        weights = []
        named = set(DERIVATIVE_FAMILY_WEIGHTS) - {"*"}
        n_rest = sum(1 for f in fam_names if f not in named)
        for fam in fam_names:
            anchors = DERIVATIVE_FAMILY_WEIGHTS.get(fam)
            if anchors is None:
                w = float(_anchored(DERIVATIVE_FAMILY_WEIGHTS["*"], np.array([day]), False)[0])
                w = w * (sum(m.popularity for m in pools[fam]) ** 0.5) / max(n_rest, 1) / 300
            else:
                w = float(_anchored(anchors, np.array([day]), False)[0])
            weights.append(max(w, 0.0))
        w_arr = np.array(weights)
        if w_arr.sum() <= 0:
            return None
        family = fam_names[rng.choice(len(fam_names), p=w_arr / w_arr.sum())]
        pool = pools[family]

        relation = str(
            rng.choice(
                ["quantized", "finetune", "adapter", "merge", "unspecified"],
                p=[0.38, 0.34, 0.14, 0.08, 0.06],
            )
        )
        text_like = [m for m in pool if m.pipeline in ("text-generation", "image-text-to-text")]
        if relation in ("quantized", "merge") and text_like:
            pool = text_like
        # popular and recent releases attract derivatives; generated finetunes can be
        # built on too (chains), with a boost that makes up for their small audience
        age = np.array([max(day - m.created_day, 1) for m in pool], dtype=float)
        pop = np.array([m.popularity if m.curated else m.popularity * 40 for m in pool])
        attract = pop ** (0.9 if relation == "quantized" else 0.6) * (1 + 6 * np.exp(-age / 45))
        attract *= np.array([1.0 if m.depth < 2 else 0.5 for m in pool])
        probs = attract / attract.sum()

        parents = [pool[rng.choice(len(pool), p=probs)]]
        if relation == "merge":
            # mergekit needs identical architectures: merge models of the first one's size
            size = parents[0].nominal_params or 0
            mates = [
                i
                for i, m in enumerate(pool)
                if m is not parents[0]
                and size
                and m.pipeline == parents[0].pipeline
                and abs(np.log((m.nominal_params or 1) / size)) < 0.05
            ]
            if mates:
                k = min(len(mates), 1 if rng.random() < 0.8 else 2)
                mate_p = probs[mates] / probs[mates].sum()
                picked = rng.choice(len(mates), size=k, replace=False, p=mate_p)
                parents += [pool[mates[i]] for i in sorted(picked)]
            else:
                relation = "finetune"
        first = parents[0]

        uploader, reach, hype = self._uploader_for(relation, created, first)
        base_name = first.name
        nominal = first.nominal_params or first.params
        quant = None
        params: int | None = nominal
        dtypes: dict[str, int] | None = None
        library = first.library if first.library not in (None, "vllm") else "transformers"
        if relation == "quantized":
            quant, suffix = self._quant_style(uploader)
            name = f"{base_name}-{suffix}"
            if quant == "gguf":
                # The Hub names the library of about half of the GGUF repositories.
                params = None
                gguf_library = _stable_unit("gguf-library", uploader, name) < 0.5
                library = "gguf" if gguf_library else None
            elif nominal:
                dtypes = _quantized_dtypes(nominal, quant)
                params = sum(dtypes.values())
                library = "mlx" if quant == "mlx" else "transformers"
        elif relation == "adapter":
            topic = roster.ADAPTER_TOPICS[rng.integers(len(roster.ADAPTER_TOPICS))]
            name = f"{base_name}-{'q' if rng.random() < 0.4 else ''}lora-{topic}"
            library = "peft"
            params = (
                int(nominal * rng.uniform(0.002, 0.01)) if nominal and rng.random() < 0.3 else None
            )
            dtypes = {"F32": params} if params else None
        elif relation == "merge":
            name = "merge-of-" + "-and-".join(p.name[:32] for p in parents)
        else:
            suffix = roster.FINETUNE_SUFFIXES[rng.integers(len(roster.FINETUNE_SUFFIXES))]
            name = base_name if uploader == "unsloth" else f"{base_name}-{suffix}"
        if params and dtypes is None:
            dtypes = {"BF16": params}
        if relation in ("finetune", "unspecified", "merge") and rng.random() < 0.06:
            params, dtypes = None, None  # pytorch_model.bin only: no safetensors metadata
        model_id = _unique_id(uploader, name, self.taken)
        rel = "unspecified" if relation == "unspecified" else relation
        parent_pop = max(p.popularity for p in parents)
        # heavy-tailed, but a copy never draws more than a fraction of its parent's audience
        pop = parent_pop * min(reach * float(np.exp(rng.normal(0.0, 1.1))), 0.25)
        pop = max(0.05, pop)
        model = _Model(
            model_id=model_id,
            created=created,
            params=params,
            param_dtypes=dtypes,
            pipeline=first.pipeline,
            library=library,
            parents=[(("finetune" if rel == "unspecified" else rel), p.model_id) for p in parents],
            bare_parent_tags=rel == "unspecified",
            kind=rel,
            popularity=pop,
            hype=hype,
            nominal_params=nominal,
            quant_format=quant,
            family=family,
            depth=1 + max(p.depth for p in parents),
            license_tags=_derived_licenses(model_id, rel, parents),
        )
        if rel == "unspecified":
            model.parents = [("unspecified", p.model_id) for p in parents]
        return model

    def _uploader_for(
        self, relation: str, created: datetime, parent: _Model
    ) -> tuple[str, float, float]:
        """Who uploads a derivative, its reach relative to the parent, its launch hype."""
        rng = self.rng
        if relation == "quantized" and rng.random() < 0.68:
            active = [
                (a, w)
                for a, since, until, w in roster.QUANTIZERS
                if created.date() >= date.fromisoformat(since)
                and (until is None or created.date() < date.fromisoformat(until))
            ]
            if active:
                weights = np.array([w for _, w in active])
                author = active[rng.choice(len(active), p=weights / weights.sum())][0]
                return author, roster.QUANTIZER_REACH[author], 1.5
        if relation == "finetune" and created.date() >= date(2024, 5, 1) and rng.random() < 0.06:
            return "unsloth", 0.08, 1.2
        handle = self.handles[rng.choice(len(self.handles), p=self.handle_p)]
        return handle, 0.0025, 0.8

    def _quant_style(self, uploader: str) -> tuple[str, str]:
        rng = self.rng
        if uploader == "mradermacher":
            return "gguf", "i1-GGUF" if rng.random() < 0.5 else "GGUF"
        if uploader == "unsloth":
            return ("gguf", "GGUF") if rng.random() < 0.6 else ("bnb", "bnb-4bit")
        if uploader == "TheBloke":
            r = rng.random()
            return ("gguf", "GGUF") if r < 0.6 else (("awq", "AWQ") if r < 0.8 else ("awq", "GPTQ"))
        if uploader in ("bartowski", "lmstudio-community", "MaziyarPanahi"):
            return "gguf", "GGUF"
        options = [
            ("gguf", "Q4_K_M-GGUF"),
            ("mlx", "4bit"),
            ("awq", "AWQ"),
            ("awq", "GPTQ-Int4"),
            ("fp8", "FP8"),
            ("gguf", "GGUF"),
        ]
        return options[rng.integers(len(options))]

    def _schedule_deletions(self) -> None:
        """Some generated uploads disappear from the listing for good."""
        rng = np.random.default_rng([self.cfg.seed, 2])
        for m in self.models:
            if m.curated or m.protected:
                continue
            rate = DELETION_RATE * (0.3 if read_seeds().is_org(m.author) else 1.2)
            if rng.random() < rate:
                gone = m.created.date() + timedelta(days=int(rng.integers(21, 300)))
                if gone <= self.cfg.end:
                    m.deleted_on = max(gone, self.cfg.start + timedelta(days=15))

    def _schedule_attribute_changes(self) -> None:
        """A few repositories fix their metadata later: the latest listing is the truth.

        Some derivatives gain their ``base_model`` tags only after a model-card edit;
        some individual uploads gain safetensors metadata after a re-upload.
        """
        rng = np.random.default_rng([self.cfg.seed, 3])
        start, end = self.cfg.start, self.cfg.end
        derivs = [
            m
            for m in self.models
            if not m.curated
            and m.parents
            and m.deleted_on is None
            and start + timedelta(days=20) <= m.created.date() <= end - timedelta(days=45)
        ]
        bases = [
            m
            for m in self.models
            if not m.curated
            and not m.parents
            and m.params
            and m.deleted_on is None
            and start + timedelta(days=20) <= m.created.date() <= end - timedelta(days=45)
        ]
        for group, attr, count in (
            (derivs, "early_without_parents", 12),
            (bases, "early_without_params", 4),
        ):
            if not group:
                continue
            for i in rng.choice(len(group), size=min(count, len(group)), replace=False):
                m = group[int(i)]
                setattr(m, attr, True)
                m.early_switch = m.created.date() + timedelta(days=int(rng.integers(10, 40)))


# --------------------------------------------------------------------------------------
# Tags and rendering
# --------------------------------------------------------------------------------------

_CONVERSATIONAL = re.compile(r"(instruct|chat|-it\b|-it-|thinking|think|r1|rl\b|qwq)", re.I)


def _quant_tag(m: _Model) -> str | None:
    """The Hub tag of a packed checkpoint's format (GPTQ and AWQ share quant_format awq)."""
    if m.quant_format == "awq":
        return "gptq" if "gptq" in m.name.lower() else "awq"
    if m.quant_format in ("gguf", "mlx", "exl2"):
        return m.quant_format
    return None


def _tags(m: _Model, with_parents: bool) -> list[str]:
    """The Hub ``tags`` of a repository, parents encoded as ``base_model:`` tags.

    Repackagings carry their format's tag (``gguf``, ``mlx``, ``gptq``, ``awq``,
    ``exl2``), once even when it is also the library's name.
    """
    tags: list[str] = []
    if m.library:
        tags.append(m.library)
    quant_tag = _quant_tag(m)
    if quant_tag and quant_tag != m.library:
        tags.append(quant_tag)
    if m.quant_format != "gguf" and m.params:
        tags.append("safetensors")
    if m.pipeline in ("text-generation", "image-text-to-text"):
        tags.append(re.sub(r"[^a-z0-9]+", "_", m.family.lower()) if m.family != OTHER else "custom")
    if m.pipeline:
        tags.append(m.pipeline)
    if _CONVERSATIONAL.search(m.name) and m.pipeline == "text-generation":
        tags.append("conversational")
    if m.kind == "merge":
        tags += ["mergekit", "merge"]
    if with_parents and m.parents:
        tags += [f"base_model:{pid}" for _, pid in m.parents]
        if not m.bare_parent_tags:
            tags += [f"base_model:{rel}:{pid}" for rel, pid in m.parents]
    tags += [f"license:{value}" for value in m.license_tags or ()]
    tags += ["region:us", *m.extra_tags]
    return tags


class _HubRender:
    """Per-repository pieces of a JSON line, precomputed so writing 300k lines is fast.

    A line is ``head + counts + tail[version]`` where ``head`` holds id, author and
    createdAt, ``counts`` the three counters and ``tail`` the descriptive fields (two
    versions for repositories whose metadata changed).
    """

    def __init__(self, models: list[_Model], omit_author: np.ndarray, extras: list[dict | None]):
        self.head: list[str] = []
        self.tail: list[tuple[str, str]] = []
        self.safetensors: list[tuple[dict | None, dict | None]] = []
        self.gguf: list[dict | None] = [m.gguf for m in models]
        self.omit_author = omit_author
        self.extras = extras
        self.rows: _RowRender | None = None  # set once the accepted table exists
        for i, m in enumerate(models):
            head = '{"id": ' + json.dumps(m.model_id)
            if m.author is not None and not omit_author[i]:
                head += ', "author": ' + json.dumps(m.author)
            head += ', "createdAt": "' + _iso_ms(m.created) + '"'
            self.head.append(head)
            versions = []
            sts = []
            for early in (True, False):
                tags = _tags(m, with_parents=not (early and m.early_without_parents))
                params = None if (early and m.early_without_params) else m.params
                st = {"parameters": dict(m.param_dtypes), "total": params} if params else None
                tail = ""
                if m.pipeline:
                    tail += ', "pipeline_tag": ' + json.dumps(m.pipeline)
                if m.library:
                    tail += ', "library_name": ' + json.dumps(m.library)
                tail += ', "tags": ' + json.dumps(tags)
                if st is not None:
                    tail += ', "safetensors": ' + json.dumps(st)
                if m.gguf is not None:
                    tail += ', "gguf": ' + json.dumps(m.gguf)
                if extras[i]:
                    tail += ", " + json.dumps(extras[i])[1:-1]
                versions.append(tail + "}")
                sts.append(st)
            self.tail.append((versions[0], versions[1]))
            self.safetensors.append((sts[0], sts[1]))

    def line(
        self,
        m: int,
        version: int,
        downloads: int,
        all_time,
        likes: int,
        all_time_key: bool = True,
        created: str | None = None,
    ) -> str:
        head = self.head[m]
        if created is not None:  # createdAt is the head's last field
            head = head[: head.rindex('"createdAt": ')] + f'"createdAt": "{created}"'
        counts = f', "downloads": {downloads}'
        if all_time_key:
            counts += ', "downloadsAllTime": ' + (
                json.dumps(all_time) if isinstance(all_time, str) else str(int(all_time))
            )
        counts += f', "likes": {likes}'
        return head + counts + self.tail[m][version]


def _iso_ms(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%S") + ".000Z"


def _extras_for(m: _Model, rng: np.random.Generator) -> dict | None:
    """Unknown extra fields some listing lines carry (the reader must ignore them)."""
    if rng.random() >= 0.12:
        return None
    digest = hashlib.sha1(m.model_id.encode()).hexdigest()
    gated: bool | str = "manual" if m.author in ("meta-llama",) else False
    return {"_id": digest[:24], "private": False, "gated": gated, "sha": digest}


# --------------------------------------------------------------------------------------
# Downloads
# --------------------------------------------------------------------------------------


def _lifecycle(age: np.ndarray, hype: np.ndarray) -> np.ndarray:
    """Relative daily downloads by age in days: a launch bump, then a slow decay."""
    age = np.maximum(age, 0.0)
    ramp = np.minimum(1.0, (age + 1.0) / 2.0)
    return ramp * (1.0 + hype * np.exp(-age / 21.0)) * (1.0 + age / 240.0) ** -0.55


def _lifecycle_sum(ages: np.ndarray, hype: np.ndarray) -> np.ndarray:
    """Sum of :func:`_lifecycle` over ages 0..n-1 for each model (vectorised by table)."""
    max_age = int(ages.max()) if ages.size else 0
    out = np.zeros(len(ages))
    if max_age <= 0:
        return out
    grid = np.arange(max_age, dtype=float)
    for h in np.unique(hype):
        cum = np.concatenate([[0.0], np.cumsum(_lifecycle(grid, np.full_like(grid, h)))])
        sel = hype == h
        out[sel] = cum[np.clip(ages[sel], 0, max_age).astype(int)]
    return out


@dataclass
class _Downloads:
    """Cumulative downloads on a day grid (rows: models, columns: days)."""

    first_day: int
    cumulative: np.ndarray  # float64, models x days, before flooring


def _simulate_downloads(cfg: SampleConfig, models: list[_Model]) -> _Downloads:
    """True daily download rates, accumulated into all-time counts.

    rate = popularity x lifecycle(age) x family momentum x country momentum x weekday x
    lognormal noise. The grid starts 31 days before tracking so the first snapshot's
    30-day count is defined; everything before it is added analytically.
    """
    rng = np.random.default_rng([cfg.seed, 4])
    first = _day(cfg.start) - 31
    days = np.arange(first, _day(cfg.end) + 1)
    n = len(models)
    created = np.array([m.created_day for m in models])
    frac_left = np.array(
        [1.0 - (m.created.hour * 3600 + m.created.minute * 60) / 86400 for m in models]
    )
    pop = np.array([m.popularity for m in models])
    hype = np.array([m.hype for m in models])
    families = [m.family for m in models]
    countries = [m.country for m in models]

    momentum = np.ones((n, len(days)))
    for fam, anchors in FAMILY_MOMENTUM.items():
        sel = np.array([f == fam for f in families])
        if sel.any():
            momentum[sel] *= _anchored(anchors, days, log=True)
    for country, anchors in COUNTRY_MOMENTUM.items():
        sel = np.array([c == country for c in countries])
        if sel.any():
            momentum[sel] *= _anchored(anchors, days, log=True)
    weekday = np.where(np.array([_date(d).weekday() for d in days]) >= 5, 0.82, 1.0)

    age = days[None, :] - created[:, None]
    rate = pop[:, None] * _lifecycle(age.astype(float), hype[:, None]) * momentum * weekday
    rate *= np.exp(rng.normal(-0.045, 0.3, size=rate.shape))
    rate[age < 0] = 0.0
    on_creation = age == 0
    rate[on_creation] *= np.broadcast_to(frac_left[:, None], rate.shape)[on_creation]

    before = np.clip(first - created, 0, None)  # days lived before the grid
    prior = pop * momentum[:, 0] * 0.95 * _lifecycle_sum(before, hype)
    cumulative = prior[:, None] + np.cumsum(rate, axis=1)
    return _Downloads(first_day=first, cumulative=cumulative)


def _calibrate_breakouts(
    models: list[_Model], snap_days: np.ndarray, presence: np.ndarray, downloads: _Downloads
) -> list[str]:
    """Scale each break-out's downloads so its relative adoption hits the target.

    Relative adoption is measured as the warehouse measures it, on the snapshots
    (:mod:`orchestration.demo.adoption`). Scaling a model's whole rate series scales
    its cumulative counts, so the target is met in one step; the reference is computed
    with the break-out counted in its own top 10 (as the metric does), which only
    matters through its rank.
    """
    index = {m.model_id: i for i, m in enumerate(models)}
    cols = snap_days - downloads.first_day
    done = []
    for model_id, (age, bucket, target) in BREAKOUT_TARGETS.items():
        if model_id not in index:
            continue
        b = index[model_id]
        lo, hi = read_seeds().buckets[bucket]
        peers = [
            i
            for i, m in enumerate(models)
            if i != b
            and m.params is not None
            and (lo is None or lo <= m.params)
            and (hi is None or m.params < hi)
            and not any(p != m.model_id for _, p in m.parents)
        ]
        rows = np.array([b, *peers])
        model_at, snap_at = np.nonzero(presence[rows])
        points = pd.DataFrame(
            {
                "model_id": rows[model_at],
                "day": snap_days[snap_at],
                "downloads_all_time": np.floor(downloads.cumulative[rows[model_at], cols[snap_at]]),
            }
        )
        created = pd.DataFrame(
            {"model_id": rows, "created_day": [models[i].created_day for i in rows]}
        )
        values = values_at_ages(points, created, [age]).set_index("model_id")
        values = values["cumulative_downloads"]
        own = values.get(b)
        ref = reference_downloads([*values.drop(b, errors="ignore"), float("inf")])
        if own is None or ref is None or own <= 0:
            continue
        downloads.cumulative[b] *= target * ref / own
        done.append(model_id)
    return done


# --------------------------------------------------------------------------------------
# The simulation
# --------------------------------------------------------------------------------------


def _file_plan(dates: list[date], cfg: SampleConfig) -> list[tuple[str, str | None]]:
    """Format of each snapshot file: mostly gzip JSON Lines, some plain, some Parquet.

    Every 5th weekly snapshot is a Parquet backfill (cycling through the nested,
    JSON-string and string-timestamp layouts); a few are plain ``.jsonl``.
    """
    plan = []
    parquet_styles = ["nested", "json", "nested_string_time"]
    n_parquet = 0
    daily_index = 0
    for i, d in enumerate(dates):
        if d < cfg.daily_from:
            if i % 5 == 4:
                plan.append(("parquet", parquet_styles[n_parquet % 3]))
                n_parquet += 1
            elif i == 2:
                plan.append(("jsonl", None))
            else:
                plan.append(("jsonl.gz", None))
        else:
            plan.append(("jsonl", None) if daily_index % 30 == 7 else ("jsonl.gz", None))
            daily_index += 1
    return plan


def simulate(cfg: SampleConfig | None = None) -> Ecosystem:
    """Simulate the ecosystem described by ``cfg`` (pure and deterministic)."""
    cfg = cfg or SampleConfig()
    if not (cfg.start <= cfg.end and cfg.token_start <= cfg.token_end):
        raise ValueError("start must not be after end (hub and tokens)")
    dates = snapshot_schedule(cfg)
    snap_days = np.array([_day(d) for d in dates])
    builder = _CatalogueBuilder(cfg)
    models = builder.build()
    n, s_count = len(models), len(dates)

    # -- presence: from the first snapshot on/after creation until deletion ----------
    created_days = np.array([m.created_day for m in models])
    first_snap = np.searchsorted(snap_days, created_days, side="left")
    gone = np.array([_day(m.deleted_on) if m.deleted_on else 10**9 for m in models])
    presence = (np.arange(s_count)[None, :] >= first_snap[:, None]) & (
        snap_days[None, :] < gone[:, None]
    )

    # -- downloads and the break-out calibration -------------------------------------
    downloads = _simulate_downloads(cfg, models)
    breakouts = _calibrate_breakouts(models, snap_days, presence, downloads)
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

    plan = _file_plan(dates, cfg)
    bad_plan = _plan_bad_lines(cfg, dates, plan, presence)
    for s in bad_plan:  # keep the neighbourhood of bad-line files free of other anomalies
        daily_cols = daily_cols[np.abs(daily_cols - s) > 2]
    for m, s in victims(12, 1, 3):
        width = 1 + int(anomaly_rng.random() < 0.4)
        presence[m, s : s + width] = False  # missing from one or two listings, then back
    for m, s in victims(3, 1, 1, min_value=2000):
        all_time[m, s] = all_time[m, s - 1] - max(3, int(all_time[m, s - 1] // 400))

    omit_author = np.array(
        [
            m.author is not None and _stable_unit("omit-author", cfg.seed, m.model_id) < 0.08
            for m in models
        ]
    )
    extras_rng = np.random.default_rng([cfg.seed, 7])
    render = _HubRender(models, omit_author, [_extras_for(m, extras_rng) for m in models])
    switch_days = np.array([_day(m.early_switch) if m.early_switch else -(10**9) for m in models])
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
    tags_v = [(_tags(m, not m.early_without_parents), _tags(m, True)) for m in models]
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
        late_created[row] = _iso_ms(late)
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
                    text = _bad_line(
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

    token_rows, token_layouts = _simulate_tokens(cfg)
    render.rows = _RowRender(model_idx.astype(np.int32), row_version.astype(np.int8), late_created)
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


@dataclass
class _RowRender:
    """For each row of ``snapshots``: which repository and metadata version it shows,
    and the rows whose createdAt is not the repository's (row -> ISO text)."""

    model: np.ndarray
    version: np.ndarray
    created: dict[int, str] = field(default_factory=dict)


def _plan_bad_lines(
    cfg: SampleConfig, dates: list[date], plan: list[tuple[str, str | None]], presence: np.ndarray
) -> dict[int, list[str]]:
    """Which snapshot files get bad lines, and which kinds (at most 0.2% of a file)."""
    if not cfg.inject_bad_lines:
        return {}
    kind_pairs = [
        ("invalid_json", "duplicate_id"),
        ("missing_field", "wrong_type"),
        ("negative_count", "duplicate_id"),
        ("invalid_json", "missing_field"),
        ("wrong_type", "negative_count"),
        ("duplicate_id", "invalid_json"),
    ]
    daily = [s for s, d in enumerate(dates) if d >= cfg.daily_from and plan[s][0] != "parquet"]
    daily = [s for s in daily if 0 < s < len(dates) - 1]
    if not daily:
        daily = [s for s in range(1, len(dates) - 1) if plan[s][0] != "parquet"]
    if not daily:
        return {}
    chosen: dict[int, list[str]] = {}
    for k, frac in enumerate((0.1, 0.25, 0.4, 0.55, 0.7, 0.85)):
        s = daily[min(int(frac * len(daily)), len(daily) - 1)]
        lines = int(presence[:, s].sum())
        allowed = int(0.002 * lines)
        if allowed == 0 and lines >= 200:
            allowed = 1
        kinds = list(kind_pairs[k])[:allowed]
        if kinds and s not in chosen:
            chosen[s] = kinds
    return chosen


def _bad_line(
    render: _HubRender, m: int, version: int, kind: str, downloads: int, all_time: int, likes: int
) -> str:
    """The text of a line the reader must reject."""
    if kind == "invalid_json":
        full = render.line(m, version, downloads, all_time, likes)
        return full[: max(12, int(len(full) * 0.6))]  # truncated mid-record
    if kind == "missing_field":
        return render.line(m, version, downloads, all_time, likes, all_time_key=False)
    if kind == "wrong_type":
        return render.line(m, version, downloads, str(all_time), likes)
    if kind == "negative_count":
        return render.line(m, version, downloads, -max(all_time, 1), likes)
    raise ValueError(kind)


# --------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------


def _month_starts(first: date, last: date) -> list[date]:
    months = []
    m = date(first.year, first.month, 1)
    while m <= last:
        months.append(m)
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return months


def _simulate_tokens(cfg: SampleConfig) -> tuple[pd.DataFrame, list[TokenFileLayout]]:
    """OpenRouter-style daily token usage per slug, and the export files carrying it.

    Open-weight volume grows ~30x over the period; the Chinese share of it follows
    :data:`roster.CN_TOKEN_SHARE_ANCHORS` (logit interpolation); within a group,
    slugs split the volume by release ramp, decay and noise.
    """
    rng = np.random.default_rng([cfg.seed, 9])
    days = np.arange(_day(cfg.token_start), _day(cfg.token_end) + 1)
    slugs = roster.TOKEN_SLUGS
    n_days = len(days)
    released = np.array([_iso_day(r) for _, r, _, _ in slugs])
    volume = np.array([v for _, _, _, v in slugs])
    groups = np.array([g for _, _, g, _ in slugs])
    age = days[None, :] - released[:, None]
    weight = (
        volume[:, None]
        * np.minimum(1.0, (age + 1) / 10.0)
        * (1 + np.maximum(age, 0) / 150.0) ** -0.6
    )
    weight *= np.exp(rng.normal(0, 0.12, weight.shape))
    weight[age < 0] = 0.0
    weekday = np.where(np.array([_date(d).weekday() for d in days]) >= 5, 0.88, 1.0)
    t = (days - days[0]) / max(n_days - 1, 1)
    open_total = 1.6e9 * np.exp(np.log(28.0) * t) * weekday
    closed_total = 5.0e9 * np.exp(np.log(9.0) * t) * weekday
    xs = np.array([_iso_day(a) for a, _ in roster.CN_TOKEN_SHARE_ANCHORS], dtype=float)
    ys = np.array([v for _, v in roster.CN_TOKEN_SHARE_ANCHORS])
    cn_share = 1 / (1 + np.exp(-np.interp(days, xs, np.log(ys / (1 - ys)))))

    tokens = np.zeros_like(weight)
    for group, total in (
        ("cn", open_total * cn_share),
        ("open", open_total * (1 - cn_share)),
        ("closed", closed_total),
    ):
        sel = groups == group
        denom = weight[sel].sum(axis=0)
        share = np.divide(weight[sel], denom, out=np.zeros_like(weight[sel]), where=denom > 0)
        tokens[sel] = share * total
    tokens = np.round(tokens).astype(np.int64)
    per_request = np.exp(rng.normal(np.log(2500), 0.4, len(slugs)))
    prompt_frac = rng.uniform(0.68, 0.86, len(slugs))

    # daily rows (date, slug, total, requests), then assign them to files
    day_rows: list[tuple[int, int]] = [
        (int(d), j) for di, d in enumerate(days) for j in range(len(slugs)) if tokens[j, di] > 0
    ]
    months = _month_starts(cfg.token_start, cfg.token_end)
    rankings_days = min(3, n_days - 1) if n_days > 3 else 0
    rankings_from = int(days[-1]) - rankings_days + 1 if rankings_days else 10**9
    jsonl_months = {k for k in (3, 10) if k < len(months) - 1}
    fix_month = 6 if len(months) > 7 else (1 if len(months) > 2 else None)
    jsonl_months.discard(fix_month)

    records: list[dict] = []
    layouts: list[TokenFileLayout] = []

    def emit(file: str, fmt: str, rows: list[tuple[int, int, int]]) -> None:
        start = len(records)
        for line_no, (d, j, total) in enumerate(rows, start=1):
            requests = max(1, int(round(total / per_request[j])))
            rec = {
                "file": file,
                "line_no": line_no,
                "date": _date(d),
                "slug": slugs[j][0],
                "prompt_tokens": None,
                "completion_tokens": None,
                "total_tokens": None,
                "requests": requests,
            }
            if fmt == "jsonl":
                prompt = int(round(total * prompt_frac[j]))
                rec["prompt_tokens"], rec["completion_tokens"] = prompt, total - prompt
                rec["requests"] = None
            else:
                rec["total_tokens"] = total
            records.append(rec)
        if rows:
            layouts.append(TokenFileLayout(file, fmt, (start, len(records))))

    day_index = {int(d): i for i, d in enumerate(days)}
    for k, month in enumerate(months):
        m_first = _day(month)
        m_last = _day(
            date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
        )
        rows = [
            (d, j, int(tokens[j, day_index[d]]))
            for d, j in day_rows
            if m_first <= d <= m_last and d < rankings_from
        ]
        stem = f"openrouter_usage_{month:%Y-%m}"
        if k in jsonl_months:
            emit(f"{stem}.jsonl", "jsonl", rows)
        else:
            emit(f"{stem}.csv", "csv", rows)
        if k == fix_month and rows:
            fix_rng = np.random.default_rng([cfg.seed, 10])
            month_days = sorted({d for d, _, _ in rows})
            fix_days = [
                month_days[i]
                for i in sorted(
                    fix_rng.choice(len(month_days), size=min(6, len(month_days)), replace=False)
                )
            ]
            fixed = []
            for d, j, total in rows:
                if d in fix_days and fix_rng.random() < 0.3:
                    fixed.append((d, j, int(total * fix_rng.uniform(1.05, 1.4))))
            emit(f"{stem}_fix.csv", "csv", fixed)
    if rankings_days:
        rows = [(d, j, int(tokens[j, day_index[d]])) for d, j in day_rows if d >= rankings_from]
        emit(f"openrouter_rankings_{_date(int(days[-1])).isoformat()}.json", "rankings", rows)

    frame = pd.DataFrame(
        {
            "file": _objects(r["file"] for r in records),
            "line_no": pd.Series([r["line_no"] for r in records], dtype="int64"),
            "date": _objects(r["date"] for r in records),
            "slug": _objects(r["slug"] for r in records),
        }
    )
    for col in ("prompt_tokens", "completion_tokens", "total_tokens", "requests"):
        frame[col] = pd.array([r[col] for r in records], dtype="Int64")
    return frame, layouts


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


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
    hub_paths = [_write_hub_file(eco, layout, hub_dir) for layout in eco.hub_layouts]
    token_paths = [_write_token_file(eco, layout, token_dir) for layout in eco.token_layouts]
    return {"hub": sorted(hub_paths), "tokens": sorted(token_paths)}


def _write_hub_file(eco: Ecosystem, layout: HubFileLayout, hub_dir: Path) -> Path:
    path = hub_dir / layout.file
    lo, hi = layout.rows
    snap = eco.snapshots
    render = eco._render
    rows = render.rows
    if layout.fmt == "parquet":
        pq.write_table(_parquet_table(eco, layout), path, compression="snappy")
        return path
    downloads = snap["downloads"].to_numpy()[lo:hi]
    all_time = snap["downloads_all_time"].to_numpy()[lo:hi]
    likes = snap["likes"].to_numpy()[lo:hi]
    good = [
        render.line(int(m), int(v), int(d), int(a), int(k))
        for m, v, d, a, k in zip(
            rows.model[lo:hi], rows.version[lo:hi], downloads, all_time, likes, strict=True
        )
    ]
    for row, created in rows.created.items():
        if lo <= row < hi:
            i = row - lo
            good[i] = render.line(
                int(rows.model[row]),
                int(rows.version[row]),
                int(downloads[i]),
                int(all_time[i]),
                int(likes[i]),
                created=created,
            )
    lines = good
    for line_no, text in layout.bad_lines:  # ascending line numbers
        lines.insert(line_no - 1, text)
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    if layout.fmt == "jsonl.gz":
        payload = gzip.compress(payload, compresslevel=6, mtime=0)
    path.write_bytes(payload)
    return path


def _parquet_table(eco: Ecosystem, layout: HubFileLayout) -> pa.Table:
    """A Parquet backfill in one of three layouts seen in public Hub metadata dumps."""
    lo, hi = layout.rows
    snap = eco.snapshots.iloc[lo:hi]
    render = eco._render
    model = render.rows.model[lo:hi]
    version = render.rows.version[lo:hi]
    ids = snap["model_id"].tolist()
    authors = [
        None if render.omit_author[m] else a for m, a in zip(model, snap["author"], strict=True)
    ]
    created = snap["created_at"]
    st_values = [render.safetensors[m][v] for m, v in zip(model, version, strict=True)]
    gguf_values = [render.gguf[m] for m in model]
    style = layout.parquet_style
    columns: dict[str, pa.Array] = {
        "id": pa.array(ids, pa.string()),
        "author": pa.array(authors, pa.string()),
    }
    if style == "nested":
        columns["createdAt"] = pa.array(
            created.dt.as_unit("ms").astype("int64").to_numpy(), pa.timestamp("ms", tz="UTC")
        )
    else:
        columns["createdAt"] = pa.array(
            created.dt.strftime("%Y-%m-%dT%H:%M:%S.000Z").tolist(), pa.string()
        )
    for src, dst in (
        ("downloads", "downloads"),
        ("downloads_all_time", "downloadsAllTime"),
        ("likes", "likes"),
    ):
        columns[dst] = pa.array(snap[src].to_numpy(dtype=np.int64), pa.int64())
    columns["pipeline_tag"] = pa.array(snap["pipeline_tag"].tolist(), pa.string())
    columns["library_name"] = pa.array(snap["library_name"].tolist(), pa.string())
    if style == "json":
        columns["tags"] = pa.array([json.dumps(t) for t in snap["tags"]], pa.string())
        columns["safetensors"] = pa.array(
            [json.dumps(st) if st else None for st in st_values], pa.string()
        )
        columns["gguf"] = pa.array([json.dumps(g) if g else None for g in gguf_values], pa.string())
    else:
        columns["tags"] = pa.array(snap["tags"].tolist(), pa.list_(pa.string()))
        st_type = pa.struct(
            [("parameters", pa.map_(pa.string(), pa.int64())), ("total", pa.int64())]
        )
        columns["safetensors"] = pa.array(
            [
                None
                if st is None
                else {"parameters": list(st["parameters"].items()), "total": st["total"]}
                for st in st_values
            ],
            st_type,
        )
        gguf_type = pa.struct(
            [("total", pa.int64()), ("architecture", pa.string()), ("context_length", pa.int64())]
        )
        columns["gguf"] = pa.array(gguf_values, gguf_type)
    if style == "nested":
        columns["private"] = pa.array([False] * len(ids), pa.bool_())
        columns["gated"] = pa.array(
            ["manual" if (a or "") == "meta-llama" else "false" for a in snap["author"]],
            pa.string(),
        )
    return pa.table(columns)


def _write_token_file(eco: Ecosystem, layout: TokenFileLayout, token_dir: Path) -> Path:
    path = token_dir / layout.file
    lo, hi = layout.rows
    rows = eco.token_rows.iloc[lo:hi]
    if layout.fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["date", "model", "total_tokens", "requests"])
        for d, slug, total, req in zip(
            rows["date"], rows["slug"], rows["total_tokens"], rows["requests"], strict=True
        ):
            writer.writerow([d.isoformat(), slug, int(total), int(req)])
        path.write_text(buf.getvalue(), encoding="utf-8")
    elif layout.fmt == "jsonl":
        lines = []
        for line_no, d, slug, prompt, completion in zip(
            rows["line_no"],
            rows["date"],
            rows["slug"],
            rows["prompt_tokens"],
            rows["completion_tokens"],
            strict=True,
        ):
            # some exporters write counts as decimal strings
            p: int | str = str(int(prompt)) if line_no % 5 == 0 else int(prompt)
            c: int | str = str(int(completion)) if line_no % 7 == 0 else int(completion)
            lines.append(
                json.dumps(
                    {
                        "date": d.isoformat(),
                        "model_permaslug": slug,
                        "prompt_tokens": p,
                        "completion_tokens": c,
                    }
                )
            )
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        data = [
            {
                "date": d.isoformat(),
                "model_permaslug": slug,
                "variant": "free" if slug.endswith(":free") else "standard",
                "total_tokens": int(total),
                "count": int(req),
            }
            for d, slug, total, req in zip(
                rows["date"], rows["slug"], rows["total_tokens"], rows["requests"], strict=True
            )
        ]
        first, last = rows["date"].min(), rows["date"].max()
        doc = {
            "data": data,
            "meta": {
                "source": "openrouter-rankings",
                "interval": "day",
                "start_date": first.isoformat(),
                "end_date": last.isoformat(),
                "generated_at": datetime.combine(
                    last + timedelta(days=1), datetime.min.time(), tzinfo=UTC
                ).isoformat(),
            },
        }
        path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return path
