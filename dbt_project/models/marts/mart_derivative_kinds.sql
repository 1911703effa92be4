-- New derivative models per month of creation by kind (docs/metrics.md#derivative-kinds):
-- finetune, adapter, quantized, merge, unspecified, or any other relation word a
-- tag names. Each derivative counts once, in the scopes it is in itself.
with monthly as (
    select
        cast(date_trunc('month', m.created_date) as date) as month,
        s.scope,
        m.derivative_kind,
        count(*) as new_derivatives
    from {{ ref('dim_models') }} as m
    inner join {{ ref('int_hub__model_scopes') }} as s using (model_id)
    where m.is_derivative and m.created_date is not null
    group by all
)

select
    month,
    scope,
    derivative_kind,
    new_derivatives,
    cast(new_derivatives as double) / sum(new_derivatives) over (partition by month, scope) as share
from monthly
