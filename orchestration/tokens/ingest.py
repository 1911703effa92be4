"""Load token-usage exports from the inbox into the raw layer (what a valid file is: exports.py).

Each file is parsed on its own: a bad file is refused whole and moved to
`quarantine/` beside its `.error.txt`, the others load. Loaded files move to
the archive `raw/tokens/` (nothing is ever deleted). A file's rows replace
any rows loaded earlier from a file of the same name, so re-delivery is
idempotent. The overlap rule between files lives in dbt.
"""

import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.tokens.exports import TokenFileError, file_fingerprint, find_token_files
from orchestration.tokens.parsing import parse_token_file
from orchestration.tokens.quarantine import quarantine

DDL = """
create schema if not exists raw;
create table if not exists raw.token_usage (
    source_file varchar not null,
    line_no bigint not null,
    date date not null,
    slug varchar not null,
    prompt_tokens bigint,
    completion_tokens bigint,
    total_tokens bigint,
    tokens bigint not null,
    extra varchar
);
create table if not exists raw.token_files (
    source_file varchar primary key,
    fingerprint varchar not null,
    rows bigint not null,
    loaded_at timestamp not null,
    run_id varchar
);
create table if not exists raw.token_quarantine (
    source_file varchar not null,
    quarantined_as varchar not null,
    reason varchar not null,
    quarantined_at timestamp not null,
    run_id varchar
);
"""


@dataclass
class TokenIngest:
    loaded: dict[str, int] = field(default_factory=dict)
    quarantined: dict[str, str] = field(default_factory=dict)


def ensure_token_schema(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(DDL)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def ingest_inbox(
    conn: duckdb.DuckDBPyConnection,
    inbox: Path,
    archive: Path,
    quarantine_dir: Path,
    run_id: str | None = None,
) -> TokenIngest:
    """Load every token file waiting in the inbox; quarantine the bad ones."""
    ensure_token_schema(conn)
    result = TokenIngest()
    if not inbox.exists():
        return result
    archive.mkdir(parents=True, exist_ok=True)
    for path in find_token_files(inbox):
        try:
            table = parse_token_file(path)
        except TokenFileError as error:
            moved = quarantine(path, quarantine_dir, error)
            conn.execute(
                "insert into raw.token_quarantine values (?, ?, ?, ?, ?)",
                [path.name, moved.name, str(error), _now(), run_id],
            )
            result.quarantined[path.name] = str(error)
            continue
        fingerprint = file_fingerprint(path)
        conn.register("_token_rows", table)
        try:
            conn.execute("begin transaction")
            conn.execute("delete from raw.token_usage where source_file = ?", [path.name])
            conn.execute("insert into raw.token_usage select * from _token_rows")
            conn.execute("delete from raw.token_files where source_file = ?", [path.name])
            conn.execute(
                "insert into raw.token_files values (?, ?, ?, ?, ?)",
                [path.name, fingerprint, table.num_rows, _now(), run_id],
            )
            conn.execute("commit")
        except Exception:
            conn.execute("rollback")
            raise
        finally:
            conn.unregister("_token_rows")
        os.replace(path, archive / path.name)
        result.loaded[path.name] = table.num_rows
    return result


def deliver(source_dir: Path, inbox: Path) -> list[Path]:
    """Copy token files into the inbox atomically (`omw import-tokens DIR`)."""
    files = find_token_files(source_dir)
    if not files:
        raise FileNotFoundError(f"no token export files (.csv, .jsonl, .json) in {source_dir}")
    inbox.mkdir(parents=True, exist_ok=True)
    delivered = []
    for path in files:
        staged = inbox / f".{path.name}.tmp"
        shutil.copy2(path, staged)
        os.replace(staged, inbox / path.name)
        delivered.append(inbox / path.name)
    return delivered
