"""Where the warehouse keeps its data, and the one way to open its DuckDB files.

Everything is derived from ``OMW_DATA_DIR`` (default ``./data``) so the CLI,
``dagster dev``, dbt and the tests all agree on the same files.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.errors import WarehouseBusy, WarehouseCorrupt

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


@dataclass(frozen=True)
class WarehousePaths:
    """The layout of one data directory."""

    data_dir: Path

    @classmethod
    def from_env(cls) -> WarehousePaths:
        return cls(Path(os.environ.get("OMW_DATA_DIR", "data")).expanduser().resolve())

    @property
    def warehouse(self) -> Path:
        """The DuckDB file dbt and the raw assets write (schemas raw, staging, intermediate, marts)."""
        return self.data_dir / "warehouse.duckdb"

    @property
    def hub_landing(self) -> Path:
        """Recorded Hub snapshot files, one per snapshot date (the raw layer's input)."""
        return self.data_dir / "raw" / "hub"

    @property
    def token_inbox(self) -> Path:
        return self.data_dir / "inbox" / "tokens"

    @property
    def token_archive(self) -> Path:
        """Token exports already ingested (kept, never deleted)."""
        return self.data_dir / "raw" / "tokens"

    @property
    def quarantine(self) -> Path:
        """Token files refused whole, each beside its `.error.txt`."""
        return self.data_dir / "quarantine"

    @property
    def hub_quarantine(self) -> Path:
        """Snapshot files that could not be read whole, each beside its `.error.txt`."""
        return self.quarantine / "hub"

    @property
    def serving(self) -> Path:
        return self.data_dir / "serving"

    @property
    def published_marts(self) -> Path:
        return self.serving / "marts.duckdb"

    @property
    def published_parquet(self) -> Path:
        return self.serving / "parquet"

    @property
    def report(self) -> Path:
        return self.serving / "report.html"

    @property
    def sample(self) -> Path:
        return self.data_dir / "sample"

    @property
    def dagster_home(self) -> Path:
        return self.data_dir / "dagster_home"

    @property
    def tmp(self) -> Path:
        return self.data_dir / "tmp"


# DuckDB spills to disk beyond this; with Python's own footprint a process stays
# under 4 GB at a million models a day. Same default as the dbt profile.
DEFAULT_MEMORY_LIMIT = "3GB"


def duckdb_settings() -> dict[str, str]:
    """Session settings shared by every connection (and mirrored in the dbt profile).

    Threads and memory are configurable for big snapshots; UTC so that every
    date in the warehouse is a UTC date (docs/metrics.md#conventions-shared-by-every-table).
    """
    settings = {"TimeZone": "UTC", "memory_limit": DEFAULT_MEMORY_LIMIT}
    if threads := os.environ.get("OMW_DUCKDB_THREADS"):
        settings["threads"] = threads
    if memory := os.environ.get("OMW_DUCKDB_MEMORY_LIMIT"):
        settings["memory_limit"] = memory
    return settings


LOCK_WAIT_SECONDS = 10.0
"""How long opening a DuckDB file waits for another process's lock to go."""

_CORRUPT_MARKERS = (
    "not a valid DuckDB database file",
    "Corrupt database file",
    "Could not read enough bytes",
    "database file is corrupt",
)


def is_corruption(error: BaseException) -> bool:
    return isinstance(error, duckdb.Error) and any(m in str(error) for m in _CORRUPT_MARKERS)


def corrupt_file_error(path: Path, error: BaseException) -> WarehouseCorrupt:
    """One line: which file, what DuckDB said, and how to get a good one back."""
    reason = str(error).splitlines()[0].removeprefix("IO Error: ")
    if path.name == "warehouse.duckdb":
        remedy = (
            "rebuild it from the landed files in raw/ with `omw rebuild` "
            "(it moves the bad file aside; the published marts stay readable meanwhile)"
        )
    else:
        remedy = "move it aside; the next `omw build` writes it again"
    return WarehouseCorrupt(f"{path} cannot be read ({reason}): {remedy}")


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, waiting a little for another process's lock, with one-line errors."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as error:
            if is_corruption(error):
                raise corrupt_file_error(path, error) from None
            message = str(error)
            if "Could not set lock" not in message:
                raise
            if time.monotonic() < deadline:
                time.sleep(0.25)
                continue
            holder = re.search(r"held in (.+?) \(PID (\d+)\)", message)
            who = f"process {holder.group(2)} ({holder.group(1)})" if holder else "another process"
            raise WarehouseBusy(
                f"{path} is locked by {who}: another program has it open for writing. "
                "Let it finish or close it (BI tools read serving/marts.duckdb, never this file)"
            ) from None


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a DuckDB file with the warehouse's settings; closes it on exit."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = _open(path, read_only)
    try:
        # SET after connecting: the TimeZone setting needs the built-in ICU
        # extension, which is not loaded yet while connection config applies.
        for name, value in duckdb_settings().items():
            conn.execute(f"set {name} = '{value}'")
        yield conn
    finally:
        conn.close()


SENSOR_INTERVAL_ENV = "OMW_SENSOR_INTERVAL_SECONDS"
"""Seconds between two evaluations of the token inbox sensor and the automation sensor."""


def table_exists(conn: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Whether `schema.table` exists in the open warehouse."""
    found = conn.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(found[0])


def sensor_interval() -> int:
    return int(os.environ.get(SENSOR_INTERVAL_ENV) or 30)


WRITER_POOL = "duckdb_writer"
"""Every asset that writes the warehouse (or must not overlap a writer) shares this
Dagster concurrency pool: DuckDB allows one writing process per file."""


class WarehouseResource(dg.ConfigurableResource):
    """The data directory and the warehouse DuckDB file inside it."""

    data_dir: str

    @property
    def paths(self) -> WarehousePaths:
        return WarehousePaths(Path(self.data_dir))

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with connect(self.paths.warehouse, read_only=read_only) as conn:
            yield conn
