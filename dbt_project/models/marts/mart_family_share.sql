-- Monthly download share by family, lineage view: a model's downloads are
-- split across its roots' families by root weight; per scope
-- (docs/metrics.md#scopes), where a model's downloads count in every scope the
-- model itself is in.
with monthly as (
    select
        d.month,
        s.scope,
        r.root_family as family,
        sum(d.downloads * r.weight) as downloads
    from {{ ref('int_downloads__model_months') }} as d
    inner join {{ ref('int_hub__model_scopes') }} as s using (model_id)
    inner join {{ ref('mart_derivative_lineage') }} as r using (model_id)
    group by all
)

select
    month,
    scope,
    family,
    downloads,
    downloads / sum(downloads) over (partition by month, scope) as share
from monthly
where downloads > 0
