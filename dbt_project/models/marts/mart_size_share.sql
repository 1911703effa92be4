-- Monthly download share by parameter-size class (`unknown` without a count),
-- from each model's monthly downloads (not the daily facts: a model-month is
-- one row instead of thirty); per scope (docs/metrics.md#scopes), where a
-- model's downloads count in every scope the model itself is in.
with monthly as (
    select
        d.month,
        s.scope,
        m.param_bucket,
        sum(d.downloads) as downloads
    from {{ ref('int_downloads__model_months') }} as d
    inner join {{ ref('int_hub__model_scopes') }} as s using (model_id)
    inner join {{ ref('dim_models') }} as m using (model_id)
    group by all
)

select
    month,
    scope,
    param_bucket,
    downloads,
    downloads / sum(downloads) over (partition by month, scope) as share
from monthly
where downloads > 0
