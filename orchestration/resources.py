"""Where the warehouse keeps its data, and the one way to open its DuckDB files.

Everything is derived from ``OMW_DATA_DIR`` (default ``./data``) so the CLI,
``dagster dev``, dbt and the tests all agree on the same files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

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
        return self.data_dir / "quarantine"

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
    date in the warehouse is a UTC date, as the contract requires.
    """
    settings = {"TimeZone": "UTC", "memory_limit": DEFAULT_MEMORY_LIMIT}
    if threads := os.environ.get("OMW_DUCKDB_THREADS"):
        settings["threads"] = threads
    if memory := os.environ.get("OMW_DUCKDB_MEMORY_LIMIT"):
        settings["memory_limit"] = memory
    return settings


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a DuckDB file with the warehouse's settings; closes it on exit."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = duckdb.connect(str(path), read_only=read_only)
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
