-- Token-usage rows as delivered; `slug_key` is the slug lower-cased, the
-- identity used to count a (date, model) once across files.
select
    date,
    slug,
    lower(slug) as slug_key,
    tokens,
    prompt_tokens,
    completion_tokens,
    total_tokens,
    source_file,
    line_no
from {{ source('tokens', 'token_usage') }}
