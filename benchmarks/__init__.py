"""The Hub-scale benchmark behind `make bench`: the runner and its two baselines (docs/benchmarks.md)."""
