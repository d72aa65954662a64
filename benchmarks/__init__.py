"""Benchmark suite of issue 6: koperasi_alloc against HiGHS, a naive CP-SAT model, a greedy
baseline and the LP bound, on seeded synthetic regions.

Run ``python -m benchmarks.run --suite smoke`` (seconds) or ``--suite all`` (long); see
:mod:`benchmarks.run`.
"""
