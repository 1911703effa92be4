-- The scopes each model belongs to, one row per (model, scope)
-- (docs/metrics.md#scopes), from the model's latest counted snapshot:
--   hub     : every model
--   llm     : its own pipeline tag is listed in llm_pipeline_tags (ignoring
--             case); a model without a pipeline tag is not in it
--   tracked : its id is listed in tracked_models (ignoring case)
-- The scoped marts join their per-model rows to this table, so the downloads
-- of a model count in every scope it is in; the `hub` rows reproduce the
-- unscoped marts exactly.
with models as (
    select model_id, pipeline_tag from {{ ref('int_hub__model_attributes') }}
)

select model_id, 'hub' as scope
from models

union all

select m.model_id, 'llm'
from models as m
inner join {{ ref('stg_reference__llm_pipeline_tags') }} as t
    on lower(m.pipeline_tag) = t.pipeline_tag_key

union all

select m.model_id, 'tracked'
from models as m
inner join {{ ref('stg_reference__tracked_models') }} as t
    on lower(m.model_id) = t.model_key
