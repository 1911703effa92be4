{{ config(
    materialized='incremental',
    incremental_strategy='replace_changed',
    unique_key='id',
    incremental_predicates=["id not in (select root_id from {{ ref('int_lineage__roots') }})"],
) }}
-- The family of every root: the family rules (docs/metrics.md#family-rules) on
-- the root's id.
--
-- Incremental (docs/incremental.md), but not by snapshot: a root's family
-- depends only on its id and the family rules, so a run matches only the roots
-- not yet matched under the current rules (a new base model, or every root
-- once the model_families seed changes), and drops the ids that are no longer
-- anyone's root. Matching a pattern that is itself data compiles it once per
-- row, which at a million roots is the cost worth avoiding.
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
    {% if is_incremental() %}
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
