"""2-D power spectrum |numpy.fft.fft2(tile)|² of a raw float32 square tile.

Usage: spectrum.py tile.f32 size out.f32
Writes size x size float32 (row ky, column kx), no scaling (numpy's forward convention).
"""
import sys

import numpy as np

tile_path, size, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tile = np.fromfile(tile_path, dtype="<f4").reshape(size, size).astype(np.float64)
power = np.abs(np.fft.fft2(tile)) ** 2
power.astype("<f4").tofile(out_path)
