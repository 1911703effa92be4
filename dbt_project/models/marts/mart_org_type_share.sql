-- Monthly download share by the uploader's developer type (`unknown` when the
-- author is not in the orgs seed), after "Economies of Open Intelligence".
with monthly as (
    select d.month, m.org_type, sum(d.downloads) as downloads
    from {{ ref('int_downloads__model_months') }} as d
    inner join {{ ref('dim_models') }} as m using (model_id)
    group by all
)

select month, org_type, downloads, downloads / sum(downloads) over (partition by month) as share
from monthly
where downloads > 0
