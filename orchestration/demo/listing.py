"""The Hub listing files of the sample: each repository's tags and JSON line, which
files are gzip JSON Lines, plain or Parquet, the bad lines planted in them, and the
writing (docs/metrics.md#hub-snapshot-input-rules)."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.demo.repositories import OTHER, Repository

if TYPE_CHECKING:
    from orchestration.demo.simulator import Ecosystem, SampleConfig


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


_CONVERSATIONAL = re.compile(r"(instruct|chat|-it\b|-it-|thinking|think|r1|rl\b|qwq)", re.I)


def _quant_tag(m: Repository) -> str | None:
    """The Hub tag of a packed checkpoint's format (GPTQ and AWQ share quant_format awq)."""
    if m.quant_format == "awq":
        return "gptq" if "gptq" in m.name.lower() else "awq"
    if m.quant_format in ("gguf", "mlx", "exl2"):
        return m.quant_format
    return None


def hub_tags(m: Repository, with_parents: bool) -> list[str]:
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


class HubRender:
    """Per-repository pieces of a JSON line, precomputed so writing 300k lines is fast.

    A line is ``head + counts + tail[version]`` where ``head`` holds id, author and
    createdAt, ``counts`` the three counters and ``tail`` the descriptive fields (two
    versions for repositories whose metadata changed).
    """

    def __init__(
        self, models: list[Repository], omit_author: np.ndarray, extras: list[dict | None]
    ):
        self.head: list[str] = []
        self.tail: list[tuple[str, str]] = []
        self.safetensors: list[tuple[dict | None, dict | None]] = []
        self.gguf: list[dict | None] = [m.gguf for m in models]
        self.omit_author = omit_author
        self.extras = extras
        self.rows: RowRender | None = None  # set once the accepted table exists
        for i, m in enumerate(models):
            head = '{"id": ' + json.dumps(m.model_id)
            if m.author is not None and not omit_author[i]:
                head += ', "author": ' + json.dumps(m.author)
            head += ', "createdAt": "' + iso_ms(m.created) + '"'
            self.head.append(head)
            versions = []
            sts = []
            for early in (True, False):
                tags = hub_tags(m, with_parents=not (early and m.early_without_parents))
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


@dataclass
class RowRender:
    """For each row of ``snapshots``: which repository and metadata version it shows,
    and the rows whose createdAt is not the repository's (row -> ISO text)."""

    model: np.ndarray
    version: np.ndarray
    created: dict[int, str] = field(default_factory=dict)


def iso_ms(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%S") + ".000Z"


def extras_for(m: Repository, rng: np.random.Generator) -> dict | None:
    """Unknown extra fields some listing lines carry (the reader must ignore them)."""
    if rng.random() >= 0.12:
        return None
    digest = hashlib.sha1(m.model_id.encode()).hexdigest()
    gated: bool | str = "manual" if m.author in ("meta-llama",) else False
    return {"_id": digest[:24], "private": False, "gated": gated, "sha": digest}


def file_plan(dates: list[date], cfg: SampleConfig) -> list[tuple[str, str | None]]:
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


def plan_bad_lines(
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


def bad_line(
    render: HubRender, m: int, version: int, kind: str, downloads: int, all_time: int, likes: int
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


def write_hub_file(eco: Ecosystem, layout: HubFileLayout, hub_dir: Path) -> Path:
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
