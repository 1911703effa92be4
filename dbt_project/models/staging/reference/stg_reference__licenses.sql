-- Licence classes keyed by the lower-cased Hub licence id (`license_key`).
select
    lower(trim(license)) as license_key,
    license,
    license_class,
    name
from {{ ref('licenses') }}
where nullif(trim(license), '') is not null
