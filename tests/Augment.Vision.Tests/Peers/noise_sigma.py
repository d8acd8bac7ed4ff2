"""scikit-image's wavelet noise estimate (Donoho's MAD of the finest diagonal band) per channel.

Usage: noise_sigma.py image.f32 width height channels
Prints one sigma per channel, in sample units, separated by spaces.
"""
import sys

import numpy as np
from skimage.restoration import estimate_sigma

path, width, height, channels = sys.argv[1], *map(int, sys.argv[2:5])
image = np.fromfile(path, dtype="<f4").reshape((height, width, channels)).astype(np.float64)
sigmas = estimate_sigma(image, channel_axis=-1, average_sigmas=False)
print(" ".join(f"{s:.8f}" for s in sigmas))
