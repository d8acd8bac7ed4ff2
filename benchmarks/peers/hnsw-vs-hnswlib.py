#!/usr/bin/env python3
"""Peer for HnswIndex: hnswlib (Debian python3-hnswlib 0.6.2, the authors' C++ library) on the same raw float32
data that `Augment.Benchmarks hnsw-measure ... DUMP` writes (base.f32, queries.f32), cosine space, same M and
efConstruction, same thread count. Prints build time, and recall@10 against exact numpy search plus per-query
latency (one query at a time, one thread) for each ef, in the same table layout as the C# measurement.

usage: hnsw-vs-hnswlib.py DUMP DIM [M=16] [efC=200] [threads=2] [ef list]
"""
import sys
import time

import hnswlib
import numpy as np


def main():
    folder, dim = sys.argv[1], int(sys.argv[2])
    m = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    ef_construction = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    threads = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    efs = [int(x) for x in (sys.argv[6] if len(sys.argv) > 6 else "16,32,64,96,128,256").split(",")]
    data = np.fromfile(f"{folder}/base.f32", dtype=np.float32).reshape(-1, dim)
    queries = np.fromfile(f"{folder}/queries.f32", dtype=np.float32).reshape(-1, dim)
    n, q = len(data), len(queries)

    index = hnswlib.Index(space="cosine", dim=dim)
    index.init_index(max_elements=n, ef_construction=ef_construction, M=m, random_seed=42)
    index.set_num_threads(threads)
    started = time.perf_counter()
    index.add_items(data, np.arange(n))
    build = time.perf_counter() - started
    print(f"hnswlib {hnswlib.__name__}: {n} x {dim}, M {m}, efConstruction {ef_construction}, {threads} threads")
    print(f"build {build:.1f} s ({n / build:.0f} vectors/s)")

    # Exact top-10 by cosine, in blocks to bound memory.
    unit = data / np.linalg.norm(data, axis=1, keepdims=True)
    qunit = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    truth = []
    for i in range(q):
        scores = unit @ qunit[i]
        top = np.argpartition(-scores, 10)[:10]
        truth.append(set(top.tolist()))

    index.set_num_threads(1)
    print("| ef | recall@10 | mean ms/query | p50 ms | p99 ms |")
    print("|---:|---:|---:|---:|---:|")
    for ef in efs:
        index.set_ef(ef)
        for i in range(min(20, q)):
            index.knn_query(queries[i:i + 1], k=10)
        latencies = []
        found = 0
        for i in range(q):
            t = time.perf_counter()
            labels, _ = index.knn_query(queries[i:i + 1], k=10)
            latencies.append((time.perf_counter() - t) * 1000)
            found += len(truth[i] & set(labels[0].tolist()))
        latencies.sort()
        print(f"| {ef} | {found / (10 * q):.4f} | {np.mean(latencies):.3f} | {latencies[q // 2]:.3f} | {latencies[int(q * 0.99)]:.3f} |")


if __name__ == "__main__":
    main()
