#!/usr/bin/python3
"""Exact top-10 cosine search over N x 512 float32, timed in numpy (the peer for VectorSearchBenchmarks).

usage: /usr/bin/python3 vector-topk-vs-numpy.py N [AUGMENT_MS]
numpy: scores = X @ q (BLAS sgemv on pre-normalised rows), np.argpartition(-scores, 10)[:10], sorted.
Prints the best of 5 runs in ms; with AUGMENT_MS (Top10_AllCores mean from BenchmarkDotNet on the same
machine) it also prints the ratio numpy / Augment. Threads: OPENBLAS_NUM_THREADS as set (default all cores).
No correctness check here: tests/Augment.Vision.Tests/Library/Vectors compares ids and scores with numpy.
"""
import sys
import time
import numpy as np

n = int(sys.argv[1])
augment_ms = float(sys.argv[2]) if len(sys.argv) > 2 else None
d = 512
rng = np.random.default_rng(42)
x = rng.uniform(-1, 1, size=(n, d)).astype(np.float32)
x /= np.linalg.norm(x, axis=1, keepdims=True)
q = rng.uniform(-1, 1, size=d).astype(np.float32)
q /= np.linalg.norm(q)

best = float('inf')
for _ in range(5):
    start = time.perf_counter()
    scores = x @ q
    top = np.argpartition(-scores, 10)[:10]
    top = top[np.argsort(-scores[top], kind='stable')]
    best = min(best, time.perf_counter() - start)
ms = best * 1000
row = f'| exact top-10, {n} x {d} float32 | numpy {np.__version__} {ms:.1f} ms |'
if augment_ms is not None:
    row += f' Augment {augment_ms:.1f} ms | numpy/Augment {ms / augment_ms:.2f}x |'
print(row)
