-- How much of each month's downloads (tokens for the token measures) the
-- warehouse could attribute: `known_share` is the share whose key is neither
-- `unknown` nor `Other` (docs/metrics.md#attribution-coverage). Download
-- measures read the share marts themselves, so a coverage figure describes
-- exactly the numbers it qualifies.
with downloads as (
    select month, 'country_uploader' as measure, country = 'unknown' as unattributed, downloads as amount
    from {{ ref('mart_country_share') }} where attribution = 'uploader'
    union all
    select month, 'country_lineage', country = 'unknown', downloads
    from {{ ref('mart_country_share') }} where attribution = 'lineage'
    union all
    select month, 'org_type', org_type = 'unknown', downloads from {{ ref('mart_org_type_share') }}
    union all
    select month, 'family', family = 'Other', downloads from {{ ref('mart_family_share') }}
),

tokens as (
    select cast(date_trunc('month', date) as date) as month, 'token_openness' as measure,
        openness = 'unknown' as unattributed, cast(tokens as double) as amount
    from {{ ref('int_tokens__attributed') }}
    union all
    select cast(date_trunc('month', date) as date), 'token_country', country = 'unknown', cast(tokens as double)
    from {{ ref('int_tokens__attributed') }} where openness = 'open_weight'
),

combined as (
    select * from downloads
    union all
    select * from tokens
)

select
    month,
    'hub' as scope,
    measure,
    sum(amount) as total,
    coalesce(sum(amount) filter (where not unattributed), 0) as attributed,
    coalesce(sum(amount) filter (where not unattributed), 0) / sum(amount) as known_share
from combined
group by all
having sum(amount) > 0
