#!/usr/bin/env python3
"""Independent numpy implementation of Reinhard (OKLab) and MKL (linear sRGB) colour matching.

Reads the planar float32 frames that the Augment test PeerExportTests writes (source.f32,
reference.f32, reinhard.f32, mkl.f32, timings.txt in one folder), runs the same methods in numpy,
and prints the mean absolute difference from Augment's output and the speed ratio.

Formulas (written from the papers, not from the C# code):
  Reinhard et al. 2001: per OKLab channel, out = (x - mean_s) * std_r / std_s + mean_r
    (population standard deviation), OKLab from Ottosson 2020 (M1, cube root, M2).
  Pitie & Kokaram 2007: T = S^-1/2 (S^1/2 R S^1/2)^1/2 S^-1/2 with S, R the 3x3 population
    covariances of linear RGB; out = T (x - mean_s) + mean_r. Matrix roots via numpy.linalg.eigh.
Statistics in float64; the per-pixel maps in float32, as a numpy user would write them.
Usage: /usr/bin/python3 color-match-numpy.py FOLDER   (run by color-match-numpy.sh)
"""
import sys
import time

import numpy as np

M1 = np.array([[0.4122214708, 0.5363325363, 0.0514459929],
               [0.2119034982, 0.6806995451, 0.1073969566],
               [0.0883024619, 0.2817188376, 0.6299787005]])
M2 = np.array([[0.2104542553, 0.7936177850, -0.0040720468],
               [1.9779984951, -2.4285922050, 0.4505937099],
               [0.0259040371, 0.7827717662, -0.8086757660]])
M2_INV = np.array([[1.0, 0.3963377774, 0.2158037573],
                   [1.0, -0.1055613458, -0.0638541728],
                   [1.0, -0.0894841775, -1.2914855480]])
M1_INV = np.array([[4.0767416621, -3.3077115913, 0.2309699292],
                   [-1.2684380046, 2.6097574011, -0.3413193965],
                   [-0.0041960863, -0.7034186147, 1.7076147010]])


def to_oklab(rgb):
    lms = np.cbrt(M1.astype(np.float32) @ rgb)
    return M2.astype(np.float32) @ lms


def from_oklab(lab):
    lms = M2_INV.astype(np.float32) @ lab
    return M1_INV.astype(np.float32) @ (lms * lms * lms)


def reinhard(source, reference):
    s = to_oklab(source)
    r = to_oklab(reference)
    mean_s = s.mean(axis=1, dtype=np.float64)
    mean_r = r.mean(axis=1, dtype=np.float64)
    std_s = s.std(axis=1, dtype=np.float64)
    std_r = r.std(axis=1, dtype=np.float64)
    scale = np.where(std_s > 1e-12, std_r / np.maximum(std_s, 1e-300), 1.0)
    offset = mean_r - scale * mean_s
    out = s * scale.astype(np.float32)[:, None] + offset.astype(np.float32)[:, None]
    return from_oklab(out)


def sym_fn(matrix, fn):
    values, vectors = np.linalg.eigh(matrix)
    return (vectors * fn(values)) @ vectors.T


def mkl(source, reference):
    mean_s = source.mean(axis=1, dtype=np.float64)
    mean_r = reference.mean(axis=1, dtype=np.float64)
    cov_s = np.cov(source, bias=True, dtype=np.float64)
    cov_r = np.cov(reference, bias=True, dtype=np.float64)
    floor = max(np.abs(np.linalg.eigvalsh(cov_s)).max() * 1e-10, 1e-14)
    root_s = sym_fn(cov_s, lambda v: np.sqrt(np.maximum(v, floor)))
    inv_root_s = sym_fn(cov_s, lambda v: 1.0 / np.sqrt(np.maximum(v, floor)))
    middle = sym_fn(root_s @ cov_r @ root_s, lambda v: np.sqrt(np.maximum(v, 0.0)))
    t = inv_root_s @ middle @ inv_root_s
    offset = mean_r - t @ mean_s
    return t.astype(np.float32) @ source + offset.astype(np.float32)[:, None]


def main():
    folder = sys.argv[1]
    info = dict(line.strip().split("=", 1) for line in open(f"{folder}/timings.txt") if "=" in line)
    width, height = int(info["width"]), int(info["height"])

    def load(name):
        return np.fromfile(f"{folder}/{name}.f32", dtype=np.float32).reshape(3, width * height)

    source = load("source")
    reference = load("reference")
    print(f"{width}x{height} ({width * height / 1e6:.1f} MP), numpy {np.__version__}, "
          f"Augment all-core = {info['threads']} threads")
    print(f"{'method':<10}{'MAE vs Augment':>16}{'numpy ms':>11}{'Augment ms (all)':>18}{'ratio':>8}"
          f"{'Augment ms (1 thr)':>20}{'ratio':>8}")
    for name, fn in (("reinhard", reinhard), ("mkl", mkl)):
        best = float("inf")
        ours = None
        for _ in range(3):
            start = time.perf_counter()
            ours = fn(source, reference)
            best = min(best, (time.perf_counter() - start) * 1000.0)
        theirs = load(name)
        mae = float(np.abs(ours.astype(np.float64) - theirs.astype(np.float64)).mean())
        all_ms = float(info[f"{name}_ms_threads_all"])
        one_ms = float(info[f"{name}_ms_threads_1"])
        print(f"{name:<10}{mae:>16.3e}{best:>11.1f}{all_ms:>18.1f}{best / all_ms:>7.1f}x"
              f"{one_ms:>20.1f}{best / one_ms:>7.1f}x")
        if mae > 1e-3:
            print(f"  {name}: MAE {mae:.3e} exceeds the 1e-3 target", file=sys.stderr)


if __name__ == "__main__":
    main()
