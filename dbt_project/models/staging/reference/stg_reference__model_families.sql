-- Family rules in the order they are tried: priority, then file order (the
-- seed keeps the CSV's row order, so row_number() over () is the row index).
-- `openness` (docs/metrics.md#licences-and-openness) defaults to `open_weight`
-- when the cell is empty or the seed has no such column.
{% set has_openness = execute and 'openness' in (
    adapter.get_columns_in_relation(ref('model_families')) | map(attribute='name') | map('lower') | list
) %}
select
    family,
    nullif(trim(org), '') as org,
    lower(nullif(trim(org), '')) as org_key,
    nullif(name_pattern, '') as name_pattern,
    lower(nullif(name_pattern, '')) as name_pattern_lower,
    cast(priority as integer) as priority,
    row_number() over () as rule_order,
    {% if has_openness %}
        coalesce(lower(nullif(trim(openness), '')), 'open_weight')
    {% else %}
        'open_weight'
    {% endif %} as openness
from {{ ref('model_families') }}
where nullif(trim(family), '') is not null
