-- One row per family: the openness of its first rule in matching order
-- (priority, then file order), plus `Other` (no rule matched), which is
-- `open_weight` (docs/metrics.md#licences-and-openness).
select family, openness
from {{ ref('stg_reference__model_families') }}
where family <> 'Other'
qualify row_number() over (partition by family order by priority, rule_order) = 1
union all
select 'Other' as family, 'open_weight' as openness
