-- The DuckDB SQL baseline of `make bench` (docs/benchmarks.md): daily downloads and
-- monthly family and country shares in one plain script, the practical lower bound
-- for the warehouse (no gates, no lineage, no publishing).
-- Run by benchmarks/duckdb_baseline.py, which sets the variables `files` (a glob of
-- hub_models_*.jsonl.gz) and `seeds` (the dbt seeds folder).
set TimeZone = 'UTC';

create table snap as
select cast(regexp_extract(filename, 'hub_models_(\d{4}-\d{2}-\d{2})', 1) as date) as snapshot_date,
       id as model_id, coalesce(author, split_part(id, '/', 1)) as author,
       cast(cast(createdAt as timestamptz) as date) as created_date, downloadsAllTime as dat
from read_json(getvariable('files'), filename = true, columns = {id: 'VARCHAR', author: 'VARCHAR', createdAt: 'VARCHAR', downloadsAllTime: 'BIGINT'});

create table daily as
with obs as (
    select *, lag(snapshot_date) over w as prev_date, lag(dat) over w as prev_dat,
           (select max(snapshot_date) from snap s2 where s2.snapshot_date < snap.snapshot_date) as prev_warehouse
    from snap window w as (partition by model_id order by snapshot_date)
), iv as (
    select model_id,
        case when prev_date is not null then prev_date + 1 else least(created_date + 1, snapshot_date) end as first_day,
        snapshot_date as last_day,
        case when prev_date is not null then greatest(dat - prev_dat, 0)
             when prev_warehouse is not null and created_date > prev_warehouse then dat else 0 end as amount
    from obs
)
select model_id, first_day + cast(k as integer) as date, amount / (last_day - first_day + 1) as downloads
from iv, unnest(range(last_day - first_day + 1)) as t(k) where amount > 0;

create table orgs as select lower(org) as org_key, country from read_csv(getvariable('seeds') || '/orgs.csv');
create table families as select *, row_number() over () as rule_order from read_csv(getvariable('seeds') || '/model_families.csv', all_varchar = true);

create table model_family as
select model_id, coalesce(family, 'Other') as family from (select distinct model_id from snap) m
left join (
    select m.model_id, f.family from (select distinct model_id from snap) m, families f
    where (f.org is null or lower(f.org) = lower(split_part(m.model_id, '/', 1)))
      and (f.name_pattern is null or regexp_matches(lower(split_part(m.model_id, '/', 2)), lower(f.name_pattern)))
    qualify row_number() over (partition by m.model_id order by cast(f.priority as int), f.rule_order) = 1
) using (model_id);

create table family_share as
select *, downloads / sum(downloads) over (partition by month) as share from (
    select date_trunc('month', d.date) as month, f.family, sum(downloads) as downloads
    from daily d join model_family f using (model_id) group by all
);

create table country_share as
select *, downloads / sum(downloads) over (partition by month) as share from (
    select date_trunc('month', d.date) as month, coalesce(o.country, 'unknown') as country, sum(downloads) as downloads
    from daily d join (select distinct model_id, author from snap) a using (model_id)
    left join orgs o on o.org_key = lower(a.author) group by all
);
