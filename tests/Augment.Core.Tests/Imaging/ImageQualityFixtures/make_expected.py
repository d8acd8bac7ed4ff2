"""Expected PSNR/SSIM for ImageQualityTests, from scikit-image 0.19.3 (numpy 1.24, scipy 1.10).

The test images are built from integer formulas only (8-bit levels divided by 255 in float32), so C# and numpy
produce bit-identical inputs and no binary fixture is needed. Run with a Python that has scikit-image:
    /usr/bin/python3 tests/Augment.Core.Tests/Imaging/ImageQualityFixtures/make_expected.py
and paste the printed C# lines into ImageQualityTests.Cases.
"""
import numpy as np
from skimage.metrics import peak_signal_noise_ratio, structural_similarity


def noise_levels(seed, count):
    """Numerical Recipes LCG; the top byte of each state is one 8-bit level (0..255)."""
    state = seed & 0xFFFFFFFF
    out = np.empty(count, dtype=np.int64)
    for i in range(count):
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        out[i] = state >> 24
    return out


def structured_levels(channels, height, width):
    """Checkerboard of 4x4 cells plus a diagonal ramp, shifted per channel (levels 0..255)."""
    out = np.empty((channels, height, width), dtype=np.int64)
    for c in range(channels):
        for y in range(height):
            for x in range(width):
                out[c, y, x] = ((x // 4 + y // 4) % 2) * 128 + (x * 5 + y * 3 + c * 17) % 128
    return out


def to_float(levels, shape):
    return (levels.reshape(shape).astype(np.float32) / np.float32(255)).astype(np.float32)


def case(name, a_levels, b_levels, shape, colour_channels, data_range):
    a = to_float(a_levels, shape).astype(np.float64)[:colour_channels]
    b = to_float(b_levels, shape).astype(np.float64)[:colour_channels]
    psnr = peak_signal_noise_ratio(a, b, data_range=data_range)
    ssim = structural_similarity(a, b, channel_axis=0, data_range=data_range, gaussian_weights=True,
                                 sigma=1.5, use_sample_covariance=False)
    print(f'        ["{name}"] = ({psnr:.12f}, {ssim:.12f}),')


# Noise against independent noise: low PSNR, SSIM near 0.
shape = (3, 17, 23)
n = int(np.prod(shape))
case("noise_rgb", noise_levels(1, n), noise_levels(2, n), shape, 3, 1.0)

# Structure plus small noise (levels -8..+7, not clipped, so values leave [0, 1] a little).
shape = (3, 31, 40)
n = int(np.prod(shape))
s = structured_levels(*shape).reshape(-1)
case("structured_rgb", s, s + (noise_levels(7, n) % 16) - 8, shape, 3, 1.0)

# One grey plane, data range 2.
shape = (1, 12, 16)
n = int(np.prod(shape))
s = structured_levels(*shape).reshape(-1)
case("grey_range2", s, (s + noise_levels(3, n) // 4) % 256, shape, 1, 2.0)

# RGBA: the alpha planes differ wildly; only the three colour planes count.
shape = (4, 14, 19)
n = int(np.prod(shape))
s = structured_levels(*shape).reshape(-1)
case("rgba_colour_only", s, (s * 3 + noise_levels(11, n)) % 256, shape, 3, 1.0)
