# ruff: noqa: E501  (catalogue rows are one repository per line, by design)
"""Constant tables behind the sample-ecosystem simulator (plain data, one row a line:
hence over 400 lines).

Kept apart from :mod:`orchestration.demo.simulator` so the simulation logic reads
without scrolling through hundreds of catalogue rows. Everything here is plain data:

* ``QUANTIZERS`` - the uploaders that mostly re-publish models in quantized form.
* ``CURATED_MODELS`` - hand-written Hub repositories of real families (names, release
  dates and sizes close to the real ones; a few 2026 releases are invented). Each row
  is ``id | created | params | pipeline_tag | library | popularity | parents | flags``.
* Vocabulary for generated uploaders and model names.
* ``TOKEN_SLUGS`` - the OpenRouter slugs of the token-usage exports.

The organisations' countries, the family names and the size classes come from the
warehouse's own seeds (:mod:`orchestration.demo.seeds`), not from here.

Popularity is a model's steady daily download rate before the lifecycle, momentum and
noise factors of the simulator; it is a relative scale, not a claim about real counts.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------
# Quantizers
# --------------------------------------------------------------------------------------

#: Uploaders that mostly re-publish other models in quantized form, with the first date
#: they are active and their relative share of quantization work.
QUANTIZERS: list[tuple[str, str, str | None, float]] = [
    # (author, active_from, active_until, weight)
    ("TheBloke", "2023-03-01", "2024-02-01", 6.0),
    ("bartowski", "2024-03-01", None, 4.0),
    ("mradermacher", "2024-03-01", None, 5.0),
    ("unsloth", "2024-05-01", None, 2.5),
    ("lmstudio-community", "2024-06-01", None, 1.5),
    ("MaziyarPanahi", "2024-01-01", None, 1.5),
]

#: Download multiplier of a quantizer's upload relative to its parent's popularity.
QUANTIZER_REACH: dict[str, float] = {
    "TheBloke": 0.03,
    "bartowski": 0.02,
    "mradermacher": 0.004,
    "unsloth": 0.04,
    "lmstudio-community": 0.015,
    "MaziyarPanahi": 0.004,
}

# --------------------------------------------------------------------------------------
# Curated catalogue
# --------------------------------------------------------------------------------------
# params: exact integer, or "<x>B"/"<x>M" (nominal size, given a small deterministic
#   jitter so counts look real), or "-" for no safetensors metadata.
# parents: comma-separated "relation:parent_id" ("parent_id" alone = bare tag only).
# flags: "gguf" (GGUF repo, no safetensors; the simulator gives it a `gguf` object with
#   its parent's parameter count), "lic:<a>,<b>" (the values of its `license:` tags, in
#   order; an empty value is a bare `license:`; without the flag, the simulator's
#   LICENSE_RULES or the first parent's licence), "awq"/"fp8"/"bnb"/"mlx"/"exl2" (packed-dtype
#   counts; awq also stands for GPTQ, told apart by the name), "tag:<tag>" (one more tag,
#   written as given), "protect" (never used as a victim of injected anomalies),
#   "breakout", "family:<family>" (the family whose download momentum and derivative
#   market it follows in the story, a family of the model_families seed: for a
#   derivative, its heaviest root's; no flag = Other). The simulator never applies the
#   seed's family rules: the warehouse does, and the sample's tests check that it
#   finds the story the flags cast.

CURATED_MODELS = """
# ---- legacy ids without an author
gpt2 | 2022-03-02T23:29:04 | 137022720 | text-generation | transformers | 260000 | |
bert-base-uncased | 2022-03-02T23:29:04 | 110106428 | fill-mask | transformers | 420000 | |
distilbert-base-uncased | 2022-03-02T23:29:04 | 66985530 | fill-mask | transformers | 180000 | |
roberta-base | 2022-03-02T23:29:04 | 124697433 | fill-mask | transformers | 140000 | |
t5-small | 2022-03-02T23:29:04 | 60506624 | translation | transformers | 70000 | |
xlm-roberta-base | 2022-03-02T23:29:04 | 278885778 | fill-mask | transformers | 150000 | |
# ---- organisations outside the story's country list
sentence-transformers/all-MiniLM-L6-v2 | 2022-03-02T23:29:05 | 22713216 | sentence-similarity | sentence-transformers | 520000 | |
sentence-transformers/all-mpnet-base-v2 | 2022-03-02T23:29:05 | 109486978 | sentence-similarity | sentence-transformers | 160000 | |
sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2 | 2022-03-02T23:29:05 | 117653760 | sentence-similarity | sentence-transformers | 90000 | |
pyannote/speaker-diarization-3.1 | 2023-11-16T12:49:46 | - | automatic-speech-recognition | pyannote-audio | 200000 | |
timm/resnet50.a1_in1k | 2023-04-05T18:07:45 | 25557032 | image-classification | timm | 110000 | |
Falconsai/nsfw_image_detection | 2023-10-13T23:50:01 | 85800194 | image-classification | transformers | 150000 | |
dslim/bert-base-NER | 2022-03-02T23:29:05 | 108317955 | token-classification | transformers | 60000 | |
TinyLlama/TinyLlama-1.1B-Chat-v1.0 | 2023-12-30T06:27:30 | 1100048384 | text-generation | transformers | 50000 | | family:Llama
# ---- Qwen
Qwen/Qwen2-1.5B-Instruct | 2024-06-03T09:48:40 | 1.54B | text-generation | transformers | 18000 | | family:Qwen
Qwen/Qwen2-7B | 2024-06-04T10:07:03 | 7.62B | text-generation | transformers | 7000 | | family:Qwen
Qwen/Qwen2-7B-Instruct | 2024-06-04T10:07:03 | 7.62B | text-generation | transformers | 22000 | finetune:Qwen/Qwen2-7B | family:Qwen
Qwen/Qwen2-72B-Instruct | 2024-05-28T03:48:49 | 72.7B | text-generation | transformers | 6000 | | family:Qwen
Qwen/Qwen2-VL-7B-Instruct | 2024-08-28T09:03:13 | 8.29B | image-text-to-text | transformers | 50000 | | family:Qwen
Qwen/Qwen2.5-0.5B | 2024-09-15T12:17:43 | 494032768 | text-generation | transformers | 26000 | | family:Qwen
Qwen/Qwen2.5-0.5B-Instruct | 2024-09-16T11:55:40 | 494032768 | text-generation | transformers | 80000 | finetune:Qwen/Qwen2.5-0.5B | family:Qwen
Qwen/Qwen2.5-1.5B | 2024-09-15T12:18:11 | 1543714304 | text-generation | transformers | 26000 | | family:Qwen
Qwen/Qwen2.5-1.5B-Instruct | 2024-09-16T11:55:40 | 1543714304 | text-generation | transformers | 90000 | finetune:Qwen/Qwen2.5-1.5B | family:Qwen
Qwen/Qwen2.5-3B | 2024-09-15T12:18:32 | 3085938688 | text-generation | transformers | 14000 | | family:Qwen
Qwen/Qwen2.5-3B-Instruct | 2024-09-16T11:55:40 | 3085938688 | text-generation | transformers | 55000 | finetune:Qwen/Qwen2.5-3B | family:Qwen
Qwen/Qwen2.5-7B | 2024-09-15T12:18:50 | 7615616512 | text-generation | transformers | 30000 | | family:Qwen
Qwen/Qwen2.5-7B-Instruct | 2024-09-16T11:55:40 | 7615616512 | text-generation | transformers | 180000 | finetune:Qwen/Qwen2.5-7B | protect family:Qwen
Qwen/Qwen2.5-14B | 2024-09-15T12:19:12 | 14770033664 | text-generation | transformers | 7000 | | family:Qwen
Qwen/Qwen2.5-14B-Instruct | 2024-09-16T11:55:40 | 14770033664 | text-generation | transformers | 35000 | finetune:Qwen/Qwen2.5-14B | family:Qwen
Qwen/Qwen2.5-32B | 2024-09-15T12:19:33 | 32763876352 | text-generation | transformers | 9000 | | family:Qwen
Qwen/Qwen2.5-32B-Instruct | 2024-09-16T11:55:40 | 32763876352 | text-generation | transformers | 50000 | finetune:Qwen/Qwen2.5-32B | family:Qwen
Qwen/Qwen2.5-72B | 2024-09-15T12:19:58 | 72706203648 | text-generation | transformers | 3000 | | family:Qwen
Qwen/Qwen2.5-72B-Instruct | 2024-09-16T11:55:40 | 72706203648 | text-generation | transformers | 35000 | finetune:Qwen/Qwen2.5-72B | family:Qwen
Qwen/Qwen2.5-Math-1.5B | 2024-09-16T13:20:02 | 1543714304 | text-generation | transformers | 9000 | | family:Qwen
Qwen/Qwen2.5-Math-7B | 2024-09-16T13:20:19 | 7615616512 | text-generation | transformers | 11000 | | family:Qwen
Qwen/Qwen2.5-Coder-7B | 2024-09-16T11:58:43 | 7615616512 | text-generation | transformers | 9000 | | family:Qwen
Qwen/Qwen2.5-Coder-7B-Instruct | 2024-09-17T04:48:05 | 7615616512 | text-generation | transformers | 36000 | finetune:Qwen/Qwen2.5-Coder-7B | family:Qwen
Qwen/Qwen2.5-7B-Instruct-GGUF | 2024-09-18T06:21:44 | - | text-generation | | 14000 | quantized:Qwen/Qwen2.5-7B-Instruct | gguf family:Qwen
Qwen/Qwen2.5-7B-Instruct-AWQ | 2024-09-18T06:22:01 | 7.62B | text-generation | transformers | 18000 | quantized:Qwen/Qwen2.5-7B-Instruct | awq family:Qwen
Qwen/Qwen2.5-Coder-32B | 2024-11-06T08:10:13 | 32763876352 | text-generation | transformers | 5000 | | family:Qwen
Qwen/Qwen2.5-Coder-32B-Instruct | 2024-11-06T08:10:40 | 32763876352 | text-generation | transformers | 45000 | finetune:Qwen/Qwen2.5-Coder-32B | family:Qwen
Qwen/QwQ-32B-Preview | 2024-11-27T15:52:33 | 32763876352 | text-generation | transformers | 18000 | finetune:Qwen/Qwen2.5-32B-Instruct | family:Qwen
Qwen/Qwen2.5-VL-3B-Instruct | 2025-01-26T09:25:36 | 3754622976 | image-text-to-text | transformers | 55000 | | family:Qwen
Qwen/Qwen2.5-VL-7B-Instruct | 2025-01-26T09:26:37 | 8292166656 | image-text-to-text | transformers | 220000 | | protect family:Qwen
Qwen/Qwen2.5-VL-72B-Instruct | 2025-01-27T04:36:05 | 73410777344 | image-text-to-text | transformers | 18000 | | family:Qwen
Qwen/QwQ-32B | 2025-03-05T14:16:59 | 32763876352 | text-generation | transformers | 55000 | finetune:Qwen/Qwen2.5-32B | family:Qwen
Qwen/Qwen2.5-VL-32B-Instruct | 2025-03-24T10:12:11 | 33452718336 | image-text-to-text | transformers | 22000 | | family:Qwen
Qwen/Qwen2.5-Omni-7B | 2025-03-26T11:05:13 | 10732225408 | any-to-any | transformers | 28000 | | family:Qwen
Qwen/Qwen3-0.6B-Base | 2025-04-28T03:21:54 | 596049920 | text-generation | transformers | 14000 | | family:Qwen
Qwen/Qwen3-0.6B | 2025-04-27T03:40:08 | 751632384 | text-generation | transformers | 230000 | finetune:Qwen/Qwen3-0.6B-Base | family:Qwen
Qwen/Qwen3-1.7B-Base | 2025-04-28T03:22:21 | 2031739904 | text-generation | transformers | 7000 | | family:Qwen
Qwen/Qwen3-1.7B | 2025-04-27T03:41:06 | 2031739904 | text-generation | transformers | 110000 | finetune:Qwen/Qwen3-1.7B-Base | family:Qwen
Qwen/Qwen3-4B-Base | 2025-04-28T03:22:43 | 4022468096 | text-generation | transformers | 14000 | | family:Qwen
Qwen/Qwen3-4B | 2025-04-27T03:41:29 | 4022468096 | text-generation | transformers | 230000 | finetune:Qwen/Qwen3-4B-Base | family:Qwen
Qwen/Qwen3-8B-Base | 2025-04-28T03:23:05 | 8190735360 | text-generation | transformers | 18000 | | family:Qwen
Qwen/Qwen3-8B | 2025-04-27T03:42:21 | 8190735360 | text-generation | transformers | 280000 | finetune:Qwen/Qwen3-8B-Base | protect family:Qwen
Qwen/Qwen3-14B-Base | 2025-04-28T03:23:30 | 14768307200 | text-generation | transformers | 7000 | | family:Qwen
Qwen/Qwen3-14B | 2025-04-27T03:42:46 | 14768307200 | text-generation | transformers | 90000 | finetune:Qwen/Qwen3-14B-Base | family:Qwen
Qwen/Qwen3-32B | 2025-04-27T03:52:59 | 32762123264 | text-generation | transformers | 140000 | | family:Qwen
Qwen/Qwen3-30B-A3B-Base | 2025-04-28T03:24:12 | 30532122624 | text-generation | transformers | 9000 | | family:Qwen
Qwen/Qwen3-30B-A3B | 2025-04-27T03:43:05 | 30532122624 | text-generation | transformers | 180000 | finetune:Qwen/Qwen3-30B-A3B-Base | family:Qwen
Qwen/Qwen3-235B-A22B | 2025-04-27T03:53:46 | 235093634560 | text-generation | transformers | 38000 | | protect family:Qwen
Qwen/Qwen3-8B-FP8 | 2025-04-28T04:01:37 | 8.19B | text-generation | transformers | 18000 | quantized:Qwen/Qwen3-8B | fp8 family:Qwen
Qwen/Qwen3-8B-GGUF | 2025-05-01T02:51:23 | - | text-generation | | 22000 | quantized:Qwen/Qwen3-8B | gguf family:Qwen
Qwen/Qwen3-Embedding-0.6B | 2025-06-03T14:25:32 | 595776512 | feature-extraction | sentence-transformers | 260000 | finetune:Qwen/Qwen3-0.6B-Base | family:Qwen
Qwen/Qwen3-Embedding-8B | 2025-06-03T14:39:10 | 7567295488 | feature-extraction | sentence-transformers | 36000 | finetune:Qwen/Qwen3-8B-Base | family:Qwen
Qwen/Qwen3-Reranker-0.6B | 2025-06-03T14:38:46 | 595776512 | text-ranking | transformers | 36000 | | family:Qwen
Qwen/Qwen3-235B-A22B-Instruct-2507 | 2025-07-21T08:40:49 | 235093634560 | text-generation | transformers | 38000 | | protect family:Qwen
Qwen/Qwen3-Coder-480B-A35B-Instruct | 2025-07-22T14:52:38 | 480154875392 | text-generation | transformers | 18000 | | family:Qwen
Qwen/Qwen3-235B-A22B-Thinking-2507 | 2025-07-25T03:22:13 | 235093634560 | text-generation | transformers | 24000 | | protect family:Qwen
Qwen/Qwen3-30B-A3B-Instruct-2507 | 2025-07-28T07:31:27 | 30532122624 | text-generation | transformers | 180000 | | family:Qwen
Qwen/Qwen3-Coder-30B-A3B-Instruct | 2025-07-31T07:04:55 | 30532122624 | text-generation | transformers | 180000 | | family:Qwen
Qwen/Qwen-Image | 2025-08-02T12:08:18 | - | text-to-image | diffusers | 70000 | | family:Qwen
Qwen/Qwen3-4B-Instruct-2507 | 2025-08-05T10:58:03 | 4022468096 | text-generation | transformers | 270000 | | protect family:Qwen
Qwen/Qwen3-4B-Thinking-2507 | 2025-08-05T10:59:46 | 4022468096 | text-generation | transformers | 70000 | | protect family:Qwen
Qwen/Qwen-Image-Edit | 2025-08-17T16:53:43 | - | image-to-image | diffusers | 70000 | | family:Qwen
Qwen/Qwen3-Next-80B-A3B-Instruct | 2025-09-09T15:40:56 | 81324093440 | text-generation | transformers | 70000 | | family:Qwen
Qwen/Qwen3-Omni-30B-A3B-Instruct | 2025-09-15T12:13:02 | 35259818496 | any-to-any | transformers | 55000 | | family:Qwen
Qwen/Qwen3-VL-235B-A22B-Instruct | 2025-09-22T13:04:39 | 235702234112 | image-text-to-text | transformers | 36000 | | protect family:Qwen
Qwen/Qwen3-VL-30B-A3B-Instruct | 2025-09-30T11:22:33 | 31070754032 | image-text-to-text | transformers | 110000 | | family:Qwen
Qwen/Qwen3-VL-8B-Instruct | 2025-10-14T09:18:05 | 8767123696 | image-text-to-text | transformers | 360000 | | family:Qwen
Qwen/Qwen3-VL-4B-Instruct | 2025-10-14T09:17:47 | 4437815808 | image-text-to-text | transformers | 180000 | | protect family:Qwen
Qwen/Qwen3-VL-2B-Instruct | 2025-10-20T08:41:13 | 2127532032 | image-text-to-text | transformers | 130000 | | protect family:Qwen
Qwen/Qwen3.5-4B | 2026-01-27T14:02:11 | 4205881344 | text-generation | transformers | 300000 | | breakout protect family:Qwen
Qwen/Qwen3.5-9B | 2026-01-27T14:03:40 | 9410742272 | text-generation | transformers | 280000 | | family:Qwen
Qwen/Qwen3.5-27B | 2026-01-27T14:05:02 | 27781427200 | text-generation | transformers | 140000 | | family:Qwen
Qwen/Qwen3.5-397B-A17B | 2026-01-27T14:06:55 | 397221384192 | text-generation | transformers | 45000 | | family:Qwen
# ---- DeepSeek
deepseek-ai/deepseek-coder-6.7b-instruct | 2023-10-29T10:49:40 | 6740512768 | text-generation | transformers | 14000 | | family:DeepSeek
deepseek-ai/DeepSeek-V2-Lite-Chat | 2024-05-15T05:27:36 | 15706484224 | text-generation | transformers | 5000 | | family:DeepSeek
deepseek-ai/DeepSeek-Coder-V2-Lite-Instruct | 2024-06-14T06:23:33 | 15706484224 | text-generation | transformers | 14000 | | family:DeepSeek
deepseek-ai/DeepSeek-V2.5 | 2024-09-05T04:52:03 | 235741434880 | text-generation | transformers | 7000 | | protect family:DeepSeek
deepseek-ai/DeepSeek-V2.5-1210 | 2024-12-10T07:08:46 | 235741434880 | text-generation | transformers | 5000 | | protect family:DeepSeek
deepseek-ai/deepseek-vl2-tiny | 2024-12-13T08:31:56 | 3371793408 | image-text-to-text | transformers | 7000 | | family:DeepSeek
deepseek-ai/DeepSeek-V3-Base | 2024-12-25T11:38:20 | 671026419200 | text-generation | transformers | 9000 | | family:DeepSeek
deepseek-ai/DeepSeek-V3 | 2024-12-25T12:52:23 | 671026419200 | text-generation | transformers | 70000 | | family:DeepSeek
deepseek-ai/DeepSeek-R1 | 2025-01-20T03:46:07 | 671026419200 | text-generation | transformers | 150000 | | protect family:DeepSeek
deepseek-ai/DeepSeek-R1-Zero | 2025-01-20T03:46:12 | 671026419200 | text-generation | transformers | 5000 | | family:DeepSeek
deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B | 2025-01-20T09:04:18 | 1777088000 | text-generation | transformers | 220000 | finetune:Qwen/Qwen2.5-Math-1.5B | family:Qwen
deepseek-ai/DeepSeek-R1-Distill-Qwen-7B | 2025-01-20T09:16:14 | 7615616512 | text-generation | transformers | 140000 | finetune:Qwen/Qwen2.5-Math-7B | family:Qwen
deepseek-ai/DeepSeek-R1-Distill-Qwen-14B | 2025-01-20T09:18:27 | 14770033664 | text-generation | transformers | 70000 | finetune:Qwen/Qwen2.5-14B | family:Qwen
deepseek-ai/DeepSeek-R1-Distill-Qwen-32B | 2025-01-20T09:19:00 | 32763876352 | text-generation | transformers | 90000 | finetune:Qwen/Qwen2.5-32B | family:Qwen
deepseek-ai/DeepSeek-R1-Distill-Llama-8B | 2025-01-20T09:09:42 | 8030261248 | text-generation | transformers | 70000 | finetune:meta-llama/Llama-3.1-8B | family:Llama
deepseek-ai/DeepSeek-R1-Distill-Llama-70B | 2025-01-20T09:13:22 | 70553706496 | text-generation | transformers | 36000 | finetune:meta-llama/Llama-3.3-70B-Instruct | family:Llama
deepseek-ai/Janus-Pro-7B | 2025-01-26T12:05:50 | 7420434432 | any-to-any | transformers | 36000 | | family:DeepSeek
deepseek-ai/DeepSeek-V3-0324 | 2025-03-24T09:28:22 | 671026419200 | text-generation | transformers | 55000 | | family:DeepSeek
deepseek-ai/DeepSeek-Prover-V2-7B | 2025-04-30T02:14:20 | 6910365696 | text-generation | transformers | 5000 | | family:DeepSeek
deepseek-ai/DeepSeek-R1-0528 | 2025-05-28T09:46:42 | 671026419200 | text-generation | transformers | 75000 | | family:DeepSeek
deepseek-ai/DeepSeek-R1-0528-Qwen3-8B | 2025-05-29T11:07:47 | 8190735360 | text-generation | transformers | 110000 | finetune:Qwen/Qwen3-8B | family:Qwen
deepseek-ai/DeepSeek-V3.1-Base | 2025-08-19T10:01:00 | 671026419200 | text-generation | transformers | 5000 | | family:DeepSeek
deepseek-ai/DeepSeek-V3.1 | 2025-08-21T06:30:17 | 671026419200 | text-generation | transformers | 75000 | finetune:deepseek-ai/DeepSeek-V3.1-Base | family:DeepSeek
deepseek-ai/DeepSeek-V3.1-Terminus | 2025-09-22T06:34:25 | 671026419200 | text-generation | transformers | 36000 | finetune:deepseek-ai/DeepSeek-V3.1-Base | family:DeepSeek
deepseek-ai/DeepSeek-V3.2-Exp | 2025-09-29T06:07:26 | 671026419200 | text-generation | transformers | 36000 | | family:DeepSeek
deepseek-ai/DeepSeek-OCR | 2025-10-20T02:35:41 | 3336106240 | image-text-to-text | transformers | 380000 | | protect family:DeepSeek
deepseek-ai/DeepSeek-Math-V2 | 2025-11-27T02:35:52 | 685396921376 | text-generation | transformers | 9000 | | family:DeepSeek
deepseek-ai/DeepSeek-V3.2 | 2025-12-01T11:04:59 | 685396921376 | text-generation | transformers | 75000 | | family:DeepSeek
deepseek-ai/DeepSeek-V3.2-Speciale | 2025-12-01T11:05:43 | 685396921376 | text-generation | transformers | 9000 | | family:DeepSeek
# ---- Zhipu (THUDM / zai-org)
THUDM/chatglm3-6b | 2023-10-25T09:56:41 | 6243584000 | text-generation | transformers | 14000 | | family:GLM
THUDM/glm-4-9b-chat | 2024-06-04T08:25:40 | 9399951360 | text-generation | transformers | 14000 | | family:GLM
THUDM/glm-4v-9b | 2024-06-04T08:58:46 | 13906320384 | image-text-to-text | transformers | 3000 | | family:GLM
THUDM/CogVideoX-5b | 2024-08-17T11:42:28 | - | text-to-video | diffusers | 18000 | |
zai-org/glm-4-9b-chat-hf | 2024-10-24T08:51:21 | 9399951360 | text-generation | transformers | 9000 | finetune:THUDM/glm-4-9b-chat | family:GLM
THUDM/GLM-4-32B-0414 | 2025-04-07T12:53:41 | 32566081536 | text-generation | transformers | 11000 | | family:GLM
THUDM/GLM-4-9B-0414 | 2025-04-08T02:57:05 | 9400279040 | text-generation | transformers | 14000 | | family:GLM
THUDM/GLM-Z1-32B-0414 | 2025-04-08T03:04:42 | 32566081536 | text-generation | transformers | 7000 | | family:GLM
THUDM/GLM-4.1V-9B-Thinking | 2025-06-28T14:24:10 | 10292777472 | image-text-to-text | transformers | 22000 | | family:GLM
zai-org/GLM-4.5 | 2025-07-20T03:25:55 | 358337791296 | text-generation | transformers | 36000 | | family:GLM
zai-org/GLM-4.5-Air | 2025-07-20T03:25:36 | 110468824832 | text-generation | transformers | 55000 | | protect family:GLM
zai-org/GLM-4.5V | 2025-08-10T13:55:30 | 107710933120 | image-text-to-text | transformers | 28000 | | protect family:GLM
zai-org/GLM-4.6 | 2025-09-29T14:11:05 | 356785898496 | text-generation | transformers | 55000 | | family:GLM
zai-org/GLM-4.6V | 2025-12-08T09:12:11 | 107710933120 | image-text-to-text | transformers | 36000 | | protect family:GLM
zai-org/GLM-4.6V-Flash | 2025-12-08T09:13:05 | 10292777472 | image-text-to-text | transformers | 55000 | | family:GLM
zai-org/GLM-4.7 | 2025-12-22T08:05:24 | 358337791296 | text-generation | transformers | 75000 | | family:GLM
zai-org/GLM-4.7-Flash | 2026-01-19T10:27:40 | 31221488576 | text-generation | transformers | 140000 | | family:GLM
# ---- Moonshot
moonshotai/Kimi-VL-A3B-Instruct | 2025-04-09T06:07:46 | 16407657968 | image-text-to-text | transformers | 18000 | | family:Kimi
moonshotai/Kimi-Audio-7B-Instruct | 2025-04-25T10:38:04 | 9770737280 | audio-text-to-text | | 7000 | | family:Kimi
moonshotai/Kimi-K2-Base | 2025-07-11T04:31:21 | 1026470960384 | text-generation | transformers | 5000 | | family:Kimi
moonshotai/Kimi-K2-Instruct | 2025-07-11T04:40:14 | 1026470960384 | text-generation | transformers | 55000 | | family:Kimi
moonshotai/Kimi-K2-Instruct-0905 | 2025-09-03T03:34:36 | 1026470960384 | text-generation | transformers | 45000 | | family:Kimi
moonshotai/Kimi-Linear-48B-A3B-Instruct | 2025-10-30T05:02:13 | 49122502784 | text-generation | transformers | 28000 | | family:Kimi
moonshotai/Kimi-K2-Thinking | 2025-11-06T02:57:09 | 1058591676416 | text-generation | transformers | 110000 | | family:Kimi
moonshotai/Kimi-K2.5 | 2026-01-26T09:11:46 | 1058591676416 | image-text-to-text | transformers | 140000 | | family:Kimi
# ---- MiniMax
MiniMaxAI/MiniMax-Text-01 | 2025-01-14T09:42:03 | 456090624000 | text-generation | transformers | 5000 | | family:MiniMax
MiniMaxAI/MiniMax-M1-80k | 2025-06-13T08:21:14 | 456090624000 | text-generation | transformers | 14000 | | family:MiniMax
MiniMaxAI/MiniMax-M1-40k | 2025-06-16T02:03:41 | 456090624000 | text-generation | transformers | 7000 | | family:MiniMax
MiniMaxAI/MiniMax-M2 | 2025-10-27T02:39:25 | 228700000000 | text-generation | transformers | 110000 | | protect family:MiniMax
MiniMaxAI/MiniMax-M2.1 | 2025-12-22T06:54:03 | 228700000000 | text-generation | transformers | 90000 | | protect family:MiniMax
# ---- 01.AI
01-ai/Yi-34B | 2023-11-01T07:47:59 | 34388917248 | text-generation | transformers | 3000 | | family:Yi
01-ai/Yi-1.5-6B-Chat | 2024-05-11T09:07:48 | 6061035520 | text-generation | transformers | 4000 | | family:Yi
01-ai/Yi-1.5-9B-Chat | 2024-05-10T05:17:58 | 8829407232 | text-generation | transformers | 8000 | | family:Yi
01-ai/Yi-1.5-34B-Chat | 2024-05-10T05:31:18 | 34388917248 | text-generation | transformers | 4000 | | family:Yi
01-ai/Yi-Coder-9B-Chat | 2024-08-21T04:08:43 | 8829407232 | text-generation | transformers | 5000 | | family:Yi
01-ai/Yi-Coder-1.5B-Chat | 2024-08-21T04:08:51 | 1476405248 | text-generation | transformers | 3000 | | family:Yi
# ---- InternLM, Baichuan, Tencent, Baidu, BAAI, StepFun, Xiaomi
internlm/internlm2-chat-7b | 2024-01-16T06:29:26 | 7737708544 | text-generation | transformers | 3000 | | family:InternLM
internlm/internlm2_5-7b-chat | 2024-06-27T02:45:00 | 7737708544 | text-generation | transformers | 9000 | | family:InternLM
internlm/internlm2_5-20b-chat | 2024-07-30T02:47:32 | 19861149696 | text-generation | transformers | 3000 | | family:InternLM
internlm/internlm3-8b-instruct | 2025-01-13T03:21:51 | 8804241408 | text-generation | transformers | 7000 | | family:InternLM
internlm/Intern-S1 | 2025-07-23T06:40:02 | 241231036416 | image-text-to-text | transformers | 28000 | | protect family:InternLM
internlm/Intern-S1-mini | 2025-08-18T09:15:31 | 8537194496 | image-text-to-text | transformers | 22000 | | family:InternLM
baichuan-inc/Baichuan2-7B-Chat | 2023-08-29T02:21:41 | 7505973248 | text-generation | transformers | 5000 | |
baichuan-inc/Baichuan2-13B-Chat | 2023-08-29T02:30:01 | 13896668160 | text-generation | transformers | 3000 | |
baichuan-inc/Baichuan-M1-14B-Instruct | 2025-01-23T07:51:43 | 14467428864 | text-generation | transformers | 4000 | |
baichuan-inc/Baichuan-M2-32B | 2025-08-08T11:24:12 | 32763876352 | text-generation | transformers | 14000 | finetune:Qwen/Qwen2.5-32B | family:Qwen
tencent/Hunyuan-Large | 2024-11-04T12:42:30 | 389000000000 | text-generation | transformers | 2000 | | family:Hunyuan
tencent/HunyuanVideo | 2024-12-03T02:21:06 | - | text-to-video | | 14000 | | family:Hunyuan
tencent/Hunyuan3D-2 | 2025-01-20T06:34:35 | - | image-to-3d | hunyuan3d-2 | 36000 | | family:Hunyuan
tencent/Hunyuan-A13B-Instruct | 2025-06-27T01:59:27 | 80393183232 | text-generation | transformers | 18000 | | family:Hunyuan
tencent/HunyuanWorld-1 | 2025-07-26T06:27:21 | - | image-to-3d | diffusers | 9000 | | family:Hunyuan
tencent/Hunyuan-7B-Instruct | 2025-07-30T01:29:06 | 7504797696 | text-generation | transformers | 14000 | | family:Hunyuan
tencent/Hunyuan-MT-7B | 2025-08-28T09:51:39 | 7504797696 | translation | transformers | 36000 | | family:Hunyuan
tencent/HunyuanImage-2.1 | 2025-09-08T09:41:48 | - | text-to-image | | 28000 | | family:Hunyuan
tencent/HunyuanOCR | 2025-11-20T03:30:12 | 996183040 | image-text-to-text | transformers | 55000 | | family:Hunyuan
tencent/HunyuanVideo-1.5 | 2025-11-20T08:12:33 | - | text-to-video | diffusers | 36000 | | family:Hunyuan
baidu/ERNIE-4.5-0.3B-PT | 2025-06-28T06:11:42 | 360748288 | text-generation | transformers | 18000 | | family:ERNIE
baidu/ERNIE-4.5-21B-A3B-PT | 2025-06-28T06:12:12 | 21825437952 | text-generation | transformers | 28000 | | family:ERNIE
baidu/ERNIE-4.5-VL-28B-A3B-PT | 2025-06-28T06:12:30 | 29133156096 | image-text-to-text | transformers | 9000 | | family:ERNIE
baidu/ERNIE-4.5-300B-A47B-PT | 2025-06-28T06:13:04 | 300471922688 | text-generation | transformers | 5000 | | family:ERNIE
baidu/ERNIE-4.5-VL-424B-A47B-PT | 2025-06-28T06:13:31 | 424231186432 | image-text-to-text | transformers | 2000 | | family:ERNIE
baidu/ERNIE-4.5-21B-A3B-Thinking | 2025-09-08T11:55:27 | 21825437952 | text-generation | transformers | 36000 | | family:ERNIE
baidu/PaddleOCR-VL | 2025-10-15T09:58:13 | 958437248 | image-text-to-text | paddleocr | 180000 | |
BAAI/bge-base-en-v1.5 | 2023-09-11T15:04:22 | 109482240 | feature-extraction | sentence-transformers | 180000 | |
BAAI/bge-large-en-v1.5 | 2023-09-12T05:20:53 | 335141888 | feature-extraction | sentence-transformers | 140000 | |
BAAI/bge-small-en-v1.5 | 2023-09-12T05:22:21 | 33360000 | feature-extraction | sentence-transformers | 140000 | |
BAAI/bge-reranker-large | 2023-09-12T07:39:18 | 559890432 | text-classification | transformers | 36000 | |
BAAI/bge-m3 | 2024-01-27T17:07:29 | 567754752 | sentence-similarity | sentence-transformers | 230000 | |
BAAI/bge-reranker-v2-m3 | 2024-03-15T13:32:18 | 567755777 | text-classification | sentence-transformers | 75000 | |
BAAI/bge-multilingual-gemma2 | 2024-07-25T16:53:41 | 9242164736 | feature-extraction | sentence-transformers | 3000 | | family:Gemma
BAAI/Emu3-Gen | 2024-09-25T11:34:00 | 8492199936 | text-to-image | transformers | 2000 | |
stepfun-ai/GOT-OCR2_0 | 2024-09-12T16:02:28 | 716033280 | image-text-to-text | | 36000 | |
stepfun-ai/Step-Audio-Chat | 2025-02-13T10:36:21 | 130006974464 | text-generation | | 2000 | | protect
stepfun-ai/stepvideo-t2v | 2025-02-14T05:02:56 | - | text-to-video | | 3000 | |
stepfun-ai/step3 | 2025-07-25T03:38:15 | 321253851136 | image-text-to-text | transformers | 4000 | |
stepfun-ai/Step-Audio-2-mini | 2025-08-27T05:49:33 | 8315351040 | audio-text-to-text | transformers | 7000 | |
stepfun-ai/Step-Audio-EditX | 2025-11-05T09:42:29 | 3466526720 | text-to-speech | | 9000 | |
stepfun-ai/Step3-VL-10B | 2026-01-13T08:44:51 | 10178213376 | image-text-to-text | transformers | 18000 | |
XiaomiMiMo/MiMo-7B-Base | 2025-04-29T06:32:09 | 7833409536 | text-generation | transformers | 4000 | | family:MiMo
XiaomiMiMo/MiMo-7B-RL | 2025-04-29T06:33:01 | 7833409536 | text-generation | transformers | 7000 | finetune:XiaomiMiMo/MiMo-7B-Base | family:MiMo
XiaomiMiMo/MiMo-VL-7B-RL | 2025-05-29T06:27:31 | 8306217472 | image-text-to-text | transformers | 14000 | | family:MiMo
XiaomiMiMo/MiMo-Audio-7B-Instruct | 2025-09-18T07:18:05 | 7028541440 | any-to-any | transformers | 7000 | | family:MiMo
XiaomiMiMo/MiMo-V2-Flash | 2025-12-16T06:13:58 | 309785013760 | text-generation | transformers | 36000 | | family:MiMo
# ---- Meta
meta-llama/Meta-Llama-3-8B | 2024-04-17T09:35:16 | 8030261248 | text-generation | transformers | 28000 | | family:Llama
meta-llama/Meta-Llama-3-8B-Instruct | 2024-04-17T09:35:12 | 8030261248 | text-generation | transformers | 85000 | finetune:meta-llama/Meta-Llama-3-8B | family:Llama
meta-llama/Meta-Llama-3-70B-Instruct | 2024-04-17T09:34:54 | 70553706496 | text-generation | transformers | 14000 | | family:Llama
meta-llama/Llama-3.1-8B | 2024-07-14T22:20:15 | 8030261248 | text-generation | transformers | 75000 | | protect family:Llama
meta-llama/Llama-3.1-8B-Instruct | 2024-07-18T08:56:00 | 8030261248 | text-generation | transformers | 240000 | finetune:meta-llama/Llama-3.1-8B | protect family:Llama
meta-llama/Llama-3.1-70B | 2024-07-14T22:23:59 | 70553706496 | text-generation | transformers | 9000 | | family:Llama
meta-llama/Llama-3.1-70B-Instruct | 2024-07-16T16:07:46 | 70553706496 | text-generation | transformers | 36000 | finetune:meta-llama/Llama-3.1-70B | family:Llama
meta-llama/Llama-3.1-405B | 2024-07-16T22:11:18 | 405853388800 | text-generation | transformers | 2000 | | family:Llama
meta-llama/Llama-3.1-405B-Instruct | 2024-07-16T23:44:32 | 405853388800 | text-generation | transformers | 4000 | finetune:meta-llama/Llama-3.1-405B | family:Llama
meta-llama/Llama-Guard-3-8B | 2024-07-22T20:19:34 | 8030261248 | text-generation | transformers | 28000 | finetune:meta-llama/Llama-3.1-8B | family:Llama
meta-llama/Llama-3.2-1B | 2024-09-18T15:03:14 | 1235814400 | text-generation | transformers | 140000 | | protect family:Llama
meta-llama/Llama-3.2-1B-Instruct | 2024-09-18T15:12:47 | 1235814400 | text-generation | transformers | 240000 | finetune:meta-llama/Llama-3.2-1B | family:Llama
meta-llama/Llama-3.2-3B | 2024-09-18T15:11:20 | 3212749824 | text-generation | transformers | 75000 | | protect family:Llama
meta-llama/Llama-3.2-3B-Instruct | 2024-09-18T15:19:20 | 3212749824 | text-generation | transformers | 240000 | finetune:meta-llama/Llama-3.2-3B | family:Llama
meta-llama/Llama-3.2-11B-Vision | 2024-09-18T16:23:26 | 10670220835 | image-text-to-text | transformers | 9000 | | family:Llama
meta-llama/Llama-3.2-11B-Vision-Instruct | 2024-09-18T16:24:11 | 10670220835 | image-text-to-text | transformers | 55000 | finetune:meta-llama/Llama-3.2-11B-Vision | family:Llama
meta-llama/Llama-3.2-90B-Vision-Instruct | 2024-09-19T14:23:47 | 88648037155 | image-text-to-text | transformers | 5000 | | family:Llama
meta-llama/Llama-3.2-1B-Instruct-QLORA_INT4_EO8 | 2024-10-24T16:43:51 | - | text-generation | | 3000 | quantized:meta-llama/Llama-3.2-1B-Instruct | family:Llama
meta-llama/Llama-3.3-70B-Instruct | 2024-11-26T16:08:47 | 70553706496 | text-generation | transformers | 75000 | finetune:meta-llama/Llama-3.1-70B | family:Llama
meta-llama/Llama-4-Scout-17B-16E | 2025-04-02T22:02:11 | 108641793536 | image-text-to-text | transformers | 9000 | | protect family:Llama
meta-llama/Llama-4-Scout-17B-16E-Instruct | 2025-04-02T22:02:38 | 108641793536 | image-text-to-text | transformers | 45000 | finetune:meta-llama/Llama-4-Scout-17B-16E | family:Llama
meta-llama/Llama-4-Maverick-17B-128E | 2025-04-02T22:03:06 | 401583781376 | image-text-to-text | transformers | 2000 | | family:Llama
meta-llama/Llama-4-Maverick-17B-128E-Instruct | 2025-04-02T22:03:30 | 401583781376 | image-text-to-text | transformers | 14000 | finetune:meta-llama/Llama-4-Maverick-17B-128E | family:Llama
meta-llama/Llama-Guard-4-12B | 2025-04-28T21:24:58 | 12000000000 | image-text-to-text | transformers | 14000 | | family:Llama
meta-llama/Llama-Prompt-Guard-2-86M | 2025-04-28T22:07:22 | 86000000 | text-classification | transformers | 28000 | | family:Llama
# ---- Google
google/vit-base-patch16-224 | 2022-03-02T23:29:05 | 86567656 | image-classification | transformers | 110000 | |
google/flan-t5-base | 2022-10-21T10:02:31 | 247577856 | text2text-generation | transformers | 75000 | |
google/flan-t5-large | 2022-10-21T10:07:08 | 783150080 | text2text-generation | transformers | 36000 | |
google/siglip-so400m-patch14-384 | 2024-01-08T13:38:32 | 877960754 | zero-shot-image-classification | transformers | 140000 | |
google/gemma-2-9b-it | 2024-06-24T08:05:41 | 9241705984 | text-generation | transformers | 36000 | | family:Gemma
google/gemma-2-27b-it | 2024-06-24T08:05:51 | 27227128320 | text-generation | transformers | 14000 | | family:Gemma
google/gemma-2-2b | 2024-07-16T15:23:10 | 2614341888 | text-generation | transformers | 18000 | | family:Gemma
google/gemma-2-2b-it | 2024-07-16T15:24:56 | 2614341888 | text-generation | transformers | 55000 | finetune:google/gemma-2-2b | family:Gemma
google/paligemma2-3b-pt-224 | 2024-11-21T14:51:33 | 3032242416 | image-text-to-text | transformers | 18000 | | family:Gemma
google/gemma-3-1b-pt | 2025-03-10T06:28:11 | 999885952 | text-generation | transformers | 18000 | | family:Gemma
google/gemma-3-1b-it | 2025-03-10T06:28:27 | 999885952 | text-generation | transformers | 180000 | finetune:google/gemma-3-1b-pt | family:Gemma
google/gemma-3-4b-pt | 2025-03-10T06:28:44 | 4300079472 | image-text-to-text | transformers | 18000 | | family:Gemma
google/gemma-3-4b-it | 2025-03-10T06:29:03 | 4300079472 | image-text-to-text | transformers | 220000 | finetune:google/gemma-3-4b-pt | family:Gemma
google/gemma-3-12b-pt | 2025-03-10T06:29:22 | 12187325040 | image-text-to-text | transformers | 9000 | | family:Gemma
google/gemma-3-12b-it | 2025-03-10T06:29:40 | 12187325040 | image-text-to-text | transformers | 110000 | finetune:google/gemma-3-12b-pt | family:Gemma
google/gemma-3-27b-pt | 2025-03-10T06:30:01 | 27432406640 | image-text-to-text | transformers | 9000 | | family:Gemma
google/gemma-3-27b-it | 2025-03-10T06:30:22 | 27432406640 | image-text-to-text | transformers | 140000 | finetune:google/gemma-3-27b-pt | family:Gemma
google/gemma-3-27b-it-qat-q4_0-gguf | 2025-04-03T18:54:27 | - | image-text-to-text | | 14000 | quantized:google/gemma-3-27b-it | gguf family:Gemma
google/medgemma-4b-it | 2025-05-19T20:18:05 | 4300079472 | image-text-to-text | transformers | 28000 | | family:Gemma
google/medgemma-27b-text-it | 2025-05-19T20:19:36 | 27009002240 | text-generation | transformers | 7000 | | family:Gemma
google/gemma-3n-E2B-it | 2025-06-20T17:09:57 | 5439438272 | image-text-to-text | transformers | 36000 | | family:Gemma
google/gemma-3n-E4B-it | 2025-06-20T17:10:39 | 7849978192 | image-text-to-text | transformers | 55000 | | family:Gemma
google/gemma-3-270m | 2025-08-05T15:33:39 | 268098176 | text-generation | transformers | 55000 | | family:Gemma
google/gemma-3-270m-it | 2025-08-05T15:33:52 | 268098176 | text-generation | transformers | 55000 | finetune:google/gemma-3-270m | family:Gemma
google/embeddinggemma-300m | 2025-09-03T16:41:46 | 302863104 | sentence-similarity | sentence-transformers | 180000 | | family:Gemma
google/vaultgemma-1b | 2025-09-12T18:02:20 | 1038741120 | text-generation | transformers | 5000 | | family:Gemma
google/functiongemma-270m-it | 2025-12-18T15:59:03 | 268098176 | text-generation | transformers | 28000 | | family:Gemma
# ---- Microsoft
microsoft/deberta-v3-base | 2022-03-02T23:29:05 | 184423682 | fill-mask | transformers | 90000 | |
microsoft/table-transformer-detection | 2022-10-14T09:14:13 | 28818337 | object-detection | transformers | 90000 | |
microsoft/Phi-3-mini-4k-instruct | 2024-04-22T16:18:17 | 3821079552 | text-generation | transformers | 75000 | | family:Phi
microsoft/Florence-2-large | 2024-06-15T00:34:55 | 776720384 | image-text-to-text | transformers | 55000 | |
microsoft/Phi-3.5-mini-instruct | 2024-08-16T20:48:26 | 3821079552 | text-generation | transformers | 55000 | | family:Phi
microsoft/Phi-3.5-vision-instruct | 2024-08-16T20:50:40 | 4146621440 | image-text-to-text | transformers | 28000 | | family:Phi
microsoft/Phi-3.5-MoE-instruct | 2024-08-17T21:34:19 | 41873153344 | text-generation | transformers | 5000 | | family:Phi
microsoft/phi-4 | 2024-12-11T11:47:29 | 14659507200 | text-generation | transformers | 75000 | | family:Phi
microsoft/Phi-4-mini-instruct | 2025-02-19T01:00:58 | 3836021760 | text-generation | transformers | 90000 | | family:Phi
microsoft/Phi-4-multimodal-instruct | 2025-02-24T22:33:32 | 5574460384 | automatic-speech-recognition | transformers | 36000 | | family:Phi
microsoft/bitnet-b1.58-2B-4T | 2025-04-15T04:25:13 | 849787090 | text-generation | transformers | 18000 | |
microsoft/Phi-4-reasoning | 2025-04-30T02:22:45 | 14659507200 | text-generation | transformers | 18000 | finetune:microsoft/phi-4 | family:Phi
microsoft/Phi-4-reasoning-plus | 2025-04-30T02:23:11 | 14659507200 | text-generation | transformers | 14000 | finetune:microsoft/phi-4 | family:Phi
microsoft/Phi-4-mini-reasoning | 2025-04-30T02:23:50 | 3836021760 | text-generation | transformers | 18000 | finetune:microsoft/Phi-4-mini-instruct | family:Phi
microsoft/Phi-4-mini-flash-reasoning | 2025-07-09T16:26:48 | 3849808896 | text-generation | transformers | 7000 | | family:Phi
microsoft/VibeVoice-1.5B | 2025-08-25T13:46:48 | 2704021985 | text-to-speech | transformers | 90000 | |
microsoft/Fara-7B | 2025-11-24T17:30:03 | 8292166656 | image-text-to-text | transformers | 18000 | finetune:Qwen/Qwen2.5-VL-7B-Instruct | family:Qwen
microsoft/VibeVoice-Realtime-0.5B | 2025-12-02T18:22:40 | 1017953952 | text-to-speech | transformers | 70000 | |
# ---- OpenAI
openai-community/openai-gpt | 2022-03-02T23:29:04 | 119680512 | text-generation | transformers | 5000 | |
openai-community/gpt2-medium | 2022-03-02T23:29:04 | 380000000 | text-generation | transformers | 36000 | |
openai-community/gpt2-large | 2022-03-02T23:29:04 | 812000000 | text-generation | transformers | 28000 | |
openai-community/gpt2-xl | 2022-03-02T23:29:04 | 1608000000 | text-generation | transformers | 9000 | |
openai/clip-vit-base-patch32 | 2022-03-02T23:29:05 | 151277313 | zero-shot-image-classification | transformers | 190000 | |
openai/clip-vit-large-patch14 | 2022-03-02T23:29:05 | 427616513 | zero-shot-image-classification | transformers | 280000 | |
openai/whisper-small | 2022-09-26T06:51:27 | 241734912 | automatic-speech-recognition | transformers | 75000 | |
openai/whisper-large-v3 | 2023-11-07T18:41:14 | 1543490560 | automatic-speech-recognition | transformers | 140000 | |
openai/whisper-large-v3-turbo | 2024-10-01T07:39:28 | 808878080 | automatic-speech-recognition | transformers | 190000 | finetune:openai/whisper-large-v3 |
openai/gpt-oss-20b | 2025-08-04T22:33:29 | 21511953984 | text-generation | transformers | 380000 | | protect family:GPT-OSS
openai/gpt-oss-120b | 2025-08-05T17:02:57 | 116829156672 | text-generation | transformers | 400000 | | breakout protect family:GPT-OSS
openai/gpt-oss-safeguard-20b | 2025-10-28T16:14:06 | 21511953984 | text-generation | transformers | 18000 | finetune:openai/gpt-oss-20b | family:GPT-OSS
openai/gpt-oss-safeguard-120b | 2025-10-28T16:15:12 | 116829156672 | text-generation | transformers | 5000 | finetune:openai/gpt-oss-120b | family:GPT-OSS
# ---- NVIDIA
nvidia/Nemotron-Mini-4B-Instruct | 2024-09-10T17:17:21 | 4191894528 | text-generation | transformers | 7000 | | family:Nemotron
nvidia/Llama-3.1-Nemotron-70B-Instruct | 2024-10-12T02:37:13 | 70553706496 | text-generation | transformers | 14000 | finetune:meta-llama/Llama-3.1-70B-Instruct | family:Llama
nvidia/canary-1b-flash | 2025-03-05T16:16:44 | - | automatic-speech-recognition | nemo | 18000 | |
nvidia/Llama-3_3-Nemotron-Super-49B-v1 | 2025-03-16T01:39:48 | 49867145216 | text-generation | transformers | 18000 | finetune:meta-llama/Llama-3.3-70B-Instruct | family:Llama
nvidia/Llama-3.1-Nemotron-Nano-8B-v1 | 2025-03-17T23:20:31 | 8030261248 | text-generation | transformers | 14000 | finetune:meta-llama/Llama-3.1-8B-Instruct | family:Llama
nvidia/Llama-3_1-Nemotron-Ultra-253B-v1 | 2025-04-07T16:13:21 | 253401319424 | text-generation | transformers | 5000 | finetune:meta-llama/Llama-3.1-405B-Instruct | family:Llama
nvidia/Nemotron-H-8B-Base-8K | 2025-04-14T20:33:24 | 8098246656 | text-generation | transformers | 3000 | | family:Nemotron
nvidia/parakeet-tdt-0.6b-v2 | 2025-04-30T19:37:18 | - | automatic-speech-recognition | nemo | 140000 | |
nvidia/Cosmos-Reason1-7B | 2025-05-14T20:58:20 | 8292166656 | image-text-to-text | transformers | 9000 | finetune:Qwen/Qwen2.5-VL-7B-Instruct | family:Qwen
nvidia/OpenReasoning-Nemotron-32B | 2025-07-10T21:08:31 | 32763876352 | text-generation | transformers | 14000 | finetune:Qwen/Qwen2.5-32B-Instruct | family:Qwen
nvidia/NVIDIA-Nemotron-Nano-12B-v2-Base | 2025-08-11T20:34:48 | 12309995520 | text-generation | transformers | 5000 | | family:Nemotron
nvidia/NVIDIA-Nemotron-Nano-9B-v2 | 2025-08-12T21:54:38 | 8888227328 | text-generation | transformers | 75000 | finetune:nvidia/NVIDIA-Nemotron-Nano-12B-v2-Base | family:Nemotron
nvidia/parakeet-tdt-0.6b-v3 | 2025-08-14T17:12:08 | - | automatic-speech-recognition | nemo | 110000 | |
nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B | 2025-12-15T15:01:47 | 31577923520 | text-generation | transformers | 140000 | | family:Nemotron
# ---- Ai2
allenai/OLMoE-1B-7B-0924 | 2024-09-03T17:04:23 | 6919161856 | text-generation | transformers | 5000 | | family:OLMo
allenai/Molmo-7B-D-0924 | 2024-09-24T21:01:48 | 8021025280 | image-text-to-text | transformers | 14000 | finetune:Qwen/Qwen2-7B | family:Qwen
allenai/OLMo-2-1124-7B | 2024-11-18T06:22:13 | 7298617344 | text-generation | transformers | 9000 | | family:OLMo
allenai/OLMo-2-1124-7B-Instruct | 2024-11-18T06:25:01 | 7298617344 | text-generation | transformers | 9000 | finetune:allenai/OLMo-2-1124-7B | family:OLMo
allenai/OLMo-2-1124-13B | 2024-11-18T06:23:49 | 13716422656 | text-generation | transformers | 3000 | | family:OLMo
allenai/Llama-3.1-Tulu-3-8B | 2024-11-20T02:44:05 | 8030261248 | text-generation | transformers | 7000 | finetune:meta-llama/Llama-3.1-8B | family:Llama
allenai/olmOCR-7B-0225-preview | 2025-02-19T21:38:41 | 8292166656 | image-text-to-text | transformers | 28000 | finetune:Qwen/Qwen2-VL-7B-Instruct | family:Qwen
allenai/OLMo-2-0325-32B | 2025-03-10T18:57:38 | 32234279936 | text-generation | transformers | 4000 | | family:OLMo
allenai/OLMo-2-0425-1B | 2025-04-16T21:35:40 | 1484916736 | text-generation | transformers | 18000 | | family:OLMo
allenai/olmOCR-2-7B-1025 | 2025-10-20T17:38:11 | 8292166656 | image-text-to-text | transformers | 55000 | finetune:Qwen/Qwen2.5-VL-7B-Instruct | family:Qwen
allenai/Olmo-3-1025-7B | 2025-11-19T18:02:59 | 7298617344 | text-generation | transformers | 14000 | | family:OLMo
allenai/Olmo-3-7B-Think | 2025-11-19T18:04:17 | 7298617344 | text-generation | transformers | 9000 | finetune:allenai/Olmo-3-1025-7B | family:OLMo
allenai/Olmo-3-32B-Think | 2025-11-19T18:05:47 | 32234279936 | text-generation | transformers | 7000 | | family:OLMo
# ---- IBM Granite
ibm-granite/granite-3.0-8b-instruct | 2024-10-21T14:06:14 | 8170864640 | text-generation | transformers | 9000 | | family:Granite
ibm-granite/granite-3.0-2b-instruct | 2024-10-21T14:05:31 | 2634468352 | text-generation | transformers | 7000 | | family:Granite
ibm-granite/granite-timeseries-ttm-r2 | 2024-10-08T12:10:01 | 805280 | time-series-forecasting | granite-tsfm | 230000 | | family:Granite
ibm-granite/granite-embedding-278m-multilingual | 2024-12-04T20:28:05 | 278043648 | sentence-similarity | sentence-transformers | 18000 | | family:Granite
ibm-granite/granite-3.1-8b-instruct | 2024-12-18T06:44:02 | 8170864640 | text-generation | transformers | 14000 | | family:Granite
ibm-granite/granite-3.1-2b-instruct | 2024-12-18T06:43:27 | 2533531648 | text-generation | transformers | 9000 | | family:Granite
ibm-granite/granite-vision-3.2-2b | 2025-02-21T19:58:51 | 2975853568 | image-text-to-text | transformers | 9000 | | family:Granite
ibm-granite/granite-3.2-8b-instruct | 2025-02-26T17:01:55 | 8170864640 | text-generation | transformers | 9000 | | family:Granite
ibm-granite/granite-3.3-8b-instruct | 2025-04-16T12:51:25 | 8170864640 | text-generation | transformers | 18000 | | family:Granite
ibm-granite/granite-3.3-2b-instruct | 2025-04-16T12:50:38 | 2533531648 | text-generation | transformers | 14000 | | family:Granite
ibm-granite/granite-docling-258M | 2025-09-17T20:31:07 | 257517120 | image-text-to-text | transformers | 75000 | | family:Granite
ibm-granite/granite-4.0-h-small | 2025-10-02T13:17:01 | 32208060416 | text-generation | transformers | 18000 | | family:Granite
ibm-granite/granite-4.0-h-tiny | 2025-10-02T13:16:27 | 6939037696 | text-generation | transformers | 28000 | | family:Granite
ibm-granite/granite-4.0-micro | 2025-10-02T13:15:50 | 3402836480 | text-generation | transformers | 36000 | | family:Granite
ibm-granite/granite-4.0-h-1b | 2025-10-28T15:58:40 | 1463813632 | text-generation | transformers | 18000 | | family:Granite
# ---- Hugging Face, BigCode, EleutherAI, Nomic, Swiss AI, Nous (SmolVLM and TinyLLaVA join
# a SmolLM2 / TinyLlama language model and a SigLIP vision encoder: two parents, one of
# an open-source family and one of an open-weight family)
HuggingFaceTB/SmolLM2-135M | 2024-10-31T13:41:10 | 134515008 | text-generation | transformers | 36000 | | family:SmolLM
HuggingFaceTB/SmolLM2-135M-Instruct | 2024-10-31T13:41:35 | 134515008 | text-generation | transformers | 36000 | finetune:HuggingFaceTB/SmolLM2-135M | family:SmolLM
HuggingFaceTB/SmolLM2-360M-Instruct | 2024-10-31T13:42:03 | 361821120 | text-generation | transformers | 28000 | | family:SmolLM
HuggingFaceTB/SmolLM2-1.7B | 2024-10-30T22:50:10 | 1711376384 | text-generation | transformers | 9000 | | family:SmolLM
HuggingFaceTB/SmolLM2-1.7B-Instruct | 2024-10-31T13:42:06 | 1711376384 | text-generation | transformers | 28000 | finetune:HuggingFaceTB/SmolLM2-1.7B | family:SmolLM
HuggingFaceTB/SmolVLM-Instruct | 2024-11-26T09:26:43 | 2246272880 | image-text-to-text | transformers | 14000 | finetune:HuggingFaceTB/SmolLM2-1.7B-Instruct,finetune:google/siglip-so400m-patch14-384 |
HuggingFaceTB/SmolVLM-256M-Instruct | 2025-01-20T14:54:06 | 256484928 | image-text-to-text | transformers | 28000 | finetune:HuggingFaceTB/SmolLM2-135M-Instruct,finetune:google/siglip-base-patch16-512 |
HuggingFaceTB/SmolVLM2-2.2B-Instruct | 2025-02-08T10:14:31 | 2246784880 | image-text-to-text | transformers | 28000 | finetune:HuggingFaceTB/SmolVLM-Instruct |
HuggingFaceTB/SmolLM3-3B-Base | 2025-07-08T07:43:54 | 3075098624 | text-generation | transformers | 5000 | | family:SmolLM
HuggingFaceTB/SmolLM3-3B | 2025-07-08T07:44:47 | 3075098624 | text-generation | transformers | 36000 | finetune:HuggingFaceTB/SmolLM3-3B-Base | family:SmolLM
bigcode/starcoder | 2023-04-24T12:36:52 | 15517462528 | text-generation | transformers | 3000 | |
bigcode/tiny_starcoder_py | 2023-05-15T07:43:22 | 164044800 | text-generation | transformers | 5000 | |
bigcode/starcoder2-3b | 2024-02-20T17:58:19 | 3030371328 | text-generation | transformers | 18000 | |
bigcode/starcoder2-7b | 2024-02-20T17:58:35 | 7173923840 | text-generation | transformers | 7000 | |
bigcode/starcoder2-15b | 2024-02-20T17:58:49 | 15957889024 | text-generation | transformers | 5000 | |
bigcode/starcoder2-15b-instruct-v0.1 | 2024-04-23T17:50:22 | 15957889024 | text-generation | transformers | 3000 | finetune:bigcode/starcoder2-15b |
EleutherAI/gpt-j-6b | 2022-03-02T23:29:04 | 6053381344 | text-generation | transformers | 5000 | |
EleutherAI/pythia-160m | 2023-02-08T19:08:10 | 162322944 | text-generation | transformers | 28000 | |
nomic-ai/nomic-embed-text-v1.5 | 2024-02-10T06:32:35 | 136731648 | sentence-similarity | sentence-transformers | 140000 | |
swiss-ai/Apertus-8B-2509 | 2025-08-13T12:01:44 | 8053338176 | text-generation | transformers | 3000 | |
swiss-ai/Apertus-8B-Instruct-2509 | 2025-08-13T12:04:20 | 8053338176 | text-generation | transformers | 9000 | finetune:swiss-ai/Apertus-8B-2509 |
bczhou/TinyLLaVA-1.5B | 2024-02-22T03:10:41 | 1413283840 | image-text-to-text | transformers | 900 | finetune:TinyLlama/TinyLlama-1.1B-Chat-v1.0,finetune:google/siglip-so400m-patch14-384 | family:Llama
NousResearch/Nous-Hermes-2-Mixtral-8x7B-DPO | 2024-01-11T06:14:47 | 46702792704 | text-generation | transformers | 3000 | finetune:mistralai/Mixtral-8x7B-v0.1 | family:Mistral
NousResearch/Hermes-2-Pro-Llama-3-8B | 2024-04-30T17:58:29 | 8030261248 | text-generation | transformers | 7000 | finetune:meta-llama/Meta-Llama-3-8B | family:Llama
NousResearch/Hermes-3-Llama-3.1-8B | 2024-07-28T04:19:04 | 8030261248 | text-generation | transformers | 14000 | finetune:meta-llama/Llama-3.1-8B | family:Llama
NousResearch/Hermes-3-Llama-3.1-70B | 2024-07-29T22:20:04 | 70553706496 | text-generation | transformers | 4000 | finetune:meta-llama/Llama-3.1-70B | family:Llama
NousResearch/Hermes-3-Llama-3.1-405B | 2024-08-13T01:07:46 | 405853388800 | text-generation | transformers | 1000 | finetune:meta-llama/Llama-3.1-405B | family:Llama
NousResearch/DeepHermes-3-Llama-3-8B-Preview | 2025-02-12T04:09:46 | 8030261248 | text-generation | transformers | 5000 | finetune:meta-llama/Llama-3.1-8B | family:Llama
NousResearch/Hermes-4-70B | 2025-08-26T16:10:49 | 70553706496 | text-generation | transformers | 7000 | finetune:meta-llama/Llama-3.1-70B | family:Llama
NousResearch/Hermes-4-405B | 2025-08-26T16:11:21 | 405853388800 | text-generation | transformers | 2000 | finetune:meta-llama/Llama-3.1-405B | family:Llama
NousResearch/Hermes-4-14B | 2025-09-30T19:25:03 | 14768307200 | text-generation | transformers | 9000 | finetune:Qwen/Qwen3-14B | family:Qwen
# ---- Quantizers' and fine-tuners' landmark uploads
TheBloke/Llama-2-7B-GGUF | 2023-09-04T15:53:57 | - | text-generation | | 18000 | quantized:meta-llama/Llama-2-7b-hf | gguf family:Llama
TheBloke/Llama-2-7B-Chat-GGUF | 2023-09-04T16:38:41 | - | text-generation | | 28000 | quantized:meta-llama/Llama-2-7b-chat-hf | gguf family:Llama
TheBloke/Mistral-7B-Instruct-v0.2-GGUF | 2023-12-11T22:18:46 | - | text-generation | | 36000 | quantized:mistralai/Mistral-7B-Instruct-v0.2 | gguf family:Mistral
TheBloke/Mixtral-8x7B-Instruct-v0.1-GGUF | 2023-12-11T18:08:33 | - | text-generation | | 9000 | quantized:mistralai/Mixtral-8x7B-Instruct-v0.1 | gguf family:Mistral
TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF | 2023-12-31T08:17:45 | - | text-generation | | 9000 | quantized:TinyLlama/TinyLlama-1.1B-Chat-v1.0 | gguf family:Llama
MaziyarPanahi/Mistral-7B-Instruct-v0.3-GGUF | 2024-05-22T17:27:45 | - | text-generation | | 9000 | quantized:mistralai/Mistral-7B-Instruct-v0.3 | gguf family:Mistral
bartowski/Meta-Llama-3.1-8B-Instruct-GGUF | 2024-07-23T18:39:33 | - | text-generation | | 45000 | quantized:meta-llama/Llama-3.1-8B-Instruct | gguf family:Llama
lmstudio-community/Meta-Llama-3.1-8B-Instruct-GGUF | 2024-07-23T15:52:06 | - | text-generation | | 36000 | quantized:meta-llama/Llama-3.1-8B-Instruct | gguf family:Llama
unsloth/Llama-3.1-8B-Instruct-bnb-4bit | 2024-07-23T15:41:21 | 8.03B | text-generation | transformers | 28000 | quantized:meta-llama/Llama-3.1-8B-Instruct | bnb family:Llama
unsloth/Qwen2.5-7B-Instruct-bnb-4bit | 2024-09-18T21:40:32 | 7.62B | text-generation | transformers | 28000 | quantized:Qwen/Qwen2.5-7B-Instruct | bnb family:Qwen
unsloth/Llama-3.2-1B-Instruct | 2024-09-25T18:43:28 | 1235814400 | text-generation | transformers | 90000 | finetune:meta-llama/Llama-3.2-1B-Instruct | family:Llama
unsloth/DeepSeek-R1-GGUF | 2025-01-20T13:09:42 | - | text-generation | | 75000 | quantized:deepseek-ai/DeepSeek-R1 | gguf family:DeepSeek
unsloth/gemma-3-27b-it-GGUF | 2025-03-12T10:41:53 | - | image-text-to-text | | 36000 | quantized:google/gemma-3-27b-it | gguf family:Gemma
unsloth/Qwen3-30B-A3B-GGUF | 2025-04-28T13:48:41 | - | text-generation | | 75000 | quantized:Qwen/Qwen3-30B-A3B | gguf family:Qwen
unsloth/Qwen3-Coder-30B-A3B-Instruct-GGUF | 2025-07-31T10:27:38 | - | text-generation | | 110000 | quantized:Qwen/Qwen3-Coder-30B-A3B-Instruct | gguf family:Qwen
unsloth/gpt-oss-20b-GGUF | 2025-08-05T17:12:17 | - | text-generation | | 140000 | quantized:openai/gpt-oss-20b | gguf family:GPT-OSS
# ---- Repackagings told by their library or tags (docs/metrics.md#models): MLX,
# GPTQ/AWQ and EXL2 checkpoints, GGUF repos naming their library, some without any
# `quantized` relation (a bare base_model tag, or none at all), a tag in capitals, and a
# model "quantized" from itself (no parent, so not a repackaging).
TheBloke/Mistral-7B-Instruct-v0.2-GPTQ | 2023-12-11T22:45:12 | 7.24B | text-generation | transformers | 9000 | quantized:mistralai/Mistral-7B-Instruct-v0.2 | awq family:Mistral
hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4 | 2024-07-24T10:02:11 | 8.03B | text-generation | transformers | 9000 | quantized:meta-llama/Llama-3.1-8B-Instruct | awq family:Llama
turboderp/Llama-3.1-8B-Instruct-exl2 | 2024-07-24T09:15:40 | - | text-generation | | 2000 | meta-llama/Llama-3.1-8B-Instruct | exl2 family:Llama
mlx-community/Llama-3.2-3B-Instruct-4bit | 2024-09-25T20:11:37 | 3.21B | text-generation | mlx | 7000 | | mlx family:Llama
mlx-community/whisper-large-v3-turbo | 2024-10-01T15:32:08 | - | automatic-speech-recognition | mlx | 5000 | |
second-state/Llama-3.2-3B-Instruct-GGUF | 2024-09-26T02:41:55 | - | text-generation | | 3000 | meta-llama/Llama-3.2-3B-Instruct | tag:GGUF family:Llama
mlx-community/Qwen3-4B-4bit | 2025-04-28T16:05:29 | 4.02B | text-generation | mlx | 9000 | quantized:Qwen/Qwen3-4B | mlx family:Qwen
ggml-org/gpt-oss-20b-GGUF | 2025-08-05T19:20:44 | - | text-generation | gguf | 20000 | openai/gpt-oss-20b | gguf family:GPT-OSS
mlx-community/gpt-oss-20b-MXFP4-Q8 | 2025-08-06T08:12:51 | 20.9B | text-generation | mlx | 9000 | finetune:openai/gpt-oss-20b | mlx family:GPT-OSS
self-ref-lab/mirror-7b-int4 | 2025-06-12T08:45:00 | 7.24B | text-generation | transformers | 300 | quantized:self-ref-lab/mirror-7b-int4 | protect
# ---- Mistral AI
mistralai/Mistral-7B-v0.1 | 2023-09-20T13:03:50 | 7241732096 | text-generation | transformers | 36000 | | family:Mistral
mistralai/Mistral-7B-Instruct-v0.2 | 2023-12-11T13:18:44 | 7241732096 | text-generation | transformers | 60000 | finetune:mistralai/Mistral-7B-v0.1 | family:Mistral
mistralai/Mixtral-8x7B-v0.1 | 2023-12-01T09:42:00 | 46702792704 | text-generation | transformers | 7000 | | family:Mistral
mistralai/Mixtral-8x7B-Instruct-v0.1 | 2023-12-10T19:15:53 | 46702792704 | text-generation | transformers | 36000 | finetune:mistralai/Mixtral-8x7B-v0.1 | family:Mistral
mistralai/Mixtral-8x22B-Instruct-v0.1 | 2024-04-16T12:23:53 | 140620634112 | text-generation | transformers | 4000 | | family:Mistral
mistralai/Mistral-7B-v0.3 | 2024-05-22T09:56:38 | 7248023552 | text-generation | transformers | 18000 | | family:Mistral
mistralai/Mistral-7B-Instruct-v0.3 | 2024-05-22T09:57:04 | 7248023552 | text-generation | transformers | 140000 | finetune:mistralai/Mistral-7B-v0.3 | family:Mistral
mistralai/Mistral-Nemo-Base-2407 | 2024-07-17T09:28:01 | 12247782400 | text-generation | transformers | 7000 | | family:Mistral
mistralai/Mistral-Nemo-Instruct-2407 | 2024-07-17T09:29:07 | 12247782400 | text-generation | transformers | 75000 | finetune:mistralai/Mistral-Nemo-Base-2407 | family:Mistral
mistralai/Mistral-Large-Instruct-2407 | 2024-07-24T07:52:28 | 122610069504 | text-generation | transformers | 3000 | | family:Mistral
mistralai/Pixtral-12B-2409 | 2024-09-11T08:33:24 | 12682739712 | image-text-to-text | vllm | 14000 | | family:Mistral
mistralai/Mistral-Small-Instruct-2409 | 2024-09-17T13:44:34 | 22247282688 | text-generation | transformers | 14000 | | family:Mistral
mistralai/Ministral-8B-Instruct-2410 | 2024-10-09T14:49:36 | 8019808256 | text-generation | transformers | 28000 | | family:Mistral
mistralai/Pixtral-Large-Instruct-2411 | 2024-11-12T09:27:56 | 123962159104 | image-text-to-text | vllm | 4000 | | protect family:Mistral
mistralai/Mistral-Large-Instruct-2411 | 2024-11-14T09:21:27 | 122610069504 | text-generation | transformers | 7000 | | protect family:Mistral
mistralai/Mistral-Small-24B-Base-2501 | 2025-01-28T13:21:05 | 23572403200 | text-generation | transformers | 5000 | | family:Mistral
mistralai/Mistral-Small-24B-Instruct-2501 | 2025-01-28T13:21:44 | 23572403200 | text-generation | transformers | 45000 | finetune:mistralai/Mistral-Small-24B-Base-2501 | family:Mistral
mistralai/Mistral-Small-3.1-24B-Base-2503 | 2025-03-11T16:09:12 | 24011361280 | image-text-to-text | vllm | 5000 | | family:Mistral
mistralai/Mistral-Small-3.1-24B-Instruct-2503 | 2025-03-11T16:10:48 | 24011361280 | image-text-to-text | vllm | 55000 | finetune:mistralai/Mistral-Small-3.1-24B-Base-2503 | family:Mistral
mistralai/Devstral-Small-2505 | 2025-05-21T12:43:21 | 23572403200 | text-generation | vllm | 18000 | finetune:mistralai/Mistral-Small-3.1-24B-Instruct-2503 | family:Mistral
mistralai/Magistral-Small-2506 | 2025-06-10T09:41:19 | 23572403200 | text-generation | vllm | 14000 | finetune:mistralai/Mistral-Small-3.1-24B-Instruct-2503 | family:Mistral
mistralai/Mistral-Small-3.2-24B-Instruct-2506 | 2025-06-19T09:45:39 | 24011361280 | image-text-to-text | vllm | 55000 | finetune:mistralai/Mistral-Small-3.1-24B-Base-2503 | family:Mistral
mistralai/Voxtral-Mini-3B-2507 | 2025-07-14T13:28:58 | 4676271104 | audio-text-to-text | transformers | 36000 | | family:Mistral
mistralai/Voxtral-Small-24B-2507 | 2025-07-14T13:29:13 | 24262164480 | audio-text-to-text | transformers | 9000 | | family:Mistral
mistralai/Magistral-Small-2509 | 2025-09-17T07:52:43 | 24011361280 | image-text-to-text | vllm | 14000 | | family:Mistral
mistralai/Ministral-3-3B-Instruct-2512 | 2025-12-02T14:42:17 | 3848962048 | image-text-to-text | vllm | 36000 | | family:Mistral
mistralai/Ministral-3-8B-Instruct-2512 | 2025-12-02T14:42:44 | 8918437888 | image-text-to-text | vllm | 36000 | | family:Mistral
mistralai/Ministral-3-14B-Instruct-2512 | 2025-12-02T14:43:10 | 13907097600 | image-text-to-text | vllm | 36000 | | family:Mistral
mistralai/Mistral-Large-3-675B-Instruct-2512 | 2025-12-02T14:44:05 | 675000000000 | image-text-to-text | vllm | 9000 | | family:Mistral
mistralai/Devstral-2-123B-Instruct-2512 | 2025-12-09T16:10:27 | 125028270080 | text-generation | vllm | 14000 | | protect family:Mistral
mistralai/Devstral-Small-2-24B-Instruct-2512 | 2025-12-09T16:11:02 | 24011361280 | text-generation | vllm | 28000 | | family:Mistral
# ---- Cohere Labs
CohereLabs/c4ai-command-r-08-2024 | 2024-08-21T14:56:08 | 32296476672 | text-generation | transformers | 5000 | |
CohereLabs/c4ai-command-r-plus-08-2024 | 2024-08-21T14:56:47 | 103810674688 | text-generation | transformers | 3000 | |
CohereLabs/aya-expanse-8b | 2024-10-23T13:28:11 | 8028033024 | text-generation | transformers | 14000 | |
CohereLabs/aya-expanse-32b | 2024-10-23T13:28:56 | 32296476672 | text-generation | transformers | 5000 | |
CohereLabs/c4ai-command-r7b-12-2024 | 2024-12-11T12:51:03 | 8028033024 | text-generation | transformers | 7000 | |
CohereLabs/aya-vision-8b | 2025-03-03T17:43:54 | 8628854256 | image-text-to-text | transformers | 7000 | |
CohereLabs/c4ai-command-a-03-2025 | 2025-03-10T11:40:08 | 111057580032 | text-generation | transformers | 9000 | | protect
CohereLabs/command-a-vision-07-2025 | 2025-07-28T14:13:35 | 112569810944 | image-text-to-text | transformers | 4000 | | protect
CohereLabs/command-a-reasoning-08-2025 | 2025-08-19T13:37:41 | 111057580032 | text-generation | transformers | 5000 | | protect
CohereLabs/command-a-translate-08-2025 | 2025-08-27T08:01:19 | 111057580032 | translation | transformers | 3000 | | protect
# ---- Stability, TII, Upstage, LG, AI21
stabilityai/sd-vae-ft-mse | 2022-10-13T12:50:55 | - | text-to-image | diffusers | 36000 | |
stabilityai/stable-diffusion-2-1 | 2022-12-06T17:24:51 | - | text-to-image | diffusers | 28000 | |
stabilityai/stable-diffusion-xl-base-1.0 | 2023-07-25T13:25:51 | - | text-to-image | diffusers | 90000 | |
stabilityai/sdxl-turbo | 2023-11-27T15:19:11 | - | text-to-image | diffusers | 18000 | |
stabilityai/stablelm-2-1_6b | 2024-01-18T14:56:02 | 1644515328 | text-generation | transformers | 5000 | |
stabilityai/stable-audio-open-1.0 | 2024-06-05T11:47:26 | - | text-to-audio | stable-audio-tools | 5000 | |
stabilityai/stable-diffusion-3.5-large | 2024-10-22T07:29:50 | - | text-to-image | diffusers | 18000 | |
stabilityai/stable-diffusion-3.5-medium | 2024-10-29T08:28:14 | - | text-to-image | diffusers | 9000 | |
tiiuae/falcon-7b | 2023-04-24T16:36:24 | 7217189760 | text-generation | transformers | 14000 | | family:Falcon
tiiuae/falcon-7b-instruct | 2023-04-25T06:21:01 | 7217189760 | text-generation | transformers | 18000 | finetune:tiiuae/falcon-7b | family:Falcon
tiiuae/falcon-40b | 2023-05-24T12:08:30 | 41834239488 | text-generation | transformers | 2000 | | family:Falcon
tiiuae/falcon-mamba-7b | 2024-07-17T07:51:47 | 7272665088 | text-generation | transformers | 3000 | | family:Falcon
tiiuae/Falcon3-1B-Instruct | 2024-12-14T05:43:18 | 1669408768 | text-generation | transformers | 7000 | | family:Falcon
tiiuae/Falcon3-7B-Base | 2024-12-14T05:43:59 | 7455550464 | text-generation | transformers | 3000 | | family:Falcon
tiiuae/Falcon3-7B-Instruct | 2024-12-14T05:44:25 | 7455550464 | text-generation | transformers | 9000 | finetune:tiiuae/Falcon3-7B-Base | family:Falcon
tiiuae/Falcon3-10B-Instruct | 2024-12-14T05:45:04 | 10305653760 | text-generation | transformers | 5000 | | family:Falcon
tiiuae/Falcon-E-3B-Instruct | 2025-04-24T09:52:38 | 3050000000 | text-generation | transformers | 2000 | | family:Falcon
tiiuae/Falcon-H1-7B-Instruct | 2025-05-13T07:21:11 | 7586302976 | text-generation | transformers | 5000 | | family:Falcon
tiiuae/Falcon-H1-34B-Instruct | 2025-05-13T07:21:39 | 33644831232 | text-generation | transformers | 2000 | | family:Falcon
tiiuae/Falcon-H1R-7B | 2026-01-05T08:30:12 | 7586302976 | text-generation | transformers | 7000 | | family:Falcon
upstage/SOLAR-10.7B-Instruct-v1.0 | 2023-12-12T14:57:41 | 10731524096 | text-generation | transformers | 9000 | |
upstage/solar-pro-preview-instruct | 2024-09-09T00:51:31 | 22140369920 | text-generation | transformers | 3000 | |
LGAI-EXAONE/EXAONE-3.0-7.8B-Instruct | 2024-08-07T04:34:41 | 7818448896 | text-generation | transformers | 3000 | | family:EXAONE
LGAI-EXAONE/EXAONE-3.5-2.4B-Instruct | 2024-12-06T02:33:57 | 2405327360 | text-generation | transformers | 9000 | | family:EXAONE
LGAI-EXAONE/EXAONE-3.5-7.8B-Instruct | 2024-12-06T02:34:43 | 7818448896 | text-generation | transformers | 9000 | | family:EXAONE
LGAI-EXAONE/EXAONE-3.5-32B-Instruct | 2024-12-06T02:35:21 | 31997000000 | text-generation | transformers | 3000 | | family:EXAONE
LGAI-EXAONE/EXAONE-Deep-7.8B | 2025-03-13T01:49:37 | 7818448896 | text-generation | transformers | 5000 | | family:EXAONE
LGAI-EXAONE/EXAONE-Deep-32B | 2025-03-13T01:50:08 | 31997000000 | text-generation | transformers | 5000 | | family:EXAONE
LGAI-EXAONE/EXAONE-4.0-1.2B | 2025-07-14T05:51:17 | 1279490048 | text-generation | transformers | 9000 | | family:EXAONE
LGAI-EXAONE/EXAONE-4.0-32B | 2025-07-14T05:51:44 | 31997000000 | text-generation | transformers | 7000 | | family:EXAONE
LGAI-EXAONE/K-EXAONE-236B-A23B | 2026-01-09T02:14:36 | 236484341760 | text-generation | transformers | 9000 | | protect family:EXAONE
ai21labs/AI21-Jamba-1.5-Mini | 2024-08-22T06:47:18 | 51570323456 | text-generation | transformers | 3000 | |
ai21labs/AI21-Jamba-1.5-Large | 2024-08-22T06:48:55 | 398000000000 | text-generation | transformers | 500 | |
ai21labs/AI21-Jamba-Mini-1.6 | 2025-03-06T12:06:06 | 51570323456 | text-generation | transformers | 2000 | |
ai21labs/AI21-Jamba-Large-1.6 | 2025-03-06T12:07:12 | 398000000000 | text-generation | transformers | 500 | |
ai21labs/AI21-Jamba-Mini-1.7 | 2025-07-02T11:39:25 | 51570323456 | text-generation | transformers | 1000 | |
ai21labs/AI21-Jamba-Reasoning-3B | 2025-10-08T13:48:02 | 3026000000 | text-generation | transformers | 9000 | |
# ---- Lineage edge cases (individual uploaders)
mathwiz-42/Qwen2.5-7B-Instruct-math-sft | 2025-02-10T09:12:44 | 7615616512 | text-generation | transformers | 900 | finetune:Qwen/Qwen2.5-7B-Instruct | protect family:Qwen
codecraft-ai/Qwen2.5-7B-Instruct-code-sft | 2025-02-20T17:40:05 | 7615616512 | text-generation | transformers | 700 | finetune:Qwen/Qwen2.5-7B-Instruct | protect family:Qwen
fusion-works/merge-of-Qwen2.5-7B-math-and-code-sft | 2025-03-05T21:03:17 | 7615616512 | text-generation | transformers | 400 | merge:mathwiz-42/Qwen2.5-7B-Instruct-math-sft,merge:codecraft-ai/Qwen2.5-7B-Instruct-code-sft | protect family:Qwen
phoenix-tuner/removed-base-13b-sft | 2025-05-14T11:22:09 | 13015864320 | text-generation | transformers | 150 | finetune:ghost-ml/removed-base-13b | protect
self-ref-lab/mirror-7b | 2025-06-10T08:45:00 | 7241732096 | text-generation | transformers | 200 | finetune:self-ref-lab/mirror-7b | protect
loop-lab/alpha-7b | 2025-04-01T10:00:00 | 7241732096 | text-generation | transformers | 300 | finetune:loop-lab/beta-7b | protect
loop-lab/beta-7b | 2025-04-02T10:00:00 | 7241732096 | text-generation | transformers | 250 | finetune:loop-lab/alpha-7b | protect
loop-lab/alpha-7b-GGUF | 2025-04-05T10:00:00 | - | text-generation | | 200 | quantized:loop-lab/alpha-7b | gguf protect
edge-ai-lab/edge-lm-1b | 2025-10-15T13:30:00 | 1000000000 | text-generation | transformers | 1500 | | protect lic:,apache-2.0
open-reasoner-3/reasoner-5b | 2025-11-03T07:45:00 | 5000000000 | text-generation | transformers | 2500 | | protect lic:mit,cc-by-nc-4.0
"""

# --------------------------------------------------------------------------------------
# Vocabulary for generated uploaders and names
# --------------------------------------------------------------------------------------

HANDLE_WORDS_A = [
    "neural",
    "deep",
    "open",
    "tiny",
    "quantum",
    "sparse",
    "brave",
    "silent",
    "rapid",
    "clever",
    "hidden",
    "lucky",
    "golden",
    "cosmic",
    "little",
    "mighty",
    "pixel",
    "vector",
    "lambda",
    "random",
    "frozen",
    "bright",
    "swift",
    "noisy",
    "gentle",
    "wild",
]
HANDLE_WORDS_B = [
    "lab",
    "fox",
    "owl",
    "forge",
    "works",
    "ml",
    "ai",
    "bits",
    "tensor",
    "studio",
    "node",
    "wave",
    "mind",
    "cortex",
    "llama-fan",
    "coder",
    "tuner",
    "hacker",
    "byte",
    "research",
    "garden",
    "engine",
    "field",
    "loop",
]

FINETUNE_SUFFIXES = [
    "abliterated",
    "uncensored",
    "sft",
    "dpo",
    "orpo",
    "grpo",
    "instruct-ft",
    "math",
    "code",
    "medical",
    "legal",
    "finance",
    "roleplay",
    "ja",
    "ko",
    "de",
    "fr",
    "tr",
    "vi",
    "ar",
    "reasoning",
    "distill",
    "chat",
    "v2",
    "function-calling",
    "summarize",
]
ADAPTER_TOPICS = [
    "medical",
    "legal",
    "sql",
    "customer-support",
    "poetry",
    "chemistry",
    "tutor",
    "sentiment",
    "translation",
    "code-review",
    "news",
    "recipes",
    "finance",
]
INDIVIDUAL_TOPICS = [
    "imdb",
    "tweets",
    "news",
    "reviews",
    "emotions",
    "spam",
    "toxicity",
    "fake-news",
    "legal",
    "clinical",
    "arabic",
    "hindi",
    "swahili",
    "german",
    "turkish",
    "code",
]

#: (pipeline_tag, library, name template, params log10 mean, log10 sd or None = no params,
#:  relative frequency) for individual uploads without a base model.
INDIVIDUAL_KINDS: list[tuple[str, str | None, str, float, float | None, float]] = [
    ("text-classification", "transformers", "{arch}-{topic}-sentiment", 8.1, 0.3, 6.0),
    ("token-classification", "transformers", "{arch}-ner-{topic}", 8.1, 0.3, 2.0),
    ("text-generation", "transformers", "tiny-llm-{topic}", 8.6, 0.6, 4.0),
    ("text-generation", "transformers", "{topic}-gpt", 8.3, 0.5, 2.0),
    ("image-classification", "transformers", "vit-{topic}-classifier", 7.9, 0.2, 2.5),
    ("automatic-speech-recognition", "transformers", "speech-{topic}-small", 8.4, 0.2, 2.0),
    ("reinforcement-learning", "stable-baselines3", "ppo-LunarLander-v{n}", 0.0, None, 3.0),
    ("text-to-image", "diffusers", "{topic}-diffusion", 0.0, None, 1.5),
    ("sentence-similarity", "sentence-transformers", "{topic}-embeddings", 8.0, 0.3, 1.5),
]
INDIVIDUAL_ARCHS = ["bert", "roberta", "distilbert", "deberta", "electra", "xlmr"]

# --------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------

#: OpenRouter slugs: (slug, release date, kind, relative volume). kind is "cn" for
#: Chinese open-weight models, "open" for other open-weight models and "closed" for
#: proprietary models and the rankings' aggregate "other" row (the volume groups of
#: the simulation; the warehouse reads openness from its token model catalogue).
TOKEN_SLUGS: list[tuple[str, str, str, float]] = [
    ("qwen/qwen-2.5-72b-instruct", "2024-09-19", "cn", 1.0),
    ("qwen/qwen-2.5-coder-32b-instruct", "2024-11-11", "cn", 0.8),
    ("qwen/qwq-32b", "2025-03-06", "cn", 0.7),
    ("qwen/qwen3-235b-a22b", "2025-04-28", "cn", 1.5),
    ("qwen/qwen3-30b-a3b", "2025-04-28", "cn", 0.8),
    ("qwen/qwen3-235b-a22b-2507", "2025-07-21", "cn", 1.6),
    ("qwen/qwen3-coder", "2025-07-23", "cn", 2.5),
    ("qwen/qwen3-next-80b-a3b-instruct", "2025-09-11", "cn", 0.8),
    ("deepseek/deepseek-chat", "2024-12-26", "cn", 2.0),
    ("deepseek/deepseek-r1", "2025-01-20", "cn", 2.0),
    ("deepseek/deepseek-r1:free", "2025-01-20", "cn", 1.2),
    ("deepseek/deepseek-chat-v3-0324", "2025-03-24", "cn", 2.5),
    ("deepseek/deepseek-chat-v3-0324:free", "2025-03-24", "cn", 1.5),
    ("deepseek/deepseek-r1-0528", "2025-05-28", "cn", 1.5),
    ("deepseek/deepseek-chat-v3.1", "2025-08-21", "cn", 2.0),
    ("deepseek/deepseek-v3.2-exp", "2025-09-29", "cn", 1.5),
    ("z-ai/glm-4.5", "2025-07-28", "cn", 1.5),
    ("z-ai/glm-4.5-air:free", "2025-07-28", "cn", 0.8),
    ("z-ai/glm-4.6", "2025-09-30", "cn", 2.0),
    ("moonshotai/kimi-k2", "2025-07-11", "cn", 1.5),
    ("moonshotai/kimi-k2-thinking", "2025-11-06", "cn", 1.2),
    ("minimax/minimax-m1", "2025-06-17", "cn", 0.4),
    ("minimax/minimax-m2", "2025-10-27", "cn", 2.0),
    ("meta-llama/llama-3.1-8b-instruct", "2024-07-23", "open", 1.2),
    ("meta-llama/llama-3.1-8b-instruct:free", "2024-07-23", "open", 0.6),
    ("meta-llama/llama-3.1-70b-instruct", "2024-07-23", "open", 1.5),
    ("meta-llama/llama-3.3-70b-instruct", "2024-12-06", "open", 2.0),
    ("meta-llama/llama-4-maverick", "2025-04-05", "open", 1.0),
    ("mistralai/mistral-7b-instruct", "2024-05-27", "open", 0.6),
    ("mistralai/mistral-nemo", "2024-07-19", "open", 1.4),
    ("mistralai/mistral-small-3.1-24b-instruct", "2025-03-17", "open", 0.9),
    ("google/gemma-2-9b-it", "2024-06-28", "open", 0.6),
    ("google/gemma-3-27b-it", "2025-03-12", "open", 1.2),
    ("microsoft/phi-4", "2025-01-10", "open", 0.5),
    ("nvidia/llama-3.1-nemotron-70b-instruct", "2024-10-15", "open", 0.8),
    ("openai/gpt-oss-120b", "2025-08-05", "open", 2.2),
    ("openai/gpt-oss-20b", "2025-08-05", "open", 1.0),
    ("anthropic/claude-3.5-sonnet", "2024-06-20", "closed", 3.0),
    ("anthropic/claude-sonnet-4", "2025-05-22", "closed", 4.0),
    ("openai/gpt-4o", "2024-05-13", "closed", 1.5),
    ("openai/gpt-4o-mini", "2024-07-18", "closed", 2.0),
    ("google/gemini-2.5-pro", "2025-03-25", "closed", 3.0),
    ("x-ai/grok-3", "2025-04-09", "closed", 1.0),
    # Closed (API-only) models of labs that also publish open weights: the token
    # model catalogue must count them closed although their lab's other slugs are open.
    ("qwen/qwen-max", "2025-01-28", "closed", 0.8),
    ("qwen/qwen-plus-2025-07-28", "2025-07-28", "closed", 0.6),
    ("google/gemini-2.5-flash", "2025-06-17", "closed", 2.0),
    ("openai/gpt-5", "2025-08-07", "closed", 2.0),
    ("mistralai/mistral-medium-3.1", "2025-08-13", "closed", 0.5),
    # Dated permaslugs: a trailing release date in each of its three forms.
    ("deepseek/deepseek-v3.2-20251201", "2025-12-01", "cn", 1.5),
    ("qwen/qwen3-30b-a3b-04-28:free", "2025-04-28", "cn", 0.4),
    ("anthropic/claude-4.5-sonnet-20250929", "2025-09-29", "closed", 3.0),
    ("openai/gpt-4o-2024-08-06", "2024-08-06", "closed", 0.8),
    # OpenRouter's aggregate of the long tail: no catalogue row lists it (`unknown`).
    ("other", "2020-01-01", "closed", 2.5),
]

#: Share of Chinese slugs in open-weight tokens, anchored at month starts and
#: interpolated in logit space in between (the calibration target of the sample).
CN_TOKEN_SHARE_ANCHORS: list[tuple[str, float]] = [
    ("2024-11-01", 0.03),
    ("2024-12-24", 0.03),
    ("2025-01-20", 0.10),
    ("2025-03-01", 0.17),
    ("2025-05-01", 0.28),
    ("2025-07-01", 0.40),
    ("2025-09-01", 0.52),
    ("2025-11-01", 0.61),
    ("2026-01-01", 0.67),
    ("2026-03-01", 0.72),
]
