"""Model input preprocessing as PIL + torchvision do it, written out in numpy (PIL is not installed here).

Usage: model_preprocess.py input.f32 width height kernel short_side crop mean_r,mean_g,mean_b std_r,std_g,std_b output.f32
input: float32 height x width x 3 (values 0..1); output: float32 3 x crop x crop, normalised.
kernel: "bicubic" (PIL BICUBIC, Keys a = -0.5: CLIP) or "bilinear" (PIL BILINEAR: torchvision's ImageNet default).
Resize: torchvision Resize(int) keeps the aspect ratio, long side = int(short_side * long / short); PIL's
resampling stretches the filter by the shrink factor (antialiasing), takes taps whose centres fall inside the
image, and normalises the weights (Pillow's Resample.c precompute_coeffs). Unlike PIL on 8-bit images, nothing
is rounded to uint8 between the passes. Crop: torchvision center_crop, offsets int(round((size - crop) / 2)).
"""
import sys

import numpy as np


def cubic(x, a=-0.5):
    x = np.abs(x)
    return np.where(x < 1, ((a + 2) * x - (a + 3)) * x * x + 1,
                    np.where(x < 2, (((x - 5) * x + 8) * x - 4) * a, 0.0))


def triangle(x):
    return np.maximum(0.0, 1.0 - np.abs(x))


def weights(in_size, out_size, kernel, support):
    scale = in_size / out_size
    filterscale = max(scale, 1.0)
    reach = support * filterscale
    matrix = np.zeros((out_size, in_size))
    for i in range(out_size):
        center = (i + 0.5) * scale
        lo = max(int(center - reach + 0.5), 0)
        hi = min(int(center + reach + 0.5), in_size)
        taps = kernel((np.arange(lo, hi) + 0.5 - center) / filterscale)
        matrix[i, lo:hi] = taps / taps.sum()
    return matrix


source, width, height, kind, short_side, crop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
mean = np.array([float(v) for v in sys.argv[7].split(",")])
std = np.array([float(v) for v in sys.argv[8].split(",")])
target = sys.argv[9]

image = np.fromfile(source, dtype="<f4").reshape(height, width, 3).astype(np.float64)
if width <= height:
    new_w, new_h = short_side, int(short_side * height / width)
else:
    new_w, new_h = int(short_side * width / height), short_side
kernel, support = (cubic, 2.0) if kind == "bicubic" else (triangle, 1.0)
rows = weights(height, new_h, kernel, support)
cols = weights(width, new_w, kernel, support)
resized = np.einsum("yh,hwc,xw->yxc", rows, image, cols)
top = int(round((new_h - crop) / 2.0))
left = int(round((new_w - crop) / 2.0))
cropped = resized[top:top + crop, left:left + crop, :]
normalised = (cropped - mean) / std
np.ascontiguousarray(normalised.transpose(2, 0, 1)).astype("<f4").tofile(target)
