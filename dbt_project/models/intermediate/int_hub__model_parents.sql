-- One row per (model, parent) from the model's latest tags. A relation tag
-- (`base_model:<relation>:<parent>`) names the relation; a parent known only
-- from a bare `base_model:<parent>` tag is `unspecified`. A model listing
-- itself has no such parent. Several relation tags for one parent: the
-- alphabetically first relation is kept.
with refs as (
    select
        model_id,
        trim(ref.parent_id) as parent_id,
        ref.relation
    from {{ ref('int_hub__model_attributes') }},
        unnest(base_model_refs) as r(ref)
)

select
    model_id,
    parent_id,
    coalesce(min(relation), 'unspecified') as relation
from refs
where parent_id <> '' and parent_id <> model_id
group by model_id, parent_id
