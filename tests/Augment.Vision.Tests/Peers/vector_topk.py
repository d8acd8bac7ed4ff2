"""Exact top-k with numpy, the reference for VectorIndex.

usage: vector_topk.py DATA N D QUERIES Q K METRIC
DATA/QUERIES: raw little-endian float32, row-major (N x D, Q x D), NOT normalised.
METRIC: cosine (numpy normalises in float64) or dot.
Prints, per query, one line of K "index:score" pairs; index is the row number in DATA.
"""
import sys
import numpy as np

data_path, n, d, query_path, q, k, metric = sys.argv[1:8]
n, d, q, k = int(n), int(d), int(q), int(k)
x = np.fromfile(data_path, dtype='<f4').reshape(n, d).astype(np.float64)
queries = np.fromfile(query_path, dtype='<f4').reshape(q, d).astype(np.float64)
if metric == 'cosine':
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
scores = x @ queries.T  # n x q
for j in range(q):
    s = scores[:, j]
    order = np.argsort(-s, kind='stable')[:k]
    print(' '.join(f'{i}:{s[i]:.9g}' for i in order))
