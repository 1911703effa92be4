-- The model ids of scope `tracked`, lower-cased for a case-insensitive match
-- (docs/metrics.md#scopes).
select distinct lower(trim(model_id)) as model_key
from {{ ref('tracked_models') }}
where nullif(trim(model_id), '') is not null
