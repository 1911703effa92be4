{#-
  The family of each id in `ids_relation.id_column` (docs/metrics.md#family-rules): the
  first model_families rule (priority, then file order) whose org matches the
  part before '/' case-insensitively (empty org = any) and whose pattern is
  found case-insensitively in the part after '/' (empty = any). An id without
  '/' has no org and its whole id is its name. No match: 'Other'.
  Org-specific rules join on the org key; only the empty-org rules are tried
  against every id, so this stays cheap for millions of ids.
-#}
{% macro family_of(ids_relation, id_column) %}
    with ids as (
        select distinct
            {{ id_column }} as id,
            case when contains({{ id_column }}, '/') then lower(split_part({{ id_column }}, '/', 1)) end as org_key,
            lower(case
                when contains({{ id_column }}, '/')
                    then substr({{ id_column }}, strpos({{ id_column }}, '/') + 1)
                else {{ id_column }}
            end) as name_lower
        from {{ ids_relation }}
        where {{ id_column }} is not null
    ),
    rules as (
        select * from {{ ref('stg_reference__model_families') }}
    ),
    candidates as (
        select ids.id, ids.name_lower, rules.*
        from ids inner join rules on rules.org_key = ids.org_key
        union all
        select ids.id, ids.name_lower, rules.*
        from ids cross join rules
        where rules.org_key is null
    ),
    matched as (
        select id, family
        from candidates
        where name_pattern_lower is null or regexp_matches(name_lower, name_pattern_lower)
        qualify row_number() over (partition by id order by priority, rule_order) = 1
    )
    select ids.id, coalesce(matched.family, 'Other') as family, matched.family is not null as has_rule
    from ids left join matched using (id)
{% endmacro %}
