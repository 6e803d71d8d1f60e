"""Demo data (fictional, clearly labelled) and the synthetic generator for benchmarks."""
