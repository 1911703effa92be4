-- Monthly download share by country, attributed two ways:
--   uploader: the country of the model's own author
--   lineage : the countries of its roots' authors, split by root weight
-- per scope (docs/metrics.md#scopes): a model's downloads count in every scope
-- the model itself is in; the attribution does not change with the scope.
with scoped as (
    select d.model_id, d.month, s.scope, d.downloads
    from {{ ref('int_downloads__model_months') }} as d
    inner join {{ ref('int_hub__model_scopes') }} as s using (model_id)
),

by_uploader as (
    select d.month, d.scope, 'uploader' as attribution, m.country, sum(d.downloads) as downloads
    from scoped as d
    inner join {{ ref('dim_models') }} as m using (model_id)
    group by all
),

by_lineage as (
    select d.month, d.scope, 'lineage' as attribution, r.root_country as country, sum(d.downloads * r.weight) as downloads
    from scoped as d
    inner join {{ ref('mart_derivative_lineage') }} as r using (model_id)
    group by all
),

combined as (
    select * from by_uploader
    union all
    select * from by_lineage
)

select
    month,
    scope,
    attribution,
    country,
    downloads,
    downloads / sum(downloads) over (partition by month, scope, attribution) as share
from combined
where downloads > 0
