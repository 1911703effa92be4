-- New derivative models per month of creation, each split across its roots'
-- families by root weight; share of the month's new derivatives. Per scope
-- (docs/metrics.md#scopes): a derivative counts in the scopes it is in itself,
-- whatever the scopes of its roots.
with monthly as (
    select
        cast(date_trunc('month', m.created_date) as date) as month,
        s.scope,
        r.root_family as family,
        sum(r.weight) as new_derivatives
    from {{ ref('dim_models') }} as m
    inner join {{ ref('int_hub__model_scopes') }} as s using (model_id)
    inner join {{ ref('mart_derivative_lineage') }} as r using (model_id)
    where m.is_derivative
    group by all
)

select
    month,
    scope,
    family,
    new_derivatives,
    new_derivatives / sum(new_derivatives) over (partition by month, scope) as share
from monthly
where new_derivatives > 0
