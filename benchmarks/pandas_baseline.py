"""The pandas baseline of `make bench`: the code an analyst would write for daily
downloads and monthly family and country shares, on one set of snapshot files.

    python -m benchmarks.pandas_baseline 'DIR/hub_models_*.jsonl.gz' dbt_project/seeds

Daily downloads and family matching are the test oracle's (tests/support/oracle.py):
a pandas baseline of its own would be one more copy of those rules.
"""

import glob
import sys
from pathlib import Path

import pandas as pd

from tests.support import oracle


def main(files: str, seeds_dir: str) -> None:
    frames = []
    for path in sorted(glob.glob(files)):
        day = Path(path).name[len("hub_models_") : len("hub_models_") + 10]
        frame = pd.read_json(path, lines=True, dtype=False)
        frame["snapshot_date"] = pd.Timestamp(day).date()
        frames.append(frame)
    snap = pd.concat(frames, ignore_index=True)
    snap = snap.rename(columns={"id": "model_id", "downloadsAllTime": "downloads_all_time"})
    snap["created_at"] = pd.to_datetime(snap["createdAt"], utc=True)
    snap["params"] = None
    columns = [
        "snapshot_date",
        "model_id",
        "author",
        "created_at",
        "downloads_all_time",
        "tags",
        "params",
    ]
    daily, _ = oracle.daily_downloads(snap[columns])
    seeds = oracle.load_seeds(Path(seeds_dir))
    daily["month"] = pd.to_datetime(daily["date"]).dt.to_period("M")
    ids = pd.Series(daily["model_id"].unique())
    family = pd.DataFrame(
        {"model_id": ids, "family": oracle.families_of(ids, seeds.model_families).to_numpy()}
    )
    orgs = seeds.orgs.assign(org_key=seeds.orgs["org"].str.lower())[["org_key", "country"]]
    authors = snap.drop_duplicates("model_id")[["model_id", "author"]]
    authors["org_key"] = authors["author"].str.lower()
    by_family = daily.merge(family, on="model_id").groupby(["month", "family"])["downloads"].sum()
    by_family = (by_family / by_family.groupby(level=0).transform("sum")).reset_index()
    by_country = daily.merge(authors.merge(orgs, on="org_key", how="left"), on="model_id")
    by_country["country"] = by_country["country"].fillna("unknown")
    by_country = by_country.groupby(["month", "country"])["downloads"].sum()
    by_country = (by_country / by_country.groupby(level=0).transform("sum")).reset_index()
    print(len(by_family), len(by_country))


if __name__ == "__main__":
    main(*sys.argv[1:3])
