-- How concentrated a month's downloads are across uploaders, per scope
-- (docs/metrics.md#scopes): the participants of a scope are the uploaders of
-- its models, with the downloads of those models only. Participants are
-- authors compared case-insensitively; a model without author is its own.
--   hhi  = sum (x_i / X)^2
--   gini = 2 * sum(i * x_i) / (n * X) - (n + 1) / n, with x_1 <= ... <= x_n > 0
--   top10_share = share of the 10 largest participants
with participants as (
    select
        d.month,
        s.scope,
        coalesce('author:' || lower(m.author), 'model:' || d.model_id) as participant,
        sum(d.downloads) as downloads
    from {{ ref('int_downloads__model_months') }} as d
    inner join {{ ref('int_hub__model_scopes') }} as s using (model_id)
    inner join {{ ref('dim_models') }} as m using (model_id)
    group by all
    having sum(d.downloads) > 0
),

ranked as (
    select
        *,
        row_number() over (partition by month, scope order by downloads, participant) as ascending_rank,
        row_number() over (partition by month, scope order by downloads desc, participant) as descending_rank,
        sum(downloads) over (partition by month, scope) as month_total,
        count(*) over (partition by month, scope) as n
    from participants
)

select
    month,
    scope,
    any_value(n) as participants,
    sum(power(downloads / month_total, 2)) as hhi,
    2 * sum(ascending_rank * downloads) / (any_value(n) * any_value(month_total))
        - (any_value(n) + 1) / any_value(n) as gini,
    sum(downloads) filter (where descending_rank <= 10) / any_value(month_total) as top10_share
from ranked
group by month, scope
