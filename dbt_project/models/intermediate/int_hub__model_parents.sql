-- One row per (model, parent) from the model's latest tags. A relation tag
-- (`base_model:<relation>:<parent>`) names the relation; a parent known only
-- from a bare `base_model:<parent>` tag is `unspecified`. A model listing
-- itself has no such parent. Several relation tags for one parent: the
-- alphabetically first relation is kept.
with refs as (
    -- A select-list unnest (not a lateral join), of the models that have refs only.
    select model_id, unnest(base_model_refs) as ref
    from {{ ref('int_hub__model_attributes') }}
    where len(base_model_refs) > 0
),

parents as (
    select model_id, trim(ref.parent_id) as parent_id, ref.relation
    from refs
)

select
    model_id,
    parent_id,
    coalesce(min(relation), 'unspecified') as relation
from parents
where parent_id <> '' and parent_id <> model_id
group by model_id, parent_id
