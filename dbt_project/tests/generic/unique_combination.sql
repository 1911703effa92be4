{#- No two rows share the same values of these columns (the grain).

  `changed_rows` (optional, a SQL condition) names the rows an incremental run
  wrote; only keys found among them are counted (against the whole table), so
  the test of a large incremental table costs what the day changed. Without it,
  or when the condition holds for every row, it is the plain test.
-#}
{% test unique_combination(model, columns, changed_rows=none) %}
{%- set key = columns | join(', ') %}
select {{ key }}, count(*) as rows_with_key
from {{ model }}
{%- if changed_rows %}
where ({{ key }}) in (select {{ key }} from {{ model }} where {{ changed_rows }})
{%- endif %}
group by {{ key }}
having count(*) > 1
{% endtest %}
