{#- No two rows share the same values of these columns (the grain).

  `changed_rows` (optional, a SQL condition) names the rows an incremental run
  wrote; only keys found among them are counted (against the whole table), so
  the test of a large incremental table costs what the day changed. Without it,
  or when every row changed (a full build), it is the plain test: scoping to
  all rows would only hold a second hash table of every key in memory.
-#}
{% test unique_combination(model, columns, changed_rows=none) %}
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
{%- if scoped %}
where ({{ key }}) in (select {{ key }} from {{ model }} where {{ changed_rows }})
{%- endif %}
group by {{ key }}
having count(*) > 1
{% endtest %}
