#!/usr/bin/env python3
"""Trains the built-in speech denoiser of Augment.Audio (numpy only, CPU).

Model (the same graph Augment.Audio builds from the weights, see SpeechDenoiserModel.cs):
  |X| [frames, 257] -> f = (log(|X|^2 + 1e-10) - mean) * invStd
  h1 = relu(conv1d(f,  k=5, dilation 1))      257 -> H
  h2 = relu(conv1d(h1, k=3, dilation 4))      H -> H
  h3 = relu(conv1d(h2, k=3, dilation 8)) + h2 H -> H
  mask = sigmoid(h3 W4 + b4)                  H -> 257
Receptive field: +/-14 frames (+/-112 ms at hop 128, 16 kHz).
Loss: per segment sum |mask*Y - S|^2 / sum |S|^2 over the STFT (the waveform error under the noisy phase).

Usage: train.py corpus.npz out.safetensors [steps [init.safetensors]]
With init: fine-tune those weights (learning rate 3e-4, half the segments band-limited to 3.4-7.9 kHz as audio
resampled from other rates or sent over a phone line is).
"""
import json, math, struct, sys, time
import numpy as np

RATE, NFFT, HOP, BINS = 16000, 512, 128, 257
H = 256
LAYERS = [("c1", 5, 1), ("c2", 3, 4), ("c3", 3, 8)]  # name, kernel, dilation
SEG_FRAMES = 192
BATCH = 24
rng = np.random.default_rng(7)
WINDOW = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(NFFT) / NFFT)).astype(np.float32)  # periodic Hann


# ---------------------------------------------------------------- signals
def stft(x):
    """Centred frames (frame f centred on sample f*HOP, zero padding), periodic Hann, unnormalised rfft."""
    pad = NFFT // 2
    xp = np.pad(x, (pad, pad))
    frames = 1 + len(x) // HOP
    idx = np.arange(NFFT)[None, :] + HOP * np.arange(frames)[:, None]
    return np.fft.rfft(xp[idx] * WINDOW, axis=1).astype(np.complex64)


def istft(X, length):
    pad = NFFT // 2
    frames = X.shape[0]
    y = np.zeros(length + 2 * pad + NFFT, np.float64)
    wsum = np.zeros_like(y)
    seg = np.fft.irfft(X, n=NFFT, axis=1) * WINDOW
    for f in range(frames):
        y[f * HOP:f * HOP + NFFT] += seg[f]
        wsum[f * HOP:f * HOP + NFFT] += WINDOW ** 2
    y = np.where(wsum > 1e-6, y / np.maximum(wsum, 1e-6), 0)
    return y[pad:pad + length].astype(np.float32)


def white(n):
    return rng.standard_normal(n).astype(np.float32)


def coloured(n, slope_db_per_octave):
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.maximum(np.fft.rfftfreq(n, 1 / RATE), 20)
    spec *= (f / 1000) ** (slope_db_per_octave / (20 * math.log10(2)))
    return np.fft.irfft(spec, n).astype(np.float32)


