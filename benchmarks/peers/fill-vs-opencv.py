"""Content-aware fill vs OpenCV Telea and ffmpeg removelogo on a generated 2-megapixel brick wall.

Usage: fill-vs-opencv.py <augment executable> <work folder>
Makes the picture (staggered bricks with mortar, tints, light falloff, noise; numpy seed 1) and a centred
hole of 5 % of the pixels, runs each tool once on the same PNG files (wall seconds), and prints one table
row per tool: seconds, PSNR over the hole and SSIM over the hole's box plus 8 pixels against the truth.
Exits 1 when Augment's PSNR over the hole is not above Telea's (the claim in docs/vision-inpainting.md).
"""
import os
import subprocess
import sys
import time

import cv2
import numpy as np
from skimage.metrics import structural_similarity

augment, work = sys.argv[1], sys.argv[2]
width, height, hole_w, hole_h = 1632, 1224, 365, 274
rng = np.random.default_rng(1)
y, x = np.mgrid[0:height, 0:width]
course = y // 24
shifted = x + np.where(course % 2 == 0, 0, 32)
brick = shifted // 64
mortar = ((y % 24) < 4) | ((shifted % 64) < 4)
tint = ((brick * 73856093) ^ (course * 19349663)) & 0xFF
light = 0.85 + 0.15 * np.cos(np.pi * y / height)
noise = (rng.random((height, width)) - 0.5) * 0.06
r = np.where(mortar, 0.75, 0.55 + tint / 1275.0)
g = np.where(mortar, 0.73, 0.25 + tint / 2550.0)
b = np.where(mortar, 0.70, 0.18)
truth = np.clip(np.stack([r, g, b], axis=2) * light[..., None] + noise[..., None], 0, 1)
truth8 = np.rint(truth * 255).astype(np.uint8)
mask = np.zeros((height, width), np.uint8)
top, left = (height - hole_h) // 2, (width - hole_w) // 2
mask[top:top + hole_h, left:left + hole_w] = 255
image_png, mask_png = os.path.join(work, "wall.png"), os.path.join(work, "mask.png")
cv2.imwrite(image_png, truth8[:, :, ::-1])
cv2.imwrite(mask_png, mask)
hole = mask > 0


def score(result):
    a = truth8.astype(np.float64) / 255
    b = result.astype(np.float64) / 255
    mse = ((a - b) ** 2)[hole].mean()
    box = (slice(top - 8, top + hole_h + 8), slice(left - 8, left + hole_w + 8))
    ssim = structural_similarity(a[box], b[box], data_range=1.0, channel_axis=2, gaussian_weights=True,
                                 sigma=1.5, use_sample_covariance=False)
    return 10 * np.log10(1 / mse), ssim


rows = []
start = time.perf_counter()
subprocess.run([augment, "image", "fill", image_png, "--mask", mask_png, "--out", os.path.join(work, "augment.png")],
               check=True, stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - start
rows.append(("augment image fill (PatchMatch EM)", seconds, *score(cv2.imread(os.path.join(work, "augment.png"))[:, :, ::-1])))

cv2.setNumThreads(1)
start = time.perf_counter()
telea = cv2.inpaint(truth8, mask, 3, cv2.INPAINT_TELEA)
rows.append(("OpenCV inpaint TELEA r=3", time.perf_counter() - start, *score(telea)))

start = time.perf_counter()
subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", image_png, "-vf", f"removelogo=filename={mask_png}", os.path.join(work, "removelogo.png")], check=True)
rows.append(("ffmpeg removelogo", time.perf_counter() - start, *score(cv2.imread(os.path.join(work, "removelogo.png"))[:, :, ::-1])))

print(f"| tool | seconds | hole PSNR dB | SSIM |")
print(f"|---|---:|---:|---:|")
for name, seconds, psnr, ssim in rows:
    print(f"| {name} | {seconds:.2f} | {psnr:.2f} | {ssim:.4f} |")
sys.exit(0 if rows[0][2] > rows[1][2] else 1)
