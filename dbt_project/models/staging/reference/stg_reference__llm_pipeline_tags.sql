-- The pipeline tags of scope `llm`, lower-cased for a case-insensitive match
-- (docs/metrics.md#scopes).
select distinct lower(trim(pipeline_tag)) as pipeline_tag_key
from {{ ref('llm_pipeline_tags') }}
where nullif(trim(pipeline_tag), '') is not null
