-- Monthly download share by parameter-size class (`unknown` without a count),
-- from each model's monthly downloads (not the daily facts: a model-month is
-- one row instead of thirty).
with monthly as (
    select
        d.month,
        m.param_bucket,
        sum(d.downloads) as downloads
    from {{ ref('int_downloads__model_months') }} as d
    inner join {{ ref('dim_models') }} as m using (model_id)
    group by all
)

select
    month,
    param_bucket,
    downloads,
    downloads / sum(downloads) over (partition by month) as share
from monthly
where downloads > 0
