"""PSNR and SSIM of two raw float32 images (height x width x channels) with scikit-image.

Usage: metrics.py reference.f32 test.f32 width height channels
Prints: "<psnr> <ssim>" (data range 1; SSIM as Wang et al. 2004 define it, which ImageQuality.Ssim
implements: Gaussian window sigma 1.5, population covariance, averaged over channels).
"""
import sys

import numpy as np
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

reference_path, test_path, width, height, channels = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
shape = (height, width, channels)
reference = np.fromfile(reference_path, dtype="<f4").reshape(shape).astype(np.float64)
test = np.fromfile(test_path, dtype="<f4").reshape(shape).astype(np.float64)
psnr = peak_signal_noise_ratio(reference, test, data_range=1.0)
ssim = structural_similarity(reference, test, data_range=1.0, channel_axis=2,
                            gaussian_weights=True, sigma=1.5, use_sample_covariance=False)
print(f"{psnr:.6f} {ssim:.6f}")
