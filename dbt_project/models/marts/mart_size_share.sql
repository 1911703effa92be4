-- Monthly download share by parameter-size class (`unknown` without a count).
with monthly as (
    select
        cast(date_trunc('month', d.date) as date) as month,
        m.param_bucket,
        sum(d.downloads) as downloads
    from {{ ref('fct_downloads_daily') }} as d
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
