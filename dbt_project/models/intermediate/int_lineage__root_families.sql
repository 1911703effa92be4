{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='id',
    on_schema_change='append_new_columns',
    post_hook="{{ drop_ids_no_longer_roots() }}",
) }}
-- The family of every root (contract section 4 rules on the root's id).
--
-- Incremental: a root's family depends only on its id and the family rules,
-- so a run matches only the roots it has not matched under the current rules
-- (a new base model, or every root once the model_families seed changes).
-- Matching a pattern that is itself data compiles it once per row, which at a
-- million roots is the cost worth avoiding.
{#- A table built before rules were versioned has no rules_hash: match everything once. -#}
{% set matched_before = is_incremental() and 'rules_hash' in (
    adapter.get_columns_in_relation(this) | map(attribute='name') | list
) %}

with rules_version as (
    select md5(coalesce(string_agg(
        concat_ws('|', family, org_key, name_pattern_lower, priority, rule_order), ','
        order by rule_order
    ), '')) as rules_hash
    from {{ ref('stg_reference__model_families') }}
),

unmatched as (
    select distinct r.root_id
    from {{ ref('int_lineage__roots') }} as r
    {% if matched_before %}
        anti join (
            select matched.id from {{ this }} as matched
            where matched.rules_hash = (select rules_hash from rules_version)
        ) as current on current.id = r.root_id
    {% endif %}
),

families as (
    {{ family_of('unmatched', 'root_id') }}
)

select families.*, (select rules_hash from rules_version) as rules_hash
from families
