-- Each model's downloads per month: the grain every monthly share starts from.
select
    model_id,
    cast(date_trunc('month', date) as date) as month,
    sum(downloads) as downloads
from {{ ref('fct_downloads_daily') }}
group by all
