-- Family rules in the order they are tried: priority, then file order (the
-- seed keeps the CSV's row order, so row_number() over () is the row index).
select
    family,
    nullif(trim(org), '') as org,
    lower(nullif(trim(org), '')) as org_key,
    nullif(name_pattern, '') as name_pattern,
    lower(nullif(name_pattern, '')) as name_pattern_lower,
    cast(priority as integer) as priority,
    row_number() over () as rule_order
from {{ ref('model_families') }}
where nullif(trim(family), '') is not null
