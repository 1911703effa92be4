select
    lower(trim(openrouter_org)) as openrouter_org,
    trim(org) as org
from {{ ref('openrouter_orgs') }}
