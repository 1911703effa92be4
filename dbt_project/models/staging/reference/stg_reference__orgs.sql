-- Organisations by case-insensitive key; the first row wins a duplicate.
select
    org_key,
    org,
    country,
    org_type,
    display_name
from (
    select
        lower(trim(org)) as org_key,
        trim(org) as org,
        coalesce(nullif(trim(country), ''), 'unknown') as country,
        coalesce(nullif(trim(org_type), ''), 'unknown') as org_type,
        display_name,
        row_number() over () as row_index
    from {{ ref('orgs') }}
)
qualify row_number() over (partition by org_key order by row_index) = 1
