-- Model × root: every model seen in a snapshot with each of its roots.
select
    model_id,
    root_id,
    weight,
    depth,
    root_family,
    lineage_status
from {{ ref('int_lineage__root_attribution') }}
