{#- No two rows share the same values of these columns (the grain).

  An incremental build need not count every key again:
  - `changed_partitions` (optional, a SQL condition on a column of the key)
    names whole partitions the run rewrote, such as the snapshot dates loaded
    since the model downstream last ran. A key holds the partition column, so
    two rows sharing a key share a partition: only the rewritten partitions are
    read, and a day costs what it loaded, whatever the history.
    With `partition_by` (that column), each of several rewritten partitions
    is counted on its own, and the test's query reads only those that hold a
    duplicate. One grouping of every key of a long backfill does not fit in
    memory: 334 snapshots of 1M models (331M keys) ran out of DuckDB's 3 GB in
    a build, and took 261 s alone; one snapshot at a time takes 0.09 s each
    (docs/benchmarks.md).
  - `changed_rows` (optional, a SQL condition) names the rows an incremental run
    wrote when the key does not hold the partition; only keys found among them
    are counted (against the whole table). Without it, or when every row changed
    (a full build), it is the plain test: scoping to all rows would only hold a
    second hash table of every key in memory.
-#}
{% test unique_combination(model, columns, changed_rows=none, changed_partitions=none, partition_by=none) %}
{%- set key = columns | join(', ') %}
{%- set scoped = false %}
{%- set partitions_read = changed_partitions %}
{%- if changed_rows and execute %}
    {%- set unchanged = run_query(
        "select count(*) from " ~ model ~ " where not coalesce(" ~ changed_rows ~ ", false)"
    ) %}
    {%- set scoped = unchanged.columns[0].values()[0] > 0 %}
{%- endif %}
{%- if changed_partitions and partition_by and execute %}
    {%- set partitions = run_query(
        "select distinct cast(" ~ partition_by ~ " as varchar), typeof(" ~ partition_by ~ ") from "
        ~ model ~ " where " ~ changed_partitions
    ) %}
    {%- if partitions.rows | length > 1 %}
        {%- set duplicated = [] %}
        {%- for value, type in partitions.rows %}
            {%- if value is none %}
                {%- set one = partition_by ~ " is null" %}
            {%- else %}
                {#- A constant, so the scan skips the other partitions' row groups. -#}
                {%- set one = partition_by ~ " = cast('" ~ (value | replace("'", "''")) ~ "' as " ~ type ~ ")" %}
            {%- endif %}
            {%- set found = run_query(
                "select count(*) from (select 1 from " ~ model ~ " where " ~ one
                ~ " group by " ~ key ~ " having count(*) > 1)"
            ) %}
            {%- if found.columns[0].values()[0] > 0 %}
                {%- do duplicated.append("(" ~ one ~ ")") %}
            {%- endif %}
        {%- endfor %}
        {%- set partitions_read = duplicated | join(" or ") if duplicated else "false" %}
    {%- endif %}
{%- endif %}
select {{ key }}, count(*) as rows_with_key
from {{ model }}
{%- if partitions_read %}
where {{ partitions_read }}
{%- elif scoped %}
where ({{ key }}) in (select {{ key }} from {{ model }} where {{ changed_rows }})
{%- endif %}
group by {{ key }}
having count(*) > 1
{% endtest %}
