{#- No two rows share the same values of these columns (the grain).

  An incremental build need not count every key again:
  - `changed_partitions` (optional, a SQL condition on a column of the key)
    names whole partitions the run rewrote, such as the snapshot dates loaded
    since the model downstream last ran. A key holds the partition column, so
    two rows sharing a key share a partition: only the rewritten partitions are
    read, and a day costs what it loaded, whatever the history.
  - `changed_rows` (optional, a SQL condition) names the rows an incremental run
    wrote when the key does not hold the partition; only keys found among them
    are counted (against the whole table). Without it, or when every row changed
    (a full build), it is the plain test: scoping to all rows would only hold a
    second hash table of every key in memory.
-#}
{% test unique_combination(model, columns, changed_rows=none, changed_partitions=none) %}
{%- set key = columns | join(', ') %}
{%- set scoped = false %}
{%- if changed_rows and execute %}
    {%- set unchanged = run_query(
        "select count(*) from " ~ model ~ " where not coalesce(" ~ changed_rows ~ ", false)"
    ) %}
    {%- set scoped = unchanged.columns[0].values()[0] > 0 %}
{%- endif %}
select {{ key }}, count(*) as rows_with_key
from {{ model }}
{%- if changed_partitions %}
where {{ changed_partitions }}
{%- elif scoped %}
where ({{ key }}) in (select {{ key }} from {{ model }} where {{ changed_rows }})
{%- endif %}
group by {{ key }}
having count(*) > 1
{% endtest %}
