"""Judging the rows of one token export: the first reason a row fails, or its typed values.

Every format is first read into a temp table ``_source`` of text columns (see
:mod:`orchestration.tokens.parsing`); one templated DuckDB query then types and
validates every row, so files of millions of rows are judged in seconds. The
rules are in the docstring of :mod:`orchestration.tokens.exports`.
"""

from __future__ import annotations

import json

import duckdb
import pyarrow as pa

from orchestration.tokens.exports import COUNT_COLUMNS, TOKEN_TABLE_SCHEMA, TokenFileError

MAX_VALUE_IN_REASON = 60  # characters of an offending value a reason quotes


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_COUNT_PATTERN_DIGITS = r"\+?[0-9]+(\.0*)?"  # 12, +12, 12.0: read exactly as bigint
_COUNT_PATTERN_NUMBER = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"
_MAX_EXACT_DOUBLE = 2**53


def _each_count(template: str) -> str:
    return ",\n        ".join(template.format(c=column) for column in COUNT_COLUMNS)


def _count_error(column: str) -> str:
    shown = f"left({column}_v, {MAX_VALUE_IN_REASON})"
    return f"""case
            when {column}_v is null then null
            when {column}_digits then
                case when {column}_int is null then '{column} out of range (' || {shown} || ')' end
            when not {column}_numeric then 'non-numeric {column} (''' || {shown} || ''')'
            when {column}_num < 0 then 'negative {column} (' || {shown} || ')'
            when {column}_num <> floor({column}_num)
                then 'non-integer {column} (' || {shown} || ')'
            when {column}_int is null then '{column} out of range (' || {shown} || ')'
        end"""


_COUNT_ERRORS = ",\n        ".join(f"{_count_error(c)} as {c}_err" for c in COUNT_COLUMNS)

# One row per input row with its typed values and the first reason it fails,
# in the order a person would check a row. Counts: plain digits are read
# exactly as bigint; any other decimal notation (-5, 12.5, 1.2e4) is judged
# through double. Each step only uses columns of the step before: DuckDB
# inlines CTEs, so an expression used twice is computed twice, and the
# MATERIALIZED steps make each regular expression run once per row.
_JUDGE = f"""
create temp table _judged as
with trimmed as materialized (
    select line_no, pre_reason, extra,
        nullif(trim(date), '') as date_v,
        coalesce(nullif(trim(model_permaslug), ''), nullif(trim(model), '')) as slug,
        {_each_count("nullif(trim({c}), '') as {c}_v")}
    from _source
), shaped as materialized (
    select *,
        case when regexp_full_match(date_v, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}')
            then try_cast(date_v as date) end as date_d,
        {_each_count(f"regexp_full_match({{c}}_v, '{_COUNT_PATTERN_DIGITS}') as {{c}}_digits")}
    from trimmed
), numbers as materialized (
    select *,
        {
    _each_count(
        f"case when not {{c}}_digits then regexp_full_match({{c}}_v, '{_COUNT_PATTERN_NUMBER}')"
        " end as {c}_numeric"
    )
},
        {
    _each_count(
        "case when {c}_digits then try_cast(split_part(ltrim({c}_v, '+'), '.', 1) as bigint)"
        " end as {c}_exact"
    )
}
    from shaped
), counts as materialized (
    select *,
        {_each_count("case when {c}_numeric then try_cast({c}_v as double) end as {c}_num")}
    from numbers
), typed as (
    select *,
        {
    _each_count(
        "coalesce({c}_exact, case when {c}_num = floor({c}_num) and abs({c}_num) <= "
        f"{_MAX_EXACT_DOUBLE}"
        " then {c}_num::bigint end) as {c}_int"
    )
}
    from counts
), judged as (
    select *,
        {_COUNT_ERRORS},
        case when prompt_tokens_int is not null and completion_tokens_int is not null
            then prompt_tokens_int::hugeint + completion_tokens_int
            else total_tokens_int
        end as tokens_h
    from typed
)
select
    line_no,
    case
        when pre_reason is not null then pre_reason
        when date_v is null then 'missing date'
        when date_d is null
            then 'unparsable date (''' || left(date_v, {MAX_VALUE_IN_REASON})
                 || '''), expected YYYY-MM-DD'
        when slug is null then 'missing model (neither model nor model_permaslug given)'
        when prompt_tokens_err is not null then prompt_tokens_err
        when completion_tokens_err is not null then completion_tokens_err
        when total_tokens_err is not null then total_tokens_err
        when total_tokens_v is null and prompt_tokens_v is null and completion_tokens_v is null
            then 'missing token count (total_tokens, or prompt_tokens and completion_tokens)'
        when total_tokens_v is null and completion_tokens_v is null
            then 'missing completion_tokens (and no total_tokens)'
        when total_tokens_v is null and prompt_tokens_v is null
            then 'missing prompt_tokens (and no total_tokens)'
        when tokens_h > 9223372036854775807
            then 'prompt_tokens + completion_tokens out of range'
    end as reason,
    date_d as date,
    slug,
    prompt_tokens_int as prompt_tokens,
    completion_tokens_int as completion_tokens,
    total_tokens_int as total_tokens,
    case when tokens_h <= 9223372036854775807 then tokens_h::bigint end as tokens,
    extra
from judged
"""


def judge(
    conn: duckdb.DuckDBPyConnection, name: str, location: str, jsonl_text: str | None
) -> pa.Table:
    """The rows of ``_source`` typed, or :class:`TokenFileError` naming the first row that fails."""
    conn.execute(_JUDGE)
    first = conn.execute(
        "select line_no, reason from _judged where reason is not null order by line_no limit 1"
    ).fetchone()
    if first is not None:
        line_no, reason = first
        if reason == "invalid JSON" and jsonl_text is not None:
            reason = _json_error_detail(jsonl_text, line_no)
        raise TokenFileError(name, int(line_no), reason, location)
    table = conn.sql(
        f"""
        select {sql_literal(name)} as source_file, line_no, date, slug,
               prompt_tokens, completion_tokens, total_tokens, tokens, extra
        from _judged order by line_no
        """
    ).to_arrow_table()
    return table.cast(TOKEN_TABLE_SCHEMA)


def _json_error_detail(text: str, line_no: int) -> str:
    """Python's message for one bad JSON line (only computed for the reported line)."""
    line = text.split("\n", line_no)[line_no - 1]
    try:
        json.loads(line)
    except json.JSONDecodeError as exc:
        return f"invalid JSON at column {exc.colno}: {exc.msg}"
    return "invalid JSON"
