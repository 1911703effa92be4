-- Every (model, ancestor) pair once, with the fewest hops, breadth first.
-- Keyed recursion visits each pair a single time, so it terminates on any
-- graph, cycles included; a model that is its own ancestor is on a cycle.
with recursive reach (model_id, ancestor_id, hops) using key (model_id, ancestor_id) as (
    select model_id, parent_id, 1
    from {{ ref('int_lineage__edges') }}

    union

    select reach.model_id, edges.parent_id, reach.hops + 1
    from reach
    inner join {{ ref('int_lineage__edges') }} as edges on edges.model_id = reach.ancestor_id
    where not exists (
        select 1 from recurring.reach as seen
        where seen.model_id = reach.model_id and seen.ancestor_id = edges.parent_id
    )
)

select model_id, ancestor_id, hops from reach
