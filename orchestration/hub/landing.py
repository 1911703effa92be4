"""Landing recorded Hub snapshot files in `raw/hub/`: all or nothing per file.

A file lands only when it can be read whole and its date is not in the future
(docs/operations.md#faults-and-recovery):

* a compressed file is decompressed to its end (gzip checks its length and
  CRC there, so a truncated or corrupt `.gz` is caught); a Parquet file must
  have its footer;
* a file dated after today (UTC) is refused unless the user says the date is
  right (`omw import-hub --allow-future-dates`), which is recorded beside the
  file so later builds honour it.

A file that cannot be read whole goes to `quarantine/hub/` beside a
`<file>.error.txt` naming it and the reason, like a bad token file; it is
never left in `raw/hub/` for every later build to trip over.

A live fetch or a backfill writes its file aside and puts it in place, with
its `.meta.json` sidecar, through :func:`stage_sidecar` and
:func:`publish_snapshot`.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from orchestration.errors import NoSnapshotFiles
from orchestration.hub.snapshots import SNAPSHOT_FILE, SNAPSHOT_SUFFIXES, snapshot_date_of

NAME_PATTERN = "hub_models_YYYY-MM-DD.jsonl, .jsonl.gz or .parquet"
READ_BYTES = 16 << 20


class UnreadableSnapshot(Exception):
    """A snapshot file that cannot be read whole (its message says why)."""


@dataclass
class SnapshotScan:
    """What a folder holds: snapshot files by date, and the names passed over, with why."""

    files: dict[date, Path] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    def skipped_summary(self, limit: int = 5) -> str:
        items = [f"{name} ({why})" for name, why in sorted(self.skipped.items())]
        more = f" and {len(items) - limit} more" if len(items) > limit else ""
        return "; ".join(items[:limit]) + more


def scan_snapshot_files(directory: Path) -> SnapshotScan:
    """Snapshot files of a folder by date; every other visible file is named with why
    it was passed over. Two files for one date is an error."""
    scan = SnapshotScan()
    for path in sorted(directory.iterdir()):
        name = path.name
        if name.startswith(".") or name.endswith(".meta.json") or name.endswith(".error.txt"):
            continue  # staging copies, scope sidecars, quarantine notes
        if not path.is_file():
            scan.skipped[name] = "not a file"
            continue
        snapshot_date = snapshot_date_of(path)
        if snapshot_date is None:
            if SNAPSHOT_FILE.match(name):
                scan.skipped[name] = f"{name[11:21]} is not a calendar date"
            else:
                scan.skipped[name] = f"not named {NAME_PATTERN}"
            continue
        if snapshot_date in scan.files:
            raise NoSnapshotFiles(
                f"two snapshot files for {snapshot_date} in {directory}: "
                f"{scan.files[snapshot_date].name} and {name}; keep one"
            )
        scan.files[snapshot_date] = path
    return scan


def require_snapshot_files(directory: Path) -> SnapshotScan:
    """The scan of a folder given by the user, or one line saying why it holds none."""
    scan = scan_snapshot_files(directory)
    if not scan.files:
        detail = (
            f"skipped {len(scan.skipped)}: {scan.skipped_summary()}"
            if scan.skipped
            else "the folder is empty"
        )
        raise NoSnapshotFiles(
            f"no snapshot files in {directory} ({detail}); snapshot files are named {NAME_PATTERN}"
        )
    return scan


def check_readable(path: Path) -> None:
    """Raise UnreadableSnapshot unless the file can be read to its end."""
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                while handle.read(READ_BYTES):
                    pass
        elif path.name.endswith(".parquet"):
            import pyarrow.parquet as pq

            pq.ParquetFile(path).metadata  # noqa: B018 - reading the footer is the check
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise UnreadableSnapshot(_gzip_reason(error)) from None
    except OSError as error:
        raise UnreadableSnapshot(str(error) or type(error).__name__) from None
    except Exception as error:  # pyarrow's ArrowInvalid and friends
        raise UnreadableSnapshot(str(error).splitlines()[0]) from None


def read_failure(error: BaseException, path: Path) -> str | None:
    """Why a file could not be read whole, when `error` (raised while loading it) says
    so; None for any other error."""
    if isinstance(error, (gzip.BadGzipFile, EOFError, zlib.error)):
        return _gzip_reason(error)
    if isinstance(error, UnicodeError):
        return None
    message = str(error)
    if isinstance(error, OSError) or (path.name in message and "parquet" in message.lower()):
        return message.splitlines()[0] if message else type(error).__name__
    return None


def _gzip_reason(error: Exception) -> str:
    if isinstance(error, EOFError):
        return "truncated gzip file (it ends before its end-of-stream marker)"
    if isinstance(error, gzip.BadGzipFile):
        return f"not a gzip file ({error})"
    return f"corrupt gzip data ({error})"


def quarantine_snapshot(path: Path, quarantine_dir: Path, reason: str, copy: bool = False) -> Path:
    """Put a snapshot file in `quarantine/hub/` beside `<name>.error.txt` (moved from
    `raw/hub/` with its sidecar; copied when it is the user's own file)."""
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    target = quarantine_dir / path.name
    staged = quarantine_dir / f".{path.name}.tmp"
    if copy:
        shutil.copy2(path, staged)
        os.replace(staged, target)
    else:
        shutil.move(path, target)
        sidecar = path.with_name(f"{path.name.split('.')[0]}.meta.json")
        if sidecar.exists():
            shutil.move(sidecar, quarantine_dir / sidecar.name)
    (quarantine_dir / f"{path.name}.error.txt").write_text(
        f"file: {path.name}\n"
        f"quarantined_at: {datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}\n"
        f"reason: {reason}\n"
        "what to do: fetch or export the file again, put the good copy in a folder and run "
        "`omw import-hub FOLDER`; then delete this file and its .error.txt\n"
    )
    return target


def today_utc() -> date:
    return datetime.now(UTC).date()


def future_dated(snapshot_date: date, today: date | None = None) -> bool:
    return snapshot_date > (today or today_utc())


def _read_sidecar(sidecar: Path) -> dict:
    """A snapshot's `.meta.json` (scope, confirmed future date), or {} when absent or unreadable."""
    try:
        meta = json.loads(sidecar.read_text())
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def stage_sidecar(path: Path, payload: dict) -> Path:
    """Write a sidecar's content aside (a hidden ``.partial`` beside ``path``); returns that file."""
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.partial")
    temp.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return temp


def publish_snapshot(data_temp: Path, data_final: Path, meta_temp: Path, meta_final: Path) -> None:
    """Rename the finished data file, then its sidecar, then drop the date's other formats."""
    os.replace(data_temp, data_final)
    os.replace(meta_temp, meta_final)
    stem = data_final.name.split(".")[0]
    for suffix in SNAPSHOT_SUFFIXES:
        other = data_final.with_name(stem + suffix)
        if other != data_final and other.exists():
            other.unlink()  # one file per date: the new one replaces the partition


def now_iso() -> str:
    """The current UTC time as a sidecar records it (``2025-01-02T03:04:05Z``)."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def future_allowed(landed_path: Path) -> bool:
    """Whether the user confirmed this future date at import (recorded in the sidecar)."""
    sidecar = landed_path.with_name(f"{landed_path.name.split('.')[0]}.meta.json")
    return bool(_read_sidecar(sidecar).get("allow_future_date"))


QUARANTINED = "snapshot file quarantined:"


def quarantine_line(name: str, reason: str) -> str:
    return f"{QUARANTINED} {name}: {reason} (see quarantine/hub/{name}.error.txt)"


def future_refusal(path: Path, snapshot_date: date) -> str:
    return (
        f"{path.name} is dated {snapshot_date}, after today ({today_utc()} UTC): not imported. "
        "Fix the file name, or pass --allow-future-dates if the date is right"
    )


@dataclass
class Landing:
    landed: list[date] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def land_snapshot_files(
    source_dir: Path,
    landing: Path,
    quarantine_dir: Path,
    allow_future_dates: bool = False,
) -> Landing:
    """Copy readable, not future-dated snapshot files (and their scope sidecars) into
    `raw/hub/`. A file replaces any earlier file for the same date, whatever its format.
    Unreadable files go to quarantine; every refusal is one line."""
    scan = require_snapshot_files(source_dir)
    result = Landing()
    if scan.skipped:
        result.notes.append(f"skipped {len(scan.skipped)} files: {scan.skipped_summary()}")
    landing.mkdir(parents=True, exist_ok=True)
    for snapshot_date, path in sorted(scan.files.items()):
        if future_dated(snapshot_date) and not allow_future_dates:
            result.failures.append(future_refusal(path, snapshot_date))
            continue
        try:
            check_readable(path)
        except UnreadableSnapshot as error:
            quarantine_snapshot(path, quarantine_dir, str(error), copy=True)
            result.failures.append(quarantine_line(path.name, str(error)))
            continue
        for existing in landing.glob(f"hub_models_{snapshot_date.isoformat()}.*"):
            if existing.name != path.name and snapshot_date_of(existing) == snapshot_date:
                existing.unlink()
        staged = landing / f".{path.name}.tmp"
        shutil.copy2(path, staged)
        os.replace(staged, landing / path.name)
        stem = f"hub_models_{snapshot_date.isoformat()}"
        sidecar = path.with_name(f"{stem}.meta.json")
        landed_sidecar = landing / sidecar.name
        meta = _read_sidecar(sidecar)
        if future_dated(snapshot_date):
            meta["allow_future_date"] = True
        if meta:
            landed_sidecar.write_text(json.dumps(meta))
        else:
            landed_sidecar.unlink(missing_ok=True)
        result.landed.append(snapshot_date)
    return result
