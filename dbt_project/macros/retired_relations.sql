{#- Tables of models this project no longer has. dbt never drops a relation
    whose model was removed, so a warehouse built by an earlier version would
    keep the stale copy (a million rows at Hub scale) forever. -#}
{% macro drop_retired_relations() %}
    {%- set retired = [
        'intermediate.int_lineage__root_attribution',
    ] -%}
    {%- for relation in retired %}
        drop table if exists {{ relation }};
    {%- endfor %}
{% endmacro %}
