"""The short summary `omw demo` prints, read from the published marts only."""

from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from orchestration.resources import connect


def _tables(conn: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in conn.execute("select table_name from duckdb_tables()").fetchall()}


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def _render(out: Console, title: str, columns: list[str], rows: list[tuple]) -> None:
    table = Table(*columns, title=title, title_justify="left")
    for row in rows:
        table.add_row(*[str(cell) for cell in row])
    out.print(table)


def print_summary(published: Path, out: Console) -> None:
    with connect(published, read_only=True) as conn:
        tables = _tables(conn)
        month = conn.execute("select max(month) from mart_size_share").fetchone()[0]
        models, derivatives = conn.execute(
            "select count(*), count(*) filter (where is_derivative) from dim_models"
        ).fetchone()
        out.print(
            f"\n[bold]Open Model Warehouse[/bold] — {models:,} models ({derivatives:,} derivatives); "
            f"latest month {month:%Y-%m}"
        )
        if "mart_country_share" in tables:
            rows = conn.execute(
                """
                pivot (select country, attribution, share from mart_country_share
                       where scope = 'hub'
                         and month = (select max(month) from mart_country_share))
                on attribution using max(share)
                order by coalesce(uploader, 0) desc limit 8
                """
            ).fetchall()
            _render(
                out,
                f"Download share by country, {month:%Y-%m}",
                ["country", "by lineage", "by uploader"],
                [(c, _pct(lin), _pct(up)) for c, lin, up in rows],
            )
        if "mart_family_share" in tables:
            rows = conn.execute(
                """
                select family, share from mart_family_share
                where scope = 'hub' and month = (select max(month) from mart_family_share)
                order by share desc limit 8
                """
            ).fetchall()
            _render(
                out,
                f"Top families (lineage view), {month:%Y-%m}",
                ["family", "share"],
                [(f, _pct(s)) for f, s in rows],
            )
        if "mart_concentration" in tables:
            row = conn.execute(
                "select participants, hhi, gini, top10_share from mart_concentration "
                "where scope = 'hub' order by month desc limit 1"
            ).fetchone()
            out.print(
                f"Concentration across uploaders, {month:%Y-%m}: {row[0]:,} participants, "
                f"HHI {row[1]:.3f}, Gini {row[2]:.3f}, top-10 share {row[3]:.1%}"
            )
        if "mart_derivative_share" in tables:
            rows = conn.execute(
                """
                with recent as (
                    select * from mart_derivative_share
                    where scope = 'hub'
                      and month > (select max(month) from mart_derivative_share) - interval 3 month
                ), top as (
                    select family from recent group by family order by sum(new_derivatives) desc limit 5
                )
                select strftime(month, '%Y-%m') as month, family, share
                from recent where family in (select family from top)
                order by month, share desc
                """
            ).fetchall()
            by_month: dict[str, list[str]] = {}
            for m, family, share in rows:
                by_month.setdefault(m, []).append(f"{family} {_pct(share)}")
            _render(
                out,
                "New-derivative share by family (recent months)",
                ["month", "families"],
                [(m, ", ".join(parts)) for m, parts in by_month.items()],
            )
        if "mart_adoption_rate" in tables:
            rows = conn.execute(
                """
                select param_bucket, model_id, relative_adoption, cumulative_downloads
                from mart_adoption_rate
                where scope = 'hub' and age_days = 14 and relative_adoption is not null
                qualify row_number() over (partition by param_bucket order by relative_adoption desc) <= 2
                order by relative_adoption desc limit 10
                """
            ).fetchall()
            _render(
                out,
                "Relative adoption at 14 days (top per size class)",
                ["size class", "model", "relative adoption", "downloads"],
                [(b, m, f"{r:.2f}×", f"{int(d):,}") for b, m, r, d in rows],
            )
        if "mart_token_share" in tables:
            rows = conn.execute(
                """
                select strftime(week, '%Y-%m-%d'), key, share from mart_token_share
                where dimension = 'country'
                  and week > (select max(week) from mart_token_share) - interval 21 day
                order by week, share desc
                """
            ).fetchall()
            by_week: dict[str, list[str]] = {}
            for week, key, share in rows:
                if len(by_week.setdefault(week, [])) < 4:
                    by_week[week].append(f"{key} {_pct(share)}")
            _render(
                out,
                "Open-weight token share by country (latest weeks)",
                ["week", "countries"],
                [(w, ", ".join(parts)) for w, parts in by_week.items()],
            )
        rows = conn.execute(
            f"""
            select param_bucket, share from mart_size_share
            where scope = 'hub' and month = '{month}'
            order by share desc
            """
        ).fetchall()
        _render(
            out,
            f"Download share by size class, {month:%Y-%m}",
            ["size class", "share"],
            [(b, _pct(s)) for b, s in rows],
        )
