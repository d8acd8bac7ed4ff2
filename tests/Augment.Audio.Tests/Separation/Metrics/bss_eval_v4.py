#!/usr/bin/env python3
"""Independent numpy/scipy re-implementation of BSS-Eval v4 as museval defines it (bss_eval with
framewise_filters=False, compute_permutation=False, bsseval_sources_version=False), written from the
definitions of Vincent, Gribonval and Fevotte (2006) and Liutkus, Stoter and Ito (2018), all in float64,
projecting each window's references directly (no whole-track shortcut, unlike the C# side).

usage: bss_eval_v4.py INPUT.f32 SOURCES CHANNELS FRAMES WINDOW HOP TAPS [--time] [--medians]
INPUT.f32 holds float32 references then estimates, each [source][channel][frame].
Prints one line per source and window: j t sdr isr sir sar (repr of floats, 'nan'/'inf' allowed).
"""
import sys
import time

import numpy as np
from scipy.linalg import toeplitz
from scipy.signal import fftconvolve


def delayed_gram(refs, taps):
    """G[(i,a),(k,b)] = sum_t x_i[t-a] x_k[t-b], refs [P, n] float64; by FFT (exact linear correlation)."""
    p, n = refs.shape
    nfft = int(2 ** np.ceil(np.log2(n + taps - 1)))
    spec = np.fft.rfft(refs, n=nfft, axis=1)
    g = np.zeros((p * taps, p * taps))
    for i in range(p):
        for k in range(i, p):
            # r[m] = sum_t x_i[t] x_k[t+m]
            r = np.fft.irfft(np.conj(spec[i]) * spec[k], n=nfft)
            # block[a, b] = r[a - b]
            col = r[np.arange(taps)]            # a - b >= 0 : r[a-b], first column (b = 0)
            row = r[(-np.arange(taps)) % nfft]  # first row (a = 0): r[-b]
            block = toeplitz(col, row)
            g[i * taps:(i + 1) * taps, k * taps:(k + 1) * taps] = block
            g[k * taps:(k + 1) * taps, i * taps:(i + 1) * taps] = block.T
    return g, spec, nfft


def cross_terms(spec, nfft, estimate, taps):
    """D[(i,a), c] = sum_t x_i[t-a] e_c[t]."""
    p = spec.shape[0]
    ch = estimate.shape[0]
    es = np.fft.rfft(estimate, n=nfft, axis=1)
    d = np.zeros((p * taps, ch))
    for i in range(p):
        for c in range(ch):
            r = np.fft.irfft(np.conj(spec[i]) * es[c], n=nfft)
            d[i * taps:(i + 1) * taps, c] = r[:taps]
    return d


def project(signals, filters, taps):
    """signals [Q, W], filters [Q*taps, C] -> [C, W+taps-1], full linear convolution of the window alone."""
    q, w = signals.shape
    ch = filters.shape[1]
    out = np.zeros((ch, w + taps - 1))
    for i in range(q):
        for c in range(ch):
            out[c] += fftconvolve(signals[i], filters[i * taps:(i + 1) * taps, c])
    return out


def safe_db(num, den):
    if den == 0:
        return np.inf
    with np.errstate(divide='ignore'):
        return 10 * np.log10(num / den)


def silent(x):
    """x [S, C, W]: any source whose channels sum to zero at every sample."""
    return bool(np.any(np.all(np.sum(x, axis=1) == 0, axis=1)))


def bss_eval_v4(refs, ests, window, hop, taps):
    s, ch, n = refs.shape
    eps = np.finfo(np.float64).eps
    flat = refs.reshape(s * ch, n)
    g, spec, nfft = delayed_gram(flat, taps)
    block = ch * taps
    if window < n:
        nwin = int(np.floor((n - window + hop) / hop))
    else:
        nwin, window = 1, n
    out = np.full((s, nwin, 4), np.nan)
    # One solve for every estimate's right-hand sides (museval solves once per estimate; same system).
    cross = [cross_terms(spec, nfft, ests[j], taps) for j in range(s)]
    solved = np.linalg.solve(g + eps * np.eye(g.shape[0]), np.concatenate(cross, axis=1))
    filters_all = [solved[:, j * ch:(j + 1) * ch] for j in range(s)]
    filters_own = []
    for j in range(s):
        gj = g[j * block:(j + 1) * block, j * block:(j + 1) * block]
        filters_own.append(np.linalg.solve(gj + eps * np.eye(block), cross[j][j * block:(j + 1) * block]))
    for t in range(nwin):
        a, b = t * hop, min(t * hop + window, n)
        if silent(refs[:, :, a:b]) or silent(ests[:, :, a:b]):
            continue
        w = b - a
        win_flat = flat[:, a:b]
        for j in range(s):
            s_true = np.zeros((ch, w + taps - 1))
            s_true[:, :w] = refs[j, :, a:b]
            est = np.zeros((ch, w + taps - 1))
            est[:, :w] = ests[j, :, a:b]
            p_own = project(refs[j, :, a:b], filters_own[j], taps)
            p_all = project(win_flat, filters_all[j], taps)
            e_spat = p_own - s_true
            e_interf = p_all - p_own
            e_artif = est - p_all
            sdr = safe_db(np.sum(s_true ** 2), np.sum((e_spat + e_interf + e_artif) ** 2))
            isr = safe_db(np.sum(s_true ** 2), np.sum(e_spat ** 2))
            sir = safe_db(np.sum((s_true + e_spat) ** 2), np.sum(e_interf ** 2))
            sar = safe_db(np.sum((s_true + e_spat + e_interf) ** 2), np.sum(e_artif ** 2))
            out[j, t] = (sdr, isr, sir, sar)
    return out


def main():
    path = sys.argv[1]
    s, ch, n, window, hop, taps = (int(v) for v in sys.argv[2:8])
    data = np.fromfile(path, dtype=np.float32).astype(np.float64)
    assert data.size == 2 * s * ch * n, (data.size, s, ch, n)
    refs = data[:s * ch * n].reshape(s, ch, n)
    ests = data[s * ch * n:].reshape(s, ch, n)
    started = time.perf_counter()
    out = bss_eval_v4(refs, ests, window, hop, taps)
    elapsed = time.perf_counter() - started
    if '--time' in sys.argv:
        print(f"numpy bss_eval_v4: {elapsed:.3f} s")
    if '--medians' in sys.argv:
        for j in range(s):
            print('median', f's{j}', *(repr(float(np.nanmedian(out[j, :, m]))) for m in range(4)))
    if '--time' in sys.argv or '--medians' in sys.argv:
        return
    for j in range(s):
        for t in range(out.shape[1]):
            print(j, t, *(repr(float(v)) for v in out[j, t]))


if __name__ == '__main__':
    main()
