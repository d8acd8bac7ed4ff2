"""Reference pHash and dHash with numpy/scipy, for PerceptualHashPeerTests.

usage: perceptual_hash.py image.f32 width height channels
The image (raw little-endian float32, height x width x channels) must have a width that is a multiple of 32 and
of 9 and a height that is a multiple of 32, so the area resize to 32 x 32 and to 9 x 8 is an exact block mean.
Prints the pHash and the dHash as 16 hex digits each (cell 0 in the most significant bit).
"""
import sys

import numpy as np
from scipy.fft import dct


def block_mean(plane, rows, cols):
    h, w = plane.shape
    return plane.reshape(rows, h // rows, cols, w // cols).mean(axis=(1, 3))


def to_hex(bits):
    value = 0
    for bit in bits:
        value = (value << 1) | int(bit)
    return "%016x" % value


def main():
    path, width, height, channels = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    image = np.fromfile(path, dtype="<f4").reshape(height, width, channels)
    if channels >= 3:
        # BT.601 luma in float32, the same arithmetic as the C# side.
        luma = np.float32(0.299) * image[..., 0] + np.float32(0.587) * image[..., 1] + np.float32(0.114) * image[..., 2]
    else:
        luma = image[..., 0]
    luma = luma.astype(np.float64)
    small = block_mean(luma, 32, 32)
    coefficients = dct(dct(small, type=2, norm="ortho", axis=0), type=2, norm="ortho", axis=1)
    block = coefficients[1:9, 1:9].flatten()
    phash = block > np.median(block)
    nine = block_mean(luma, 8, 9)
    dhash = (nine[:, 1:] > nine[:, :-1]).flatten()
    print(to_hex(phash), to_hex(dhash))


if __name__ == "__main__":
    main()
