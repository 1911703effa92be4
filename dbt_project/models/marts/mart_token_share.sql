-- Weekly (Monday) share of open-weight inference tokens by family and by the
-- country of the model's Hub org. A slug is open-weight when its (Hub org,
-- name) matches a model_families rule; closed models and OpenRouter's `other`
-- row are not, and count nowhere here.
with open_weight as (
    select
        cast(date_trunc('week', u.date) as date) as week,
        f.family,
        coalesce(o.country, 'unknown') as country,
        u.tokens
    from {{ ref('int_tokens__daily_usage') }} as u
    inner join {{ ref('int_tokens__model_families') }} as f on f.id = u.hub_model_id
    left join {{ ref('stg_reference__orgs') }} as o on o.org_key = lower(u.hub_org)
    where f.has_rule
),

by_key as (
    select week, 'family' as dimension, family as key, sum(tokens) as tokens from open_weight group by all
    union all
    select week, 'country' as dimension, country as key, sum(tokens) as tokens from open_weight group by all
)

select
    week,
    dimension,
    key,
    tokens,
    cast(tokens as double) / sum(tokens) over (partition by week, dimension) as share
from by_key
where tokens > 0
