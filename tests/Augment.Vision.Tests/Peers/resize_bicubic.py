"""OpenCV bicubic upscale of an 8-bit PNG, as raw float32 RGB (height x width x 3, 0..1).

Usage: resize_bicubic.py input.png output.f32 scale
OpenCV's INTER_CUBIC is Keys' cubic convolution with a = -0.75, pixel centres aligned.
"""
import sys

import cv2
import numpy as np

source, target, scale = sys.argv[1], sys.argv[2], int(sys.argv[3])
image = cv2.imread(source, cv2.IMREAD_COLOR)[:, :, ::-1].astype(np.float32) / 255.0
height, width = image.shape[:2]
large = cv2.resize(image, (width * scale, height * scale), interpolation=cv2.INTER_CUBIC)
np.clip(large, 0.0, 1.0).astype("<f4").tofile(target)
