-- How much of each month's downloads (tokens for the token measures) the
-- warehouse could attribute: `known_share` is the share whose key is neither
-- `unknown` nor `Other` (docs/metrics.md#attribution-coverage). Download
-- measures read the share marts themselves, so a coverage figure describes
-- exactly the numbers it qualifies, scope by scope (docs/metrics.md#scopes).
with downloads as (
    select month, scope, 'country_uploader' as measure, country = 'unknown' as unattributed, downloads as amount
    from {{ ref('mart_country_share') }} where attribution = 'uploader'
    union all
    select month, scope, 'country_lineage', country = 'unknown', downloads
    from {{ ref('mart_country_share') }} where attribution = 'lineage'
    union all
    select month, scope, 'org_type', org_type = 'unknown', downloads from {{ ref('mart_org_type_share') }}
    union all
    select month, scope, 'family', family = 'Other', downloads from {{ ref('mart_family_share') }}
),

-- Tokens have no scope but `hub` (docs/metrics.md#scopes).
tokens as (
    select cast(date_trunc('month', date) as date) as month, 'hub' as scope, 'token_openness' as measure,
        openness = 'unknown' as unattributed, cast(tokens as double) as amount
    from {{ ref('int_tokens__attributed') }}
    union all
    select cast(date_trunc('month', date) as date), 'hub', 'token_country', country = 'unknown', cast(tokens as double)
    from {{ ref('int_tokens__attributed') }} where openness = 'open_weight'
),

combined as (
    select * from downloads
    union all
    select * from tokens
)

select
    month,
    scope,
    measure,
    sum(amount) as total,
    coalesce(sum(amount) filter (where not unattributed), 0) as attributed,
    coalesce(sum(amount) filter (where not unattributed), 0) / sum(amount) as known_share
from combined
group by all
having sum(amount) > 0
