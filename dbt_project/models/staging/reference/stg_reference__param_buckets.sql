select
    bucket,
    cast(min_params as bigint) as min_params,
    cast(max_params as bigint) as max_params
from {{ ref('param_buckets') }}