def shaped(n):
    """Noise with a random smooth spectrum (a few random peaks and tilts): fans, engines, air conditioning."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / RATE)
    gain_db = rng.uniform(-6, 0) * np.log2(np.maximum(f, 50) / 1000)
    for _ in range(rng.integers(1, 5)):
        centre, width, height = rng.uniform(80, 6000), rng.uniform(50, 1500), rng.uniform(3, 20)
        gain_db += height * np.exp(-((f - centre) / width) ** 2)
    spec *= 10 ** (gain_db / 20)
    return np.fft.irfft(spec, n).astype(np.float32)


def babble(n, pool, talkers):
    x = np.zeros(n, np.float32)
    synthetic = rng.random() < 0.3
    for _ in range(talkers):
        if synthetic:
            x += voiced(n) * rng.uniform(0.5, 1.5)
            continue
        t = np.zeros(n, np.float32)
        at = -rng.integers(0, n)
        while at < n:
            u = pool[rng.integers(len(pool))] * rng.uniform(0.5, 1.5)
            lo, hi = max(at, 0), min(at + len(u), n)
            if hi > lo:
                t[lo:hi] += u[lo - at:hi - at]
            at += len(u) + rng.integers(0, RATE // 4)
        x += t
    return x


def clatter_hum(n, base_rms):
    x = np.zeros(n, np.float32)
    for _ in range(rng.integers(2, 10) * n // (4 * RATE) + 1):
        at = rng.integers(n)
        f, decay = rng.uniform(800, 6000), rng.uniform(0.002, 0.02)
        t = np.arange(min(RATE // 10, n - at)) / RATE
        x[at:at + len(t)] += (rng.uniform(0.5, 4) * base_rms * np.exp(-t / decay) * np.sin(2 * np.pi * f * t)).astype(np.float32)
    if rng.random() < 0.6:
        mains = rng.choice([50.0, 60.0])
        t = np.arange(n) / RATE
        hum = sum(rng.uniform(0.1, 1) * np.sin(2 * np.pi * mains * k * t + rng.uniform(0, 6.3)) for k in (1, 2, 3, 4))
        x += (rng.uniform(0.1, 0.5) * base_rms * hum).astype(np.float32)
    return x


def noise_clip(n, pool):
    kind = rng.choice(["white", "pink", "brown", "shaped", "babble", "cafe", "modulated"],
                      p=[0.12, 0.12, 0.05, 0.16, 0.25, 0.2, 0.1])
    if kind == "white":
        x = white(n)
    elif kind == "pink":
        x = coloured(n, -3)
    elif kind == "brown":
        x = coloured(n, -6)
    elif kind == "shaped":
        x = shaped(n)
    elif kind == "babble":
        x = babble(n, pool, rng.integers(3, 9))
    elif kind == "cafe":
        x = babble(n, pool, rng.integers(3, 8))
        x = x + clatter_hum(n, float(np.sqrt(np.mean(x ** 2)) + 1e-9))
    else:
        x = shaped(n) * (1 + 0.8 * np.sin(2 * np.pi * rng.uniform(0.2, 3) * np.arange(n) / RATE)).astype(np.float32)
    return x.astype(np.float32)


def voiced(n):
    """Synthetic voiced/unvoiced syllables: harmonic series with a moving pitch through 3-4 moving formants, and
    high-tilted noise bursts; widens the training speech beyond one synthesiser's voice."""
    x = np.zeros(n, np.float32)
    at = int(rng.integers(0, RATE // 4))
    base = rng.uniform(75, 280)
    cutoff = rng.uniform(3500, 7800)
    while at < n:
        length = int(rng.uniform(0.08, 0.4) * RATE)
        if rng.random() < 0.4:
            burst = int(rng.uniform(0.02, 0.08) * RATE)
            w = np.diff(rng.standard_normal(burst + 1)).astype(np.float32)
            env = np.sin(np.pi * np.arange(burst) / burst) ** 2
            end = min(at + burst, n)
            x[at:end] += (rng.uniform(0.03, 0.12) * env * w)[:end - at]
            at += burst
        if at >= n:
            break
        t = np.arange(min(length, n - at)) / RATE
        u = t / (length / RATE)
        f0 = base * (1 + rng.uniform(-0.2, 0.2) * u + rng.uniform(0, 0.08) * np.sin(2 * np.pi * rng.uniform(3, 7) * t + rng.uniform(0, 6.3)))
        phase = 2 * np.pi * np.cumsum(f0) / RATE
        formants = [(rng.uniform(250, 900), rng.uniform(250, 900), rng.uniform(50, 150), 1.0),
                    (rng.uniform(800, 2400), rng.uniform(800, 2400), rng.uniform(70, 200), rng.uniform(0.3, 0.9)),
                    (rng.uniform(2200, 3400), rng.uniform(2200, 3400), rng.uniform(100, 300), rng.uniform(0.1, 0.4)),
                    (rng.uniform(3300, 4800), rng.uniform(3300, 4800), rng.uniform(150, 400), rng.uniform(0.02, 0.2))]
        sig = np.zeros(len(t))
        for h in range(1, int(cutoff / base) + 1):
            fh = h * f0
            env = sum(a * np.exp(-((fh - (fa + (fb - fa) * u)) / bw) ** 2) for fa, fb, bw, a in formants) + 0.03 * 300 / (300 + fh)
            sig += np.where(fh < cutoff, env, 0) * np.sin(h * phase)
        ramp = np.minimum(1, np.minimum(t, t[-1] - t) / 0.015)
        x[at:at + len(t)] += (rng.uniform(0.1, 0.3) * ramp * sig).astype(np.float32)
        at += len(t) + int(rng.uniform(0.03, 0.3) * RATE)
    peak = np.abs(x).max()
    return x * (0.5 / peak) if peak > 0 else x


def speech_segment(n, speech):
    """Sentences with pauses, leading silence sometimes, like a dialogue take."""
    x = np.zeros(n, np.float32)
    at = int(rng.integers(-n // 2, n // 4))
    while at < n:
        u = speech[rng.integers(len(speech))]
        lo, hi = max(at, 0), min(at + len(u), n)
        if hi > lo:
            x[lo:hi] += u[lo - at:hi - at] * rng.uniform(0.6, 1.0)
        at += len(u) + int(rng.uniform(0.1, 0.8) * RATE)
    return x


def band_limit(x, cutoff_hz):
    """A recording that has no content above cutoff_hz (resampled from another rate, a phone line, a codec): a
    raised-cosine roll-off over 10 % of the cutoff, applied in the frequency domain."""
    spec = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1 / RATE)
    width = 0.1 * cutoff_hz
    gain = np.clip((cutoff_hz - f) / width, 0, 1)
    gain = 0.5 - 0.5 * np.cos(np.pi * gain)
    return np.fft.irfft(spec * gain, len(x)).astype(np.float32)


BAND_LIMITED = 0.0


def batch(speech, pool, segs=BATCH):
    n = (SEG_FRAMES - 1) * HOP
    Ys, Ss = [], []
    for _ in range(segs):
        s = voiced(n) if rng.random() < 0.3 else speech_segment(n, speech)
        if np.sum(s ** 2) < 1e-6:
            s = speech_segment(n, speech)
        v = noise_clip(n, pool)
        snr = rng.uniform(-5, 20)
        es, ev = np.sum(s ** 2) + 1e-9, np.sum(v ** 2) + 1e-9
        v *= math.sqrt(es / ev / 10 ** (snr / 10))
        g = 10 ** (rng.uniform(-25, 10) / 20)
        if rng.random() < BAND_LIMITED:
            cutoff = rng.uniform(3400, 7900)
            s, v = band_limit(s, cutoff), band_limit(v, cutoff)
        Ys.append(stft((s + v) * g))
        Ss.append(stft(s * g))
    return np.stack(Ys), np.stack(Ss)


# ---------------------------------------------------------------- model
def init_params():
    p = {}
    cin = BINS
    for name, k, _ in LAYERS:
        p[name + ".w"] = (rng.standard_normal((k * cin, H)) * math.sqrt(2 / (k * cin))).astype(np.float32)
        p[name + ".b"] = np.zeros(H, np.float32)
        cin = H
    p["out.w"] = (rng.standard_normal((H, BINS)) * math.sqrt(1 / H)).astype(np.float32)
    p["out.b"] = np.full(BINS, 1.0, np.float32)
    return p


def stack(x, k, d):
    """[B,T,C] -> [B,T,k*C]: frames t + (j - (k-1)/2)*d for j in 0..k-1, zero outside."""
    B, T, C = x.shape
    half = (k - 1) // 2 * d
    xp = np.zeros((B, T + 2 * half, C), x.dtype)
    xp[:, half:half + T] = x
    return np.concatenate([xp[:, j * d:j * d + T] for j in range(k)], axis=2)


def unstack(g, k, d, C):
    B, T, _ = g.shape
    half = (k - 1) // 2 * d
    gp = np.zeros((B, T + 2 * half, C), g.dtype)
    for j in range(k):
        gp[:, j * d:j * d + T] += g[:, :, j * C:(j + 1) * C]
    return gp[:, half:half + T]


def features(mag, norm):
    return (np.log(mag * mag + 1e-10) - norm[0]) * norm[1]


def forward(p, f):
    cache = []
    h = f
    for i, (name, k, d) in enumerate(LAYERS):
        xs = stack(h, k, d)
        z = xs @ p[name + ".w"] + p[name + ".b"]
        a = np.maximum(z, 0)
        if i == 2:
            a = a + h
        cache.append((xs, z, h))
        h = a
    logits = h @ p["out.w"] + p["out.b"]
    m = 1 / (1 + np.exp(-logits))
    return m, (cache, h)


def backward(p, gm, m, state):
    cache, hlast = state
    g = {}
    gl = gm * m * (1 - m)
    B, T, _ = gl.shape
    g["out.w"] = hlast.reshape(-1, H).T @ gl.reshape(-1, BINS)
    g["out.b"] = gl.sum((0, 1))
    gh = gl @ p["out.w"].T
    for i in reversed(range(len(LAYERS))):
        name, k, d = LAYERS[i]
        xs, z, hin = cache[i]
        gz = gh * (z > 0)
        g[name + ".w"] = xs.reshape(-1, xs.shape[2]).T @ gz.reshape(-1, H)
        g[name + ".b"] = gz.sum((0, 1))
        if i == 0:
            break
        gin = unstack(gz @ p[name + ".w"].T, k, d, hin.shape[2])
        if i == 2:
            gin = gin + gh
        gh = gin
    return g


def loss_and_grad(p, Y, S, norm):
    mag = np.abs(Y)
    m, state = forward(p, features(mag, norm))
    err = m * Y - S
    energy = np.sum(np.abs(S) ** 2, axis=(1, 2), keepdims=True) + 1e-8
    loss = float(np.mean(np.sum(np.abs(err) ** 2, axis=(1, 2)) / energy[:, 0, 0]))
    # d/dm |mY - S|^2 = 2 Re(conj(Y)(mY - S))
    gm = (2 * np.real(np.conj(Y) * err) / energy / Y.shape[0]).astype(m.dtype)
    return loss, backward(p, gm, m, state)


def si_sdr(est, ref):
    a = np.dot(est, ref) / np.dot(ref, ref)
    t = a * ref
    return 10 * math.log10(np.dot(t, t) / np.dot(est - t, est - t))


def denoise(p, norm, x):
    Y = stft(x)
    m, _ = forward(p, features(np.abs(Y), norm)[None])
    return istft(Y * m[0], len(x))


def save_safetensors(path, p, norm, meta):
    tensors = {"norm.mean": norm[0].astype(np.float32), "norm.invstd": norm[1].astype(np.float32)}
    cin = BINS
    for name, k, _ in LAYERS:
        # ONNX Conv weight layout [out, in, k]: stacked row j*cin + c -> [o, c, j].
        w = p[name + ".w"].reshape(k, cin, H).transpose(2, 1, 0)
        tensors[name + ".weight"] = np.ascontiguousarray(w, np.float32)
        tensors[name + ".bias"] = p[name + ".b"]
        cin = H
    tensors["out.weight"] = np.ascontiguousarray(p["out.w"].T, np.float32)  # [257, H]
    tensors["out.bias"] = p["out.b"]
    header, blobs, offset = {"__metadata__": meta}, [], 0
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], "<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        blob = f.read()
    t = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        t[name] = np.frombuffer(blob[a:b], "<f4").reshape(info["shape"]).copy()
    p, cin = {}, BINS
    for name, k, _ in LAYERS:
        p[name + ".w"] = np.ascontiguousarray(t[name + ".weight"].transpose(2, 1, 0).reshape(k * cin, H))
        p[name + ".b"] = t[name + ".bias"]
        cin = H
    p["out.w"] = np.ascontiguousarray(t["out.weight"].T)
    p["out.b"] = t["out.bias"]
    return p, (t["norm.mean"], t["norm.invstd"])


def main():
    global BAND_LIMITED
    corpus, out = sys.argv[1], sys.argv[2]
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    init = sys.argv[4] if len(sys.argv) > 4 else None
    data = np.load(corpus, allow_pickle=True)
    speech, pool = list(data["speech"]), list(data["babble"])
    held = speech[-40:]
    speech = speech[:-40]
    # Feature normalisation from a sample of noisy training batches.
    if init is None:
        Y, _ = batch(speech, pool, 64)
        logp = np.log(np.abs(Y) ** 2 + 1e-10)
        norm = (logp.mean((0, 1)).astype(np.float32), (1 / (logp.std((0, 1)) + 1e-3)).astype(np.float32))
        p = init_params()
        lr0 = 1e-3
    else:
        # Fine-tuning: same normalisation, lower rate, and half the segments band-limited.
        p, norm = load_safetensors(init)
        lr0 = 3e-4
        BAND_LIMITED = 0.5
    mom = {k: np.zeros_like(v) for k, v in p.items()}
    vel = {k: np.zeros_like(v) for k, v in p.items()}
    # Dev set: held-out utterances with fixed noises.
    dev = []
    for i in range(24):
        n = 4 * RATE
        s = voiced(n) if i % 2 else speech_segment(n, held)
        v = noise_clip(n, pool)
        snr = [0, 5, 10][i % 3]
        v *= math.sqrt(np.sum(s ** 2) / (np.sum(v ** 2) + 1e-9) / 10 ** (snr / 10))
        dev.append((s, s + v))
    beta1, beta2 = 0.9, 0.999
    start = time.time()
    running = None
    for step in range(1, steps + 1):
        lr = lr0 * min(1, step / (200 if init is None else 20)) * (0.5 * (1 + math.cos(math.pi * step / steps)) * 0.95 + 0.05)
        Y, S = batch(speech, pool)
        loss, g = loss_and_grad(p, Y, S, norm)
        running = loss if running is None else 0.98 * running + 0.02 * loss
        for k in p:
            mom[k] = beta1 * mom[k] + (1 - beta1) * g[k]
            vel[k] = beta2 * vel[k] + (1 - beta2) * g[k] * g[k]
            mh = mom[k] / (1 - beta1 ** step)
            vh = vel[k] / (1 - beta2 ** step)
            p[k] -= (lr * mh / (np.sqrt(vh) + 1e-8)).astype(np.float32)
        if step % 250 == 0 or step == steps:
            gain = np.mean([si_sdr(denoise(p, norm, y), s) - si_sdr(y, s) for s, y in dev])
            print(f"step {step} loss {running:.4f} dev SI-SDR gain {gain:+.2f} dB  {time.time() - start:.0f} s", flush=True)
            save_safetensors(out, p, norm, {"model": "augment-speech-denoiser", "rate": str(RATE), "fft": str(NFFT),
                                             "hop": str(HOP), "hidden": str(H), "steps": str(step)})


if __name__ == "__main__":
    main()
