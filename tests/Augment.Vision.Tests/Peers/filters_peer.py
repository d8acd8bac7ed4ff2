"""OpenCV's bilateral and guided filters on a raw float32 image (height x width x channels).

Usage: filters_peer.py bilateral in.f32 out.f32 width height channels diameter sigma_color sigma_space
       filters_peer.py guided in.f32 out.f32 width height channels radius eps
bilateral: cv2.bilateralFilter (float32: L1 colour distance over the channels, reflect-101 borders).
guided: cv2.ximgproc.guidedFilter with each channel as its own guide (the self-guided grey filter).
"""
import sys

import cv2
import numpy as np

mode, source, target = sys.argv[1], sys.argv[2], sys.argv[3]
width, height, channels = map(int, sys.argv[4:7])
cv2.setNumThreads(1)
image = np.fromfile(source, dtype="<f4").reshape((height, width, channels))
if mode == "bilateral":
    diameter, sigma_color, sigma_space = int(sys.argv[7]), float(sys.argv[8]), float(sys.argv[9])
    result = cv2.bilateralFilter(image, diameter, sigma_color, sigma_space)
else:
    radius, eps = int(sys.argv[7]), float(sys.argv[8])
    planes = [cv2.ximgproc.guidedFilter(np.ascontiguousarray(image[:, :, c]), np.ascontiguousarray(image[:, :, c]), radius, eps)
              for c in range(channels)]
    result = np.stack(planes, axis=2)
np.ascontiguousarray(result.reshape((height, width, channels)), dtype="<f4").tofile(target)
