"""Backfill Hub snapshot history from a Hub dataset of daily Parquet dumps of model metadata.

Plain Python (no Dagster): ``omw import-hub --dataset REPO`` calls
:func:`backfill_from_dataset`, which writes only complete files into a landing folder,
atomically, each beside a sidecar of scope ``all``. Downloads and listings of the
dataset are retried as in :mod:`orchestration.hub.retry`; how ``huggingface_hub``
downloads a file is in ``docs/hub-client.md``.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path
from typing import Any, Literal, TypeVar

import huggingface_hub
from huggingface_hub import HfApi, get_hf_file_metadata, hf_hub_download, hf_hub_url
from huggingface_hub.errors import EntryNotFoundError

from orchestration.hub.client import resolve_endpoint
from orchestration.hub.landing import now_iso, publish_snapshot, stage_sidecar
from orchestration.hub.retry import HubFetchError, RetryPolicy, with_retries
from orchestration.hub.secrets import masked_line, one_line, public_endpoint, secrets_of

T = TypeVar("T")

BackfillProgress = Callable[[int, int, float], None]  # (done, total, bytes per second)

#: Columns a Parquet dump must have to be a snapshot (docs/metrics.md#fields-of-a-line).
REQUIRED_COLUMNS = ("id", "createdAt", "downloadsAllTime")

_DATE_IN_PATH = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


@dataclass(frozen=True)
class _Planned:
    snapshot_date: date
    path: str  # in the repository
    revision: str  # a commit sha


def dated_files(paths: Iterable[str]) -> dict[date, str]:
    """Parquet files whose path holds a YYYY-MM-DD date, one per date.

    When some of them mention ``model`` (``models/2025-01-02.parquet`` beside
    ``datasets/2025-01-02.parquet``) only those count; two candidates left for one date
    is an error.
    """
    candidates: list[tuple[date, str]] = []
    for path in paths:
        if not path.lower().endswith(".parquet"):
            continue
        matches = list(_DATE_IN_PATH.finditer(path))
        if not matches:
            continue
        year, month, day = (int(g) for g in matches[-1].groups())
        try:
            candidates.append((date(year, month, day), path))
        except ValueError:
            continue
    if any("model" in p.lower() for _, p in candidates):
        candidates = [(d, p) for d, p in candidates if "model" in p.lower()]
    found: dict[date, str] = {}
    for day, path in sorted(candidates):
        if day in found:
            raise HubFetchError(f"two dated files for {day}: {found[day]} and {path}")
        found[day] = path
    return found


def _models_file(paths: list[str]) -> str:
    matches = sorted(
        (p for p in paths if p.split("/")[-1].lower() == "models.parquet"),
        key=lambda p: (p.count("/"), p),
    )
    if not matches:
        raise HubFetchError("no models.parquet in the repository (and no dated Parquet files used)")
    return matches[0]


def backfill_from_dataset(
    repo_id: str,
    landing_dir: Path,
    *,
    token: str | None = None,
    endpoint: str | None = None,
    revision_mode: Literal["auto", "commits", "files"] = "auto",
    since: date | None = None,
    until: date | None = None,
    progress: BackfillProgress | None = None,
    max_attempts: int = 8,
    backoff_base: float = 1.0,
    backoff_max: float = 60.0,
) -> list[Path]:
    """Backfill snapshots from a Hub dataset of daily Parquet dumps of model metadata.

    Two layouts (``revision_mode="auto"`` picks the first that exists):

    * ``files``: one Parquet per date, the date in its path (``models/2025-01-02.parquet``,
      ``hub_models_2025-01-02.parquet``), read at the head of ``main``;
    * ``commits``: one ``models.parquet`` rewritten by a commit each day. Each UTC day's
      latest commit gives that day's snapshot; a day whose file is byte-identical (same
      ETag) to the previous snapshot's is skipped (the dump was not refreshed: counting it
      as a new observation would put zero downloads on one day and double on the next).

    Each date becomes ``landing_dir/hub_models_<date>.parquet`` (renamed into place
    complete, replacing that date's other files) with a sidecar of scope ``all``.
    ``since``/``until`` bound the dates, inclusive. Returns the written paths, sorted.
    ``progress(done, total, bytes_per_second)`` is called after each file.
    """
    policy = RetryPolicy(max_attempts, backoff_base, backoff_max)
    landing_dir = Path(landing_dir)
    landing_dir.mkdir(parents=True, exist_ok=True)
    endpoint = resolve_endpoint(endpoint)
    secrets = secrets_of(token)
    api = HfApi(endpoint=endpoint, token=token, library_name="open-model-warehouse")
    if revision_mode not in ("auto", "commits", "files"):
        raise ValueError(f"revision_mode must be auto, commits or files, not {revision_mode!r}")

    def retry(action: Callable[[], T], what: str) -> T:
        return with_retries(action, what, policy, secrets)

    work = landing_dir / ".cache" / f"backfill-{uuid.uuid4().hex}"
    written: list[Path] = []
    try:
        refs = retry(lambda: api.list_repo_refs(repo_id, repo_type="dataset"), f"refs of {repo_id}")
        head = next((b.target_commit for b in refs.branches if b.name == "main"), None) or "main"
        files = retry(
            lambda: api.list_repo_files(repo_id, repo_type="dataset", revision=head),
            f"files of {repo_id}",
        )
        dated = dated_files(files)
        mode = revision_mode if revision_mode != "auto" else ("files" if dated else "commits")
        if mode == "files":
            if not dated:
                raise HubFetchError(
                    f"{repo_id} has no Parquet file with a YYYY-MM-DD date in its path"
                )
            plan = [
                _Planned(d, p, head)
                for d, p in dated.items()
                if (since is None or d >= since) and (until is None or d <= until)
            ]
        else:
            plan = _plan_commits(
                api, repo_id, _models_file(files), head, since, until, retry, endpoint, token
            )

        started = time.monotonic()
        total_bytes = 0
        for number, item in enumerate(plan, start=1):
            target = _download_one(api, repo_id, item, work, endpoint, token, retry)
            rows = _check_parquet(target, f"{item.path}@{item.revision[:12]}")
            total_bytes += target.stat().st_size
            stem = f"hub_models_{item.snapshot_date.isoformat()}"
            final = landing_dir / f"{stem}.parquet"
            meta = {
                "scope": "all",
                "models": rows,
                "fetched_at": now_iso(),
                "endpoint": public_endpoint(endpoint),
                "snapshot_date": item.snapshot_date.isoformat(),
                "source": "backfill",
                "repo_id": repo_id,
                "revision": item.revision,
                "path_in_repo": item.path,
                "client": f"huggingface_hub {huggingface_hub.__version__}",
            }
            meta_temp = stage_sidecar(landing_dir / f"{stem}.meta.json", meta)
            try:
                publish_snapshot(target, final, meta_temp, landing_dir / f"{stem}.meta.json")
            finally:
                meta_temp.unlink(missing_ok=True)
            written.append(final)
            if progress is not None:
                rate = total_bytes / max(time.monotonic() - started, 1e-9)
                progress(number, len(plan), rate)
        return sorted(written)
    except HubFetchError:
        raise
    except Exception as err:  # noqa: BLE001
        message = masked_line(
            f"backfill from {repo_id} failed: {type(err).__name__}: {err}", secrets
        )
        raise HubFetchError(message) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with contextlib.suppress(OSError):
            work.parent.rmdir()  # .cache, when nothing else uses it


def _plan_commits(api, repo_id, path, head, since, until, retry, endpoint, token) -> list[_Planned]:
    commits = retry(
        lambda: api.list_repo_commits(repo_id, repo_type="dataset", revision=head),
        f"commits of {repo_id}",
    )
    latest_per_day: dict[date, Any] = {}
    for commit in commits:
        day = commit.created_at.astimezone(UTC).date()
        if day not in latest_per_day or commit.created_at > latest_per_day[day].created_at:
            latest_per_day[day] = commit
    days = sorted(d for d in latest_per_day if until is None or d <= until)
    if since is not None:  # keep the last day before `since` only to compare contents with
        before = [d for d in days if d < since]
        days = before[-1:] + [d for d in days if d >= since]

    def etag_at(revision: str) -> str | None:
        url = hf_hub_url(repo_id, path, repo_type="dataset", revision=revision, endpoint=endpoint)
        try:
            return get_hf_file_metadata(
                url, token=token, endpoint=endpoint, retry_on_errors=True
            ).etag
        except EntryNotFoundError:
            return None  # the file did not exist yet at that commit

    plan: list[_Planned] = []
    previous: str | None = None
    for day in days:
        sha = latest_per_day[day].commit_id
        etag = retry(lambda sha=sha: etag_at(sha), f"{path}@{sha[:12]}")
        if etag is None or etag == previous:
            continue
        previous = etag
        if since is None or day >= since:
            plan.append(_Planned(day, path, sha))
    return plan


def _download_one(
    api, repo_id: str, item: _Planned, work: Path, endpoint: str, token, retry
) -> Path:
    folder = work / item.revision / item.snapshot_date.isoformat()

    def download() -> Path:
        local = hf_hub_download(
            repo_id,
            item.path,
            repo_type="dataset",
            revision=item.revision,
            local_dir=folder,
            cache_dir=work / "hub-cache",
            token=token,
            endpoint=endpoint,
        )
        return Path(local)

    return retry(download, f"download of {item.path}@{item.revision[:12]}")


def _check_parquet(path: Path, label: str) -> int:
    """Row count of a downloaded dump; fails when it is not a usable snapshot."""
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_metadata(path)
    except Exception as err:  # noqa: BLE001
        raise HubFetchError(f"{label} is not a Parquet file: {one_line(str(err))}") from None
    names = set(metadata.schema.to_arrow_schema().names)
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise HubFetchError(f"{label} lacks the required column(s) {', '.join(missing)}")
    return metadata.num_rows
