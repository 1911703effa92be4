-- The download-weighted size of the models people use, per month and scope
-- (docs/metrics.md#model-size-trend): over the month's downloads of models
-- with a known parameter count, the weighted mean and the weighted median
-- (the smallest count at which the cumulative weight, counts in ascending
-- order, reaches half of the total).
with model_months as (
    select d.month, s.scope, d.model_id, d.downloads
    from {{ ref('int_downloads__model_months') }} as d
    inner join {{ ref('int_hub__model_scopes') }} as s using (model_id)
    where d.downloads > 0
),

scope_totals as (
    select month, scope, sum(downloads) as all_downloads
    from model_months
    group by all
),

-- one weight per distinct count: the median walks counts, not models
by_count as (
    select mm.month, mm.scope, m.params, sum(mm.downloads) as downloads, count(*) as models
    from model_months as mm
    inner join {{ ref('dim_models') }} as m using (model_id)
    where m.params is not null
    group by all
),

cumulative as (
    select
        *,
        sum(downloads) over (
            partition by month, scope order by params rows between unbounded preceding and current row
        ) as cumulative_downloads
    from by_count
),

summary as (
    select
        month,
        scope,
        sum(downloads * params) / sum(downloads) as mean_params,
        -- the total is the last cumulative sum, so both sides add in the same
        -- order; the tolerance absorbs rounding of fractional daily downloads
        min(params) filter (
            where cumulative_downloads >= max_cumulative / 2 * (1 - 1e-12)
        ) as median_params,
        cast(sum(models) as bigint) as models,
        sum(downloads) as downloads
    from (
        select *, max(cumulative_downloads) over (partition by month, scope) as max_cumulative
        from cumulative
    )
    group by all
)

select
    s.month,
    s.scope,
    s.mean_params,
    s.median_params,
    s.models,
    s.downloads,
    s.downloads / t.all_downloads as known_share
from summary as s
inner join scope_totals as t using (month, scope)
where s.downloads > 0
