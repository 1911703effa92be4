-- A model's attributes are those of the latest counted snapshot it appears in.
with sightings as (
    select
        m.*,
        min(m.snapshot_date) over (partition by m.model_id) as first_seen_date,
        row_number() over (partition by m.model_id order by m.snapshot_date desc) as recency
    from {{ ref('stg_hub__model_snapshots') }} as m
    inner join {{ ref('int_hub__snapshots_counted') }} as s using (snapshot_date)
)

select
    model_id,
    author,
    created_at,
    created_date,
    params,
    pipeline_tag,
    library_name,
    tags,
    base_model_refs,
    first_seen_date,
    snapshot_date as last_seen_date
from sightings
where recency = 1
