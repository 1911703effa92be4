-- Lineage (docs/metrics.md#lineage): each model's roots with weights and depth.
--   weight = sum over every path to the root of the product of 1/(parents) per hop
--   depth  = fewest hops to that root
-- The walk goes up one level per iteration and merges paths that meet at the
-- same node (summing their weights), so diamonds never multiply rows. Only
-- models with acyclic ancestry walk; cycle models are their own root.
with recursive
acyclic_edges as (
    select e.*
    from {{ ref('int_lineage__edges') }} as e
    anti join {{ ref('int_lineage__cycle_models') }} as c using (model_id)
),

walk (model_id, node_id, weight, hops) as (
    select distinct model_id, model_id, 1.0::double, 0
    from acyclic_edges

    union all

    select walk.model_id, edges.parent_id, sum(walk.weight * edges.parent_share), any_value(walk.hops) + 1
    from walk
    inner join acyclic_edges as edges on edges.model_id = walk.node_id
    group by walk.model_id, edges.parent_id
),

derived as (
    select
        walk.model_id,
        walk.node_id as root_id,
        sum(walk.weight) as weight,
        min(walk.hops) as depth,
        'derived' as lineage_status
    from walk
    -- a root is a node without parents
    anti join {{ ref('int_lineage__edges') }} as has_parent on has_parent.model_id = walk.node_id
    group by walk.model_id, walk.node_id
),

seen_models as (
    select model_id from {{ ref('int_hub__model_attributes') }}
)

select * from derived
union all
select
    s.model_id,
    s.model_id as root_id,
    1.0 as weight,
    0 as depth,
    case when c.model_id is not null then 'cycle' else 'root' end as lineage_status
from seen_models as s
left join {{ ref('int_lineage__cycle_models') }} as c using (model_id)
where c.model_id is not null
    or s.model_id not in (select model_id from {{ ref('int_lineage__edges') }})
