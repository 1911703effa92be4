-- The DuckDB lower bound of `make bench` (docs/benchmarks.md): the warehouse's core computed by one
-- hand-written script, written for speed, with no gates, no incremental
-- state, no publishing. An independent implementation on purpose: a lower
-- bound must not share the code it is compared with. Definitions:
-- docs/metrics.md (daily downloads, lineage, family and country).
-- Run by benchmarks/duckdb_baseline.py, which sets the variables `files` (a glob of
-- hub_models_*.jsonl.gz) and `seeds` (the dbt seeds folder).
set TimeZone = 'UTC';
set preserve_insertion_order = false;

-- Every file in one scan, with an explicit schema (no sampling to infer it).
create table snap as
select
    cast(regexp_extract(filename, 'hub_models_(\d{4}-\d{2}-\d{2})', 1) as date) as snapshot_date,
    id as model_id,
    coalesce(author, case when contains(id, '/') then split_part(id, '/', 1) end) as author,
    cast(cast(createdAt as timestamptz) as date) as created_date,
    downloadsAllTime as dat,
    tags
from read_json(
    getvariable('files'),
    format = 'newline_delimited',
    filename = true,
    columns = {id: 'VARCHAR', author: 'VARCHAR', createdAt: 'VARCHAR',
                downloadsAllTime: 'BIGINT', tags: 'VARCHAR[]'}
);

-- The warehouse's previous snapshot date, from the short list of dates (not
-- a subquery per row).
create table dates as
select snapshot_date, lag(snapshot_date) over (order by snapshot_date) as previous_date
from (select distinct snapshot_date from snap);

-- Each model's latest attributes: one hash aggregate.
create table latest as
select model_id, arg_max(author, snapshot_date) as author,
       arg_max(created_date, snapshot_date) as created_date,
       arg_max(tags, snapshot_date) as tags
from snap group by model_id;

-- Daily facts: each sighting closes an interval, its downloads spread evenly.
create table daily as
with observed as (
    select s.model_id, s.snapshot_date, s.dat, l.created_date,
           lag(s.snapshot_date) over w as prev_date, lag(s.dat) over w as prev_dat
    from snap as s join latest as l using (model_id)
    window w as (partition by s.model_id order by s.snapshot_date)
), intervals as (
    select o.model_id,
        case when o.prev_date is not null then o.prev_date + 1
             else least(o.created_date + 1, o.snapshot_date) end as first_day,
        o.snapshot_date as last_day,
        case when o.prev_date is not null then greatest(o.dat - o.prev_dat, 0)
             when d.previous_date is not null and o.created_date > d.previous_date then o.dat
             else 0 end as amount
    from observed as o join dates as d using (snapshot_date)
)
select model_id, first_day + cast(k as integer) as date,
       amount / (last_day - first_day + 1) as downloads
from intervals, unnest(range(last_day - first_day + 1)) as t(k)
where amount > 0;

-- Parents from the latest tags; a model is never its own parent.
create table edges as
select distinct model_id, regexp_extract(tag, '[^:]+$') as parent_id
from (select model_id, unnest(tags) as tag from latest)
where starts_with(tag, 'base_model:') and regexp_extract(tag, '[^:]+$') <> model_id;

create table parent_counts as select model_id, count(*) as parents from edges group by model_id;

-- Roots and weights: walk up from every model (bounded depth: no cycle handling).
create table lineage as
with recursive walk(model_id, node, weight, depth) as (
    select model_id, model_id, 1.0::double, 0 from latest
    union all
    select w.model_id, e.parent_id, w.weight / p.parents, w.depth + 1
    from walk as w
    join edges as e on e.model_id = w.node
    join parent_counts as p on p.model_id = w.node
    where w.depth < 64
)
select model_id, node as root_id, sum(weight) as weight, min(depth) as depth
from walk
where node not in (select model_id from edges)
group by all;

-- Families matched once per distinct root, org rules by join.
create table families as
select family, lower(nullif(org, '')) as org_key, lower(nullif(name_pattern, '')) as pattern,
       cast(priority as integer) as priority, row_number() over () as rule_order
from read_csv(getvariable('seeds') || '/model_families.csv', all_varchar = true);

create table root_family as
with roots as (
    select distinct root_id,
        case when contains(root_id, '/') then lower(split_part(root_id, '/', 1)) end as org_key,
        lower(case when contains(root_id, '/') then substr(root_id, strpos(root_id, '/') + 1)
                   else root_id end) as name
    from lineage
), candidates as (
    select r.root_id, f.family, f.priority, f.rule_order
    from roots as r join families as f on f.org_key = r.org_key
    where f.pattern is null or regexp_matches(r.name, f.pattern)
    union all
    select r.root_id, f.family, f.priority, f.rule_order
    from roots as r cross join (select * from families where org_key is null) as f
    where f.pattern is null or regexp_matches(r.name, f.pattern)
)
select r.root_id, coalesce(c.family, 'Other') as family
from roots as r
left join (
    select root_id, arg_min(family, priority * 1000000 + rule_order) as family
    from candidates group by root_id
) as c using (root_id);

create table orgs as
select lower(org) as org_key, arg_min(country, rn) as country
from (select *, row_number() over () as rn from read_csv(getvariable('seeds') || '/orgs.csv', all_varchar = true))
group by 1;

create table model_months as
select model_id, date_trunc('month', date)::date as month, sum(downloads) as downloads
from daily group by all;

create table family_share as
select month, family, downloads, downloads / sum(downloads) over (partition by month) as share
from (
    select m.month, f.family, sum(m.downloads * l.weight) as downloads
    from model_months as m
    join lineage as l using (model_id)
    join root_family as f using (root_id)
    group by all
);

create table country_share as
select month, attribution, country, downloads,
       downloads / sum(downloads) over (partition by month, attribution) as share
from (
    select m.month, 'uploader' as attribution, coalesce(o.country, 'unknown') as country,
           sum(m.downloads) as downloads
    from model_months as m join latest as a using (model_id)
    left join orgs as o on o.org_key = lower(a.author)
    group by all
    union all
    select m.month, 'lineage', coalesce(o.country, 'unknown'), sum(m.downloads * l.weight)
    from model_months as m join lineage as l using (model_id)
    left join orgs as o on o.org_key = lower(split_part(l.root_id, '/', 1))
    group by all
);
