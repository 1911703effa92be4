"""`omw-dbt`: dbt's own command line, with a local answer to `--version`.

dagster-dbt runs `<dbt_executable> --version` before every dbt command it
starts, to learn which engine it drives. Real dbt answers that with a whole
start-up (about 2 s of CPU importing dbt) and a request to PyPI for the latest
release, on every build, from every machine that runs one, online or not.
The installed versions are already in the environment's package metadata, so
this entry point prints them from there and hands every other command to dbt
unchanged (`dbt.cli.main.cli`, the function behind the `dbt` script).

The warehouse's `DbtCliResource` names this script as its `dbt_executable`,
its public setting for which program to run (docs/operations.md#dbt-start-up).
"""

import sys
from importlib.metadata import version


def version_text() -> str:
    """The installed dbt-core and dbt-duckdb versions, in dbt's own `--version` layout."""
    return (
        f"Core:\n  - installed: {version('dbt-core')}\n\n"
        f"Plugins:\n  - duckdb: {version('dbt-duckdb')}"
    )


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        print(version_text())
        return
    from dbt.cli.main import cli

    sys.exit(cli())


if __name__ == "__main__":
    main()
