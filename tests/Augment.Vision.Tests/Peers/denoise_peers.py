"""Side-by-side denoisers on one noisy image: scikit-image's denoise_nl_means and OpenCV's
fastNlMeansDenoisingColored (or fastNlMeansDenoising for grey), scored against the clean image.

Usage: denoise_peers.py clean.f32 noisy.f32 width height channels sigma255 [outdir]
The noisy image is already 8-bit quantised (OpenCV needs uint8), so every tool sees the same input.
Prints one line per run: "<name> <psnr> <ssim>". skimage: fast_mode with sigma given and h = 0.6 sigma, as its
gallery suggests (patch 5 / distance 6 and patch 7 / distance 11). OpenCV: template 7, search 21, h = hColor =
k * sigma for k in 0.4, 0.5, 0.6, 0.8, 1.0 (the best of them is what a user tuning h would get).
"""
import sys

import cv2
import numpy as np
from skimage.metrics import peak_signal_noise_ratio, structural_similarity
from skimage.restoration import denoise_nl_means

clean_path, noisy_path, width, height, channels = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
sigma255 = float(sys.argv[6])
shape = (height, width, channels)
clean = np.fromfile(clean_path, dtype="<f4").reshape(shape).astype(np.float64)
noisy = np.fromfile(noisy_path, dtype="<f4").reshape(shape).astype(np.float64)
sigma = sigma255 / 255.0
cv2.setNumThreads(1)


def score(name, result):
    result = np.asarray(result, dtype=np.float64).reshape(shape)
    psnr = peak_signal_noise_ratio(clean, result, data_range=1.0)
    ssim = structural_similarity(clean, result, data_range=1.0, channel_axis=2,
                                 gaussian_weights=True, sigma=1.5, use_sample_covariance=False)
    print(f"{name} {psnr:.4f} {ssim:.5f}")


for patch, distance in ((5, 6), (7, 11)):
    result = denoise_nl_means(noisy if channels > 1 else noisy[:, :, 0], h=0.6 * sigma, sigma=sigma, fast_mode=True,
                              patch_size=patch, patch_distance=distance,
                              channel_axis=-1 if channels > 1 else None)
    score(f"skimage-p{patch}-d{distance}", result)

noisy8 = np.clip(np.rint(noisy * 255), 0, 255).astype(np.uint8)
best = None
for k in (0.4, 0.5, 0.6, 0.8, 1.0):
    h = k * sigma255
    if channels == 3:
        bgr = cv2.fastNlMeansDenoisingColored(noisy8[:, :, ::-1].copy(), None, h, h, 7, 21)[:, :, ::-1]
    else:
        bgr = cv2.fastNlMeansDenoising(noisy8[:, :, 0], None, h, 7, 21)[:, :, None]
    result = bgr.astype(np.float64) / 255.0
    psnr = peak_signal_noise_ratio(clean, result, data_range=1.0)
    if best is None or psnr > best[0]:
        best = (psnr, k, result)
score(f"opencv-k{best[1]}", best[2])
