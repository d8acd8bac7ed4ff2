#!/usr/bin/python3
"""CLIP input preprocessing of a 1920 x 1080 RGB float32 frame, timed in OpenCV + numpy (the peer for
ModelInputBenchmarks.ClipInput_PillowResizeCrop).

usage: /usr/bin/python3 clip-preprocess-vs-opencv.py [AUGMENT_MS]
OpenCV: cv2.resize to 398 x 224 with INTER_AREA (the usual OpenCV choice for shrinking; INTER_CUBIC does not
antialias), centre crop 224 x 224, (x - mean) / std in numpy, transposed to CHW. This is the fast path people use
with OpenCV, not Pillow's exact filter (PIL is not installed here), so it is a speed reference only.
Prints the best of 20 runs in ms; with AUGMENT_MS (BenchmarkDotNet mean on the same machine) also the ratio
OpenCV / Augment. Threads: OpenCV's default (all cores).
"""
import sys
import time

import cv2
import numpy as np

augment_ms = float(sys.argv[1]) if len(sys.argv) > 1 else None
rng = np.random.default_rng(3)
frame = rng.random((1080, 1920, 3), dtype=np.float32)
mean = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32)
std = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32)

best = float("inf")
for _ in range(20):
    start = time.perf_counter()
    small = cv2.resize(frame, (398, 224), interpolation=cv2.INTER_AREA)
    crop = small[:, 87:87 + 224, :]
    tensor = np.ascontiguousarray(((crop - mean) / std).transpose(2, 0, 1))
    best = min(best, time.perf_counter() - start)
ms = best * 1000
print(f"opencv+numpy CLIP input 1920x1080 -> 3x224x224: {ms:.2f} ms (best of 20)")
if augment_ms:
    print(f"ratio opencv/augment: {ms / augment_ms:.2f}")
