-- Monthly download share by family, lineage view: a model's downloads are
-- split across its roots' families by root weight.
with monthly as (
    select
        d.month,
        r.root_family as family,
        sum(d.downloads * r.weight) as downloads
    from {{ ref('int_downloads__model_months') }} as d
    inner join {{ ref('mart_derivative_lineage') }} as r using (model_id)
    group by all
)

select month, family, downloads, downloads / sum(downloads) over (partition by month) as share
from monthly
where downloads > 0
