-- Relative adoption rate (the ATOM Project's metric,
-- docs/metrics.md#relative-adoption-rate):
-- a model's cumulative downloads at age k divided by the median of the top 10
-- values at that age among eligible models of its size class (all when fewer
-- than 10; no reference when fewer than 3), and the later variant divided by
-- the 10th-highest value (none when fewer than 10).
-- Per scope (docs/metrics.md#scopes): a model has a row in every scope it is
-- in, with its own values unchanged; eligibility and the reference population
-- of each (scope, size class, age) are restricted to the scope's models.
with model_values as (
    select
        v.model_id,
        s.scope,
        m.param_bucket,
        v.age_days,
        v.cumulative_downloads
    from {{ ref('int_adoption__cumulative_downloads') }} as v
    inner join {{ ref('dim_models') }} as m using (model_id)
    inner join {{ ref('int_hub__model_scopes') }} as s using (model_id)
    where v.cumulative_downloads is not null
        and not m.is_derivative
        and m.params is not null
        -- a creation date changed since the value was computed: stale
        and v.created_date = m.created_date
),

ranked as (
    select
        *,
        row_number() over (partition by scope, param_bucket, age_days order by cumulative_downloads desc) as value_rank,
        count(*) over (partition by scope, param_bucket, age_days) as models_in_class
    from model_values
),

class_references as (
    select
        scope,
        param_bucket,
        age_days,
        case when any_value(models_in_class) >= 3
            then median(cumulative_downloads) filter (where value_rank <= 10) end as reference_downloads,
        case when any_value(models_in_class) >= 10
            then max(cumulative_downloads) filter (where value_rank = 10) end as tenth_highest_downloads
    from ranked
    group by scope, param_bucket, age_days
)

select
    r.model_id,
    r.scope,
    r.param_bucket,
    r.age_days,
    r.cumulative_downloads,
    ref.reference_downloads,
    r.cumulative_downloads / nullif(ref.reference_downloads, 0) as relative_adoption,
    r.cumulative_downloads / nullif(ref.tenth_highest_downloads, 0) as relative_adoption_vs_10th,
    ref.tenth_highest_downloads
from ranked as r
inner join class_references as ref using (scope, param_bucket, age_days)
