-- Weekly (Monday) share of ALL inference tokens by openness: `open_weight`,
-- `closed` (API-only models, open-weight labs' included) and `unknown` (slugs
-- the token model catalogue does not list, OpenRouter's `other` row).
with weekly as (
    select cast(date_trunc('week', date) as date) as week, openness, sum(tokens) as tokens
    from {{ ref('int_tokens__attributed') }}
    group by all
)

select
    week,
    openness,
    tokens,
    cast(tokens as double) / sum(tokens) over (partition by week) as share
from weekly
where tokens > 0
