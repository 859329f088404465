"""Benchmarks: figures printed, nothing asserted."""
