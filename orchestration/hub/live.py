"""Live Hub snapshots through the real ``huggingface_hub`` client: a listing becomes a landed file.

Plain Python (no Dagster): the CLI (``omw fetch-hub``) and the Dagster schedule call
:func:`fetch_snapshot`, which writes only into the landing folder, only complete files,
atomically. Retries are :mod:`orchestration.hub.retry`, the client set-up
:mod:`orchestration.hub.client`, token masking :mod:`orchestration.hub.secrets`;
history from a dataset of dumps is :mod:`orchestration.hub.backfill`. What the client
does on its own (paging, retries, timeouts, the token): ``docs/hub-client.md``.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, get_args

import huggingface_hub
from huggingface_hub import HfApi

from orchestration.hub.client import resolve_endpoint
from orchestration.hub.landing import now_iso, publish_snapshot, stage_sidecar
from orchestration.hub.parsing import HUB_FIELDS
from orchestration.hub.retry import (
    ACTIVE_BUDGET,
    HubFetchError,
    RetryBudget,
    RetryPolicy,
    RetryReport,
    policy_bound,
    with_retries,
)
from orchestration.hub.secrets import masked_line, public_endpoint, secrets_of

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, float], None]  # (reports, models, models per second)

# `id` is always returned by the API; it is not an `expand` value.
_FIELDS_NEEDED = [field for field in HUB_FIELDS if field != "id"]
_FIELDS_OPTIONAL = ["baseModels"]  # extra column; the warehouse takes parents from the tags
try:
    from huggingface_hub.hf_api import ExpandModelProperty_T

    _CLIENT_EXPANDS = set(get_args(ExpandModelProperty_T))
except ImportError:  # pragma: no cover - older clients
    _CLIENT_EXPANDS = set()
#: The ``expand`` fields requested (``id`` is always returned and is not an expand value).
EXPAND: list[str] = _FIELDS_NEEDED + [f for f in _FIELDS_OPTIONAL if f in _CLIENT_EXPANDS]

PROGRESS_EVERY = 1000  # models between two progress reports of a listing


# --------------------------------------------------------------------------- scope
@dataclass(frozen=True)
class ListingScope:
    """What a live listing asked for; ``key()`` compares snapshots "taken with the same scope".

    ``limit`` applies per author when several are given (one listing each). ``sort``
    only changes *which* models a limited listing holds, so it is part of the key only
    together with ``limit``.
    """

    authors: tuple[str, ...] = ()
    pipeline_tag: str | None = None
    limit: int | None = None
    sort: str | None = None

    def __post_init__(self) -> None:
        authors = (self.authors,) if isinstance(self.authors, str) else tuple(self.authors or ())
        cleaned = tuple(sorted({a.strip() for a in authors if a and a.strip()}))
        object.__setattr__(self, "authors", cleaned)
        object.__setattr__(self, "pipeline_tag", (self.pipeline_tag or "").strip() or None)
        object.__setattr__(self, "sort", (self.sort or "").strip() or None)
        if self.limit is not None and (
            isinstance(self.limit, bool) or not isinstance(self.limit, int) or self.limit < 1
        ):
            raise ValueError(f"limit must be a positive integer, got {self.limit!r}")
        for value in (*self.authors, self.pipeline_tag or "", self.sort or ""):
            if any(ch in value for ch in ",;="):
                raise ValueError(f"scope values may not contain ',', ';' or '=': {value!r}")

    def key(self) -> str:
        """Canonical form, e.g. ``author=Qwen,author=deepseek-ai;pipeline_tag=text-generation;limit=1000``."""
        parts: list[str] = []
        if self.authors:
            parts.append(",".join(f"author={a}" for a in self.authors))
        if self.pipeline_tag:
            parts.append(f"pipeline_tag={self.pipeline_tag}")
        if self.limit is not None:
            if self.sort:
                parts.append(f"sort={self.sort}")
            parts.append(f"limit={self.limit}")
        return ";".join(parts) or "all"


# --------------------------------------------------------------------------- lines
def _iso_z(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def model_line(info: Any) -> dict:
    """A ``ModelInfo`` back into the Hub ``/api/models`` shape: a line of a recorded snapshot."""
    line: dict[str, Any] = {
        "id": info.id,
        "author": info.author,
        "createdAt": _iso_z(info.created_at),
        "downloads": info.downloads,
        "downloadsAllTime": info.downloads_all_time,
        "likes": info.likes,
        "pipeline_tag": info.pipeline_tag,
        "library_name": info.library_name,
        "tags": info.tags,
    }
    safetensors = info.safetensors
    if safetensors is not None:
        line["safetensors"] = {
            "parameters": dict(safetensors.parameters or {}),
            "total": safetensors.total,
        }
    # The GGUF header summary (docs/metrics.md#fields-of-a-line): its `total` is the
    # parameter count of repositories that ship only GGUF files. The client keeps it as a dict.
    gguf = getattr(info, "gguf", None)
    if isinstance(gguf, dict) and gguf.get("total") is not None:
        line["gguf"] = {
            k: gguf[k] for k in ("total", "architecture", "context_length") if k in gguf
        }
    base_models = getattr(info, "base_models", None)
    if base_models is not None:
        line["baseModels"] = base_models
    # Absent optional fields are left out, as the Hub does; required ones stay (null is a reject).
    optional = ("author", "pipeline_tag", "library_name")
    return {k: v for k, v in line.items() if v is not None or k not in optional}


class _Progress:
    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.reports = 0
        self.done = 0  # models of finished units
        self.current = 0  # models of the running attempt
        self.started = time.monotonic()

    def restart_unit(self) -> None:
        self.current = 0

    def model(self) -> None:
        self.current += 1
        if self.callback is not None and self.current % PROGRESS_EVERY == 0:
            self.report()

    def finish_unit(self) -> None:
        self.done += self.current
        self.current = 0

    def report(self) -> None:
        if self.callback is None:
            return
        self.reports += 1
        models = self.done + self.current
        elapsed = max(time.monotonic() - self.started, 1e-9)
        self.callback(self.reports, models, models / elapsed)


# --------------------------------------------------------------------------- live snapshot
def fetch_snapshot(
    landing_dir: Path,
    snapshot_date: date,
    scope: ListingScope,
    *,
    token: str | None = None,
    endpoint: str | None = None,
    progress: ProgressCallback | None = None,
    max_attempts: int = 8,
    backoff_base: float = 1.0,
    backoff_max: float = 60.0,
    max_wait: float | None = None,
    on_retry: RetryReport | None = None,
) -> Path:
    """List the Hub models of ``scope`` into ``landing_dir/hub_models_<date>.jsonl.gz``.

    The file (and its sidecar ``hub_models_<date>.meta.json``) appears only when the
    whole listing succeeded, replacing any earlier file of that date; on failure
    nothing under ``landing_dir`` changes and :class:`HubFetchError` is raised.
    ``token=None`` lets the client find one (``HF_TOKEN``, the token file);
    ``endpoint=None`` reads ``HF_ENDPOINT`` now. ``progress(reports, models,
    models_per_second)`` is called every ``PROGRESS_EVERY`` models and at the end (page
    boundaries are invisible through ``list_models``).

    ``max_wait`` bounds the total time spent retrying (seconds, across the whole
    listing; ``None``: :func:`policy_bound` of the attempt settings, 307 s by default);
    when it is hit the fetch fails with one line naming the endpoint, the failure and
    how long it retried. ``on_retry(line)`` is called once per retry, before its wait
    (what failed, which retry of how many, the longest it may still take); without it
    those lines are logged as warnings. The client's own retries are seen only when
    :func:`orchestration.hub.client.configure_request_timeout` installed its transport
    (else only ours are).
    """
    policy = RetryPolicy(max_attempts, backoff_base, backoff_max)
    if max_wait is None:
        max_wait = policy_bound(max_attempts, backoff_base, backoff_max)
    if not max_wait >= 0:
        raise ValueError(f"max_wait must be >= 0 seconds, got {max_wait!r}")
    landing_dir = Path(landing_dir)
    landing_dir.mkdir(parents=True, exist_ok=True)
    endpoint = resolve_endpoint(endpoint)
    secrets = secrets_of(token)
    api = HfApi(endpoint=endpoint, token=token, library_name="open-model-warehouse")
    budget = RetryBudget(max_wait, secrets, on_retry, policy, watched=f"{endpoint}/api/models")

    stem = f"hub_models_{snapshot_date.isoformat()}"
    final = landing_dir / f"{stem}.jsonl.gz"
    sidecar = landing_dir / f"{stem}.meta.json"
    partial = landing_dir / f".{stem}.jsonl.gz.partial"
    units: list[str | None] = list(scope.authors) or [None]
    unit_files = (
        [partial]
        if len(units) == 1
        else [landing_dir / f".{stem}.jsonl.gz.partial-{i}" for i in range(len(units))]
    )
    tracker = _Progress(progress)
    seen: set[str] = set()  # ids of finished units (dedupe across authors)
    temps: list[Path] = [partial, *unit_files]
    _remove_stale_partials(landing_dir, stem)

    def list_unit(author: str | None, path: Path) -> set[str]:
        tracker.restart_unit()
        ids: set[str] = set()
        with _gzip_writer(path, f"{stem}.jsonl") as out:  # truncates a failed attempt
            for info in api.list_models(
                author=author,
                pipeline_tag=scope.pipeline_tag,
                sort=scope.sort,
                limit=scope.limit,
                expand=EXPAND,
            ):
                if info.id in seen or info.id in ids:
                    continue
                if len(units) > 1:
                    ids.add(info.id)
                out.write(json.dumps(model_line(info), ensure_ascii=False).encode("utf-8") + b"\n")
                tracker.model()
        return ids

    active = ACTIVE_BUDGET.set(budget)
    try:
        for author, path in zip(units, unit_files, strict=True):
            what = "Hub listing" + (f" author={author}" if author else "")
            what += f" at {public_endpoint(endpoint)}"
            seen |= with_retries(
                lambda author=author, path=path: list_unit(author, path),
                what,
                policy,
                secrets,
                where=lambda: f" (stopped after {tracker.current} models)",
                budget=budget,
            )
            tracker.finish_unit()
        if tracker.done == 0:
            # A successful but empty listing is almost surely a wrong author or tag; as a
            # partition it would only become a misleading baseline.
            raise HubFetchError(
                f"listing for scope {scope.key()} returned no models; nothing written"
            )
        if len(units) > 1:
            with _gzip_writer(partial, f"{stem}.jsonl") as out:
                for path in unit_files:
                    with gzip.open(path, "rb") as part:
                        shutil.copyfileobj(part, out, 1 << 20)
        meta = {
            "scope": scope.key(),
            "models": tracker.done,
            "fetched_at": now_iso(),
            "endpoint": public_endpoint(endpoint),
            "snapshot_date": snapshot_date.isoformat(),
            "source": "live",
            "client": f"huggingface_hub {huggingface_hub.__version__}",
            "expand": EXPAND,
        }
        meta_temp = stage_sidecar(sidecar, meta)
        temps.append(meta_temp)
        publish_snapshot(partial, final, meta_temp, sidecar)
        tracker.report()
        log.info("Hub snapshot %s: %d models (scope %s)", final.name, tracker.done, scope.key())
        return final
    except HubFetchError:
        raise
    except Exception as err:  # noqa: BLE001 - e.g. the disk is full: still one clean line
        message = masked_line(
            f"snapshot {snapshot_date} failed: {type(err).__name__}: {err}", secrets
        )
        raise HubFetchError(message) from None
    finally:
        ACTIVE_BUDGET.reset(active)
        for temp in temps:
            temp.unlink(missing_ok=True)


@contextlib.contextmanager
def _gzip_writer(path: Path, inner_name: str):
    """A gzip stream into ``path`` whose header names the final file, not the temporary one."""
    with open(path, "wb") as raw, gzip.GzipFile(inner_name, "wb", 6, raw) as out:
        yield out


def _remove_stale_partials(landing_dir: Path, stem: str) -> None:
    for stale in landing_dir.glob(f".{stem}.*partial*"):
        if stale.is_file():
            stale.unlink()
