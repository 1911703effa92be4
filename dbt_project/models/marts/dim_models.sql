-- One row per model seen in at least one counted snapshot.
with attributes as (
    select * from {{ ref('int_hub__model_attributes') }}
),

parent_counts as (
    select model_id, count(*) as parent_count
    from {{ ref('int_hub__model_parents') }}
    group by model_id
),

orgs as (
    select lower(org) as org_key, any_value(country) as country, any_value(org_type) as org_type
    from {{ ref('orgs') }}
    group by lower(org)
)

select
    a.model_id,
    a.author,
    a.created_date,
    a.params,
    coalesce(b.bucket, 'unknown') as param_bucket,
    coalesce(o.country, 'unknown') as country,
    coalesce(o.org_type, 'unknown') as org_type,
    coalesce(p.parent_count, 0) > 0 as is_derivative,
    coalesce(p.parent_count, 0) as parent_count,
    a.pipeline_tag,
    a.library_name,
    a.first_seen_date,
    a.last_seen_date
from attributes as a
left join parent_counts as p using (model_id)
left join orgs as o on lower(a.author) = o.org_key
left join {{ ref('param_buckets') }} as b
    on a.params >= b.min_params
    and (b.max_params is null or a.params < b.max_params)
