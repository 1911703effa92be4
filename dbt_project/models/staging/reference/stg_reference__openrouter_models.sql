-- The token model catalogue in the order its rows are tried: priority, then
-- file order (the seed keeps the CSV's row order, so row_number() over () is
-- the row index). Patterns are searched case-insensitively in the normalised
-- slug (docs/metrics.md#token-share).
select
    lower(slug_pattern) as slug_pattern_lower,
    lower(trim(openness)) as openness,
    nullif(trim(hub_model_id), '') as hub_model_id,
    cast(priority as integer) as priority,
    row_number() over () as rule_order
from {{ ref('openrouter_models') }}
where nullif(trim(slug_pattern), '') is not null
