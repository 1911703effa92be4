-- Weekly (Monday) share of open-weight inference tokens by family, by the
-- country of the model's org and by the model's size class. A slug is
-- open-weight when the token model catalogue says so; closed and unknown slugs
-- count nowhere here (see mart_token_openness for all tokens).
with open_weight as (
    select cast(date_trunc('week', date) as date) as week, family, country, size, tokens
    from {{ ref('int_tokens__attributed') }}
    where openness = 'open_weight'
),

by_key as (
    select week, 'family' as dimension, family as key, sum(tokens) as tokens from open_weight group by all
    union all
    select week, 'country' as dimension, country as key, sum(tokens) as tokens from open_weight group by all
    union all
    select week, 'size' as dimension, size as key, sum(tokens) as tokens from open_weight group by all
)

select
    week,
    dimension,
    key,
    tokens,
    cast(tokens as double) / sum(tokens) over (partition by week, dimension) as share
from by_key
where tokens > 0
