"""Synthetic data generator and benchmarks for the safeguarding addons (see docs/benchmarks.md)."""
