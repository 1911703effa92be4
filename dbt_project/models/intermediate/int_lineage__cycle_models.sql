-- Models whose ancestry contains a cycle: on a cycle themselves, or with an
-- ancestor on one. Each is treated as its own root (status `cycle`).
with on_cycle as (
    select distinct model_id as node_id
    from {{ ref('int_lineage__ancestors') }}
    where model_id = ancestor_id
)

select node_id as model_id from on_cycle
union
select a.model_id
from {{ ref('int_lineage__ancestors') }} as a
inner join on_cycle on on_cycle.node_id = a.ancestor_id
