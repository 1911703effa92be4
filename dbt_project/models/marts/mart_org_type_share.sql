-- Monthly download share by the uploader's developer type (`unknown` when the
-- author is not in the orgs seed), after "Economies of Open Intelligence";
-- per scope (docs/metrics.md#scopes), where a model's downloads count in every
-- scope the model itself is in.
with monthly as (
    select d.month, s.scope, m.org_type, sum(d.downloads) as downloads
    from {{ ref('int_downloads__model_months') }} as d
    inner join {{ ref('int_hub__model_scopes') }} as s using (model_id)
    inner join {{ ref('dim_models') }} as m using (model_id)
    group by all
)

select
    month,
    scope,
    org_type,
    downloads,
    downloads / sum(downloads) over (partition by month, scope) as share
from monthly
where downloads > 0
