"""OpenCV's Telea inpainting (cv2.inpaint with cv2.INPAINT_TELEA) of a raw float32 image.

Usage: inpaint_telea.py image.f32 mask.f32 width height channels radius out.f32
image: height x width x channels float32 in 0..1 (quantised to 8 bits, as cv2.inpaint needs);
mask: height x width float32, > 0.5 = fill. Writes the result as float32 0..1.
"""
import sys

import cv2
import numpy as np

image_path, mask_path = sys.argv[1], sys.argv[2]
width, height, channels, radius = map(int, sys.argv[3:7])
out_path = sys.argv[7]
image = np.fromfile(image_path, dtype="<f4").reshape((height, width, channels))
mask = np.fromfile(mask_path, dtype="<f4").reshape((height, width))
image8 = np.clip(np.rint(image * 255.0), 0, 255).astype(np.uint8)
mask8 = (mask > 0.5).astype(np.uint8) * 255
if channels == 1:
    result = cv2.inpaint(image8[:, :, 0], mask8, radius, cv2.INPAINT_TELEA)[:, :, None]
else:
    result = cv2.inpaint(image8, mask8, radius, cv2.INPAINT_TELEA)
(result.astype(np.float32) / 255.0).astype("<f4").tofile(out_path)
