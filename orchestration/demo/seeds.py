"""What the demo simulator takes from the warehouse's dbt seeds (docs/seeds.md).

The simulated world is cast with the same reference data the warehouse reads, so the
two cannot drift apart: the organisations and their countries (``orgs.csv``), the
family names (``model_families.csv``; the simulator names a repository's family in
its roster and never applies the family rules itself, docs/metrics.md#family-rules)
and the parameter-size classes (``param_buckets.csv``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from orchestration.resources import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"


@dataclass(frozen=True)
class Seeds:
    """The seed rows the simulator needs."""

    #: lower-cased org -> ISO country (``unknown`` when the seed leaves it empty)
    countries: dict[str, str]
    families: frozenset[str]
    #: size class -> [min_params, max_params), None = no limit (docs/metrics.md#size-share)
    buckets: dict[str, tuple[float | None, float | None]]

    def is_org(self, author: str | None) -> bool:
        """Whether the seed lists the author (an organisation, not a generated uploader)."""
        return (author or "").lower() in self.countries

    def country(self, author: str | None) -> str:
        """The author's country, ``unknown`` when the seed does not list it."""
        return self.countries.get((author or "").lower(), "unknown")

    @property
    def bucket_edges(self) -> tuple[float, ...]:
        """Every finite size-class limit, ascending."""
        limits = {limit for pair in self.buckets.values() for limit in pair if limit}
        return tuple(sorted(limits))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)
        ]


def _number(text: str) -> float | None:
    return float(text) if text else None


@cache
def read_seeds(seed_dir: Path = SEEDS_DIR) -> Seeds:
    """Read the seeds once per folder (the first row of a duplicated org wins)."""
    countries: dict[str, str] = {}
    for row in _rows(seed_dir / "orgs.csv"):
        countries.setdefault(row["org"].lower(), row["country"] or "unknown")
    return Seeds(
        countries=countries,
        families=frozenset(row["family"] for row in _rows(seed_dir / "model_families.csv")),
        buckets={
            row["bucket"]: (_number(row["min_params"]), _number(row["max_params"]))
            for row in _rows(seed_dir / "param_buckets.csv")
        },
    )
