"""Helper for denoise-image-vs-opencv.sh.

make <dir> <width> <height> <sigma255>: writes clean.png and noisy.png (astronaut upscaled with
  cv2.INTER_CUBIC, plus seeded Gaussian noise, clipped and rounded to 8 bits).
opencv <dir> <sigma255> <threads>: runs cv2.fastNlMeansDenoisingColored (template 7, search 21,
  h = hColor = 0.6 sigma, the best of 0.4..1.0 sigma on the test crops) on noisy.png into opencv.bmp;
  prints the seconds of the call alone.
score <dir> <file>: PSNR and SSIM (scikit-image, Gaussian window) of <file> against clean.png.
"""
import sys
import time

import cv2
import numpy as np

command, folder = sys.argv[1], sys.argv[2]
if command == "make":
    width, height, sigma = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    from skimage import data
    clean = cv2.resize(data.astronaut(), (width, height), interpolation=cv2.INTER_CUBIC)
    rng = np.random.default_rng(25)
    noisy = np.clip(np.rint(clean.astype(np.float64) + rng.normal(0, sigma, clean.shape)), 0, 255).astype(np.uint8)
    cv2.imwrite(f"{folder}/clean.png", clean[:, :, ::-1])
    cv2.imwrite(f"{folder}/noisy.png", noisy[:, :, ::-1])
elif command == "opencv":
    sigma, threads = float(sys.argv[3]), int(sys.argv[4])
    cv2.setNumThreads(threads)
    noisy = cv2.imread(f"{folder}/noisy.png")
    start = time.perf_counter()
    result = cv2.fastNlMeansDenoisingColored(noisy, None, 0.6 * sigma, 0.6 * sigma, 7, 21)
    print(f"{time.perf_counter() - start:.2f}")
    cv2.imwrite(f"{folder}/opencv.bmp", result)
elif command == "score":
    from skimage.metrics import peak_signal_noise_ratio, structural_similarity
    clean = cv2.imread(f"{folder}/clean.png").astype(np.float64) / 255
    test = cv2.imread(sys.argv[3]).astype(np.float64) / 255
    psnr = peak_signal_noise_ratio(clean, test, data_range=1.0)
    ssim = structural_similarity(clean, test, data_range=1.0, channel_axis=2, gaussian_weights=True, sigma=1.5,
                                 use_sample_covariance=False)
    print(f"{psnr:.2f} {ssim:.4f}")
