"""Peer for the model-free descriptors: Hasler-Suesstrunk colourfulness with numpy, CIELAB statistics with
scikit-image's rgb2lab, on the same sRGB float32 pixels, optionally box-downscaled with downscale_local_mean.

usage: descriptors.py RAW WIDTH HEIGHT FACTOR  (RAW: float32 height x width x 3, sRGB-encoded 0..1)
prints JSON: colorfulness, mean_lightness, rms_contrast, warmth, neutral_chroma
"""
import json
import sys

import numpy as np
from skimage.color import rgb2lab
from skimage.transform import downscale_local_mean

path, width, height, factor = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rgb = np.fromfile(path, dtype=np.float32).reshape(height, width, 3).astype(np.float64)
if factor > 1:
    rgb = downscale_local_mean(rgb, (factor, factor, 1))
rgb = np.clip(rgb, 0.0, 1.0)

# Hasler and Suesstrunk (2003), eq. 3, on 0..255 values.
r, g, b = (255.0 * rgb[..., i] for i in range(3))
rg = r - g
yb = 0.5 * (r + g) - b
m = np.sqrt(rg.std() ** 2 + yb.std() ** 2) + 0.3 * np.sqrt(rg.mean() ** 2 + yb.mean() ** 2)

lab = rgb2lab(rgb)  # D65, 2 degree observer
lightness, a, bb = lab[..., 0], lab[..., 1], lab[..., 2]
warmth = (a * np.cos(np.radians(60)) + bb * np.sin(np.radians(60))).mean()
chroma = np.hypot(a, bb)
print(json.dumps({
    "colorfulness": float(m),
    "mean_lightness": float(lightness.mean()),
    "rms_contrast": float(lightness.std() / 100.0),
    "warmth": float(warmth),
    "neutral_chroma": float(np.percentile(chroma, 95)),
}))
