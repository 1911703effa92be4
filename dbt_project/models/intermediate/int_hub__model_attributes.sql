-- A model's attributes are those of the latest counted snapshot it appears in.
-- One aggregate pass (arg_max) instead of a sort of every sighting; the
-- base_model tags are parsed for that latest row only.
with latest as (
    select
        m.model_id,
        arg_max(
            {
                'author': m.author,
                'created_at': m.created_at,
                'created_date': m.created_date,
                'params': m.params,
                'pipeline_tag': m.pipeline_tag,
                'library_name': m.library_name,
                'tags': m.tags
            },
            m.snapshot_date
        ) as attributes,
        min(m.snapshot_date) as first_seen_date,
        max(m.snapshot_date) as last_seen_date
    from {{ ref('stg_hub__model_snapshots') }} as m
    inner join {{ ref('int_hub__snapshots_counted') }} as s using (snapshot_date)
    group by m.model_id
)

select
    model_id,
    attributes.author,
    attributes.created_at,
    attributes.created_date,
    attributes.params,
    attributes.pipeline_tag,
    attributes.library_name,
    attributes.tags,
    {{ base_model_refs('attributes.tags') }} as base_model_refs,
    first_seen_date,
    last_seen_date
from latest
