-- Parent edges with the share of the child each parent carries: 1 / parents.
select
    model_id,
    parent_id,
    relation,
    1.0 / count(*) over (partition by model_id) as parent_share
from {{ ref('int_hub__model_parents') }}
