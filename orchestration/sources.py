"""The raw sources of the warehouse: one line per source package.

A source package (`orchestration/hub/`, `orchestration/tokens/`) owns its raw
assets, their blocking checks, the jobs, schedules and sensors that load them,
and the DDL of its raw tables. Its `definitions` module exposes all of that as
one `RawSource` named `source`; everything else (the code location, the dbt
build, the build's selection, `omw build`'s gate messages) is derived from
`SOURCE_PACKAGES`. How to add one: docs/extending.md#add-a-source.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import dagster as dg
import duckdb

SOURCE_PACKAGES = ("orchestration.hub", "orchestration.tokens")


@dataclass(frozen=True)
class Gate:
    """What `omw` says when a source's blocking check holds every build downstream."""

    what: str
    remedy: str


@dataclass(frozen=True)
class RawSource:
    """What one source package gives the warehouse."""

    defs: dg.Definitions
    """Its raw assets (group `raw`), their blocking checks, load jobs, schedules and sensors."""

    create_raw_tables: Callable[[duckdb.DuckDBPyConnection], None]
    """Creates its raw tables, empty, if absent: dbt builds before the source's first load."""

    gates: Mapping[dg.AssetCheckKey, Gate] = field(default_factory=dict)
    """Its blocking checks, each with the line `omw build` prints while it fails."""

    @property
    def assets(self) -> list[dg.AssetsDefinition]:
        return list(self.defs.assets or [])


def raw_sources() -> list[RawSource]:
    """Every source package's `definitions.source`, in `SOURCE_PACKAGES` order."""
    return [importlib.import_module(f"{name}.definitions").source for name in SOURCE_PACKAGES]


def create_raw_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """Every source's raw tables, created empty where absent."""
    for source in raw_sources():
        source.create_raw_tables(conn)
