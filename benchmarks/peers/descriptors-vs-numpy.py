#!/usr/bin/python3
"""The model-free descriptors of one 1920x1080 keyframe in numpy / scikit-image / OpenCV (the peer for
LibraryDescriptorBenchmarks).

usage: /usr/bin/python3 descriptors-vs-numpy.py [AUGMENT_MS]
Same picture as LibraryDescriptorBenchmarks.Pattern (three slanted sines), same steps as ImageDescriptors.Compute:
15x15 box average to 128x72 (skimage downscale_local_mean), Hasler-Suesstrunk M (numpy), CIELAB (skimage rgb2lab),
mean/std L*, warmth, 95th-percentile chroma, k-means k=5 in CIELAB (cv2.kmeans, k-means++ seeding, one attempt,
at most 30 rounds). Prints the best of 5 runs in ms and, with AUGMENT_MS (Descriptors1080p mean from BenchmarkDotNet
on the same machine), the ratio peer / Augment, plus the peer's values so they can be compared by eye with the
benchmark's (the tests compare the statistics exactly; k-means seeds differ, so only the colours' rough shares match).
Threads: OMP/OpenBLAS as set; OpenCV's own threads left at its default.
"""
import sys
import time

import cv2
import numpy as np
from skimage.color import rgb2lab
from skimage.transform import downscale_local_mean

augment_ms = float(sys.argv[1]) if len(sys.argv) > 1 else None
height, width = 1080, 1920
y, x = np.mgrid[0:height, 0:width].astype(np.float64)
rgb = np.stack([
    0.5 + 0.45 * np.sin(x * 0.013 + y * 0.007),
    0.5 + 0.45 * np.sin(x * 0.005 - y * 0.011 + 1.0),
    0.5 + 0.45 * np.sin((x + y) * 0.003 + 2.0),
], axis=-1).astype(np.float32)


def describe(picture):
    small = np.clip(downscale_local_mean(picture, (15, 15, 1)), 0.0, 1.0)
    r, g, b = (255.0 * small[..., i] for i in range(3))
    rg, yb = r - g, 0.5 * (r + g) - b
    m = np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean())
    lab = rgb2lab(small)
    lightness, a, bb = lab[..., 0], lab[..., 1], lab[..., 2]
    warmth = (0.5 * a + np.sqrt(3) / 2 * bb).mean()
    neutral = np.percentile(np.hypot(a, bb), 95)
    criteria = (cv2.TERM_CRITERIA_MAX_ITER + cv2.TERM_CRITERIA_EPS, 30, 1e-4)
    _, labels, centres = cv2.kmeans(lab.reshape(-1, 3).astype(np.float32), 5, None, criteria, 1, cv2.KMEANS_PP_CENTERS)
    shares = np.bincount(labels.ravel(), minlength=5) / labels.size
    return m, lightness.mean(), lightness.std() / 100, warmth, neutral, sorted(shares, reverse=True)


best = float('inf')
for _ in range(5):
    start = time.perf_counter()
    values = describe(rgb)
    best = min(best, time.perf_counter() - start)
ms = best * 1000
m, mean_l, rms, warmth, neutral, shares = values
print(f'peer values: M {m:.3f}, mean L* {mean_l:.3f}, RMS contrast {rms:.4f}, warmth {warmth:.3f}, '
      f'neutral chroma {neutral:.2f}, shares {", ".join(f"{s:.2f}" for s in shares)}')
row = f'| descriptors of 1920x1080 | numpy {np.__version__} + skimage + cv2 {cv2.__version__} {ms:.1f} ms |'
if augment_ms is not None:
    row += f' Augment {augment_ms:.2f} ms | peer/Augment {ms / augment_ms:.1f}x |'
print(row)
