"""Run the DuckDB SQL baseline (`duckdb_baseline.sql`) on one set of snapshot files.

python -m benchmarks.duckdb_baseline 'DIR/hub_models_*.jsonl.gz' dbt_project/seeds
"""

import sys
from pathlib import Path

import duckdb

SCRIPT = Path(__file__).with_name("duckdb_baseline.sql")


def main(files: str, seeds: str) -> None:
    conn = duckdb.connect()
    conn.execute("set variable files = ?", [files])
    conn.execute("set variable seeds = ?", [seeds])
    conn.execute(SCRIPT.read_text())
    family = conn.execute("select * from family_share").fetchall()
    country = conn.execute("select * from country_share").fetchall()
    print(len(family), len(country))


if __name__ == "__main__":
    main(*sys.argv[1:3])
