{{ config(
    materialized='incremental',
    incremental_strategy='replace_changed',
    unique_key='model_id',
    incremental_predicates=["last_seen_date >= {{ changed_from() }}"],
    post_hook="{{ record_watermark() }}",
) }}
-- A model's attributes are those of the latest counted snapshot it appears in
-- (docs/metrics.md#latest-attributes); the base_model tags are parsed for that
-- latest row only.
--
-- Incremental (docs/incremental.md): only sightings on or after the earliest
-- snapshot loaded or re-judged since the last run are read (one day, on a
-- daily import), so a day costs the same at 30 or 300 days of history. A model
-- seen there takes its attributes from there (they are its latest); its first
-- sighting stays the one already here when that is earlier. A model whose
-- latest sighting here lies in that window but which is not in it any more
-- (the snapshot was refused after the fact) is recomputed from the history
-- before the window; without any, its row goes (the predicate) and none replaces it.
{% set window_start = changed_from() %}

{#- Models whose latest sighting here lies in the window but that no counted
    snapshot of the window holds any more (it was refused after the fact). -#}
{% set no_longer_seen %}
    select a.model_id
    from {{ this }} as a
    where a.last_seen_date >= {{ window_start }}
        and a.model_id not in (
            select m.model_id
            from {{ ref('stg_hub__model_snapshots') }} as m
            inner join {{ ref('int_hub__snapshots_counted') }} as s using (snapshot_date)
            where m.snapshot_date >= {{ window_start }}
        )
{% endset %}

{#- Their history is read only when there are any: it means reading every
    earlier snapshot. -#}
{% set recompute_from_history = false %}
{% if is_incremental() and execute %}
    {% set stale = run_query("select count(*) from (" ~ no_longer_seen ~ ")") %}
    {% set recompute_from_history = stale.columns[0].values()[0] > 0 %}
{% endif %}

-- The sightings are read twice (the dates aggregate, then the join), never
-- materialised: DuckDB materialises a CTE used twice, and a backfill's window
-- of every column of 331M sightings (1M models x 334 days) filled the disk
-- where two streaming scans take 72 s.
with counted as not materialized (
    select m.*
    from {{ ref('stg_hub__model_snapshots') }} as m
    inner join {{ ref('int_hub__snapshots_counted') }} as s using (snapshot_date)
    {% if is_incremental() %}
        where m.snapshot_date >= {{ window_start }}
    {% endif %}
),

sightings as not materialized (
    select * from counted
    {% if recompute_from_history %}
        union all
        select m.*
        from {{ ref('stg_hub__model_snapshots') }} as m
        inner join {{ ref('int_hub__snapshots_counted') }} as s using (snapshot_date)
        where m.snapshot_date < {{ window_start }}
            and m.model_id in ({{ no_longer_seen }})
    {% endif %}
),

-- Each model's first and latest sighting: a light aggregate of dates; the
-- attributes are then read from the latest sighting by a join (hash-aggregating
-- the attribute values themselves costs several times more).
seen as (
    select model_id, min(snapshot_date) as first_seen_date, max(snapshot_date) as last_seen_date
    from sightings
    group by model_id
),

latest as (
    select m.*, seen.first_seen_date
    from sightings as m
    inner join seen
        on seen.model_id = m.model_id and seen.last_seen_date = m.snapshot_date
)

select
    latest.model_id,
    latest.author,
    latest.created_at,
    latest.created_date,
    latest.params,
    -- the all-time count of the latest counted snapshot (docs/metrics.md#models)
    latest.downloads_all_time,
    latest.pipeline_tag,
    latest.library_name,
    latest.tags,
    {% if is_incremental() %}
        -- Tags rarely change from one day to the next: parse them again only when they
        -- did. (A change to the parsing itself needs `omw build --full-refresh`, as does
        -- any change to an incremental model's logic.)
        case
            when earlier.tags is not distinct from latest.tags then earlier.base_model_refs
            else {{ base_model_refs('latest.tags') }}
        end as base_model_refs,
        case
            when earlier.first_seen_date < {{ window_start }} then earlier.first_seen_date
            else latest.first_seen_date
        end as first_seen_date,
    {% else %}
        {{ base_model_refs('latest.tags') }} as base_model_refs,
        latest.first_seen_date,
    {% endif %}
    latest.snapshot_date as last_seen_date
from latest
{% if is_incremental() %}
    left join {{ this }} as earlier using (model_id)
{% endif %}
