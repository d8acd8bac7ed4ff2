#!/usr/bin/env bash
# Noise removal side by side: `augment audio denoise` (defaults: minimum statistics + OM-LSA, 20 dB; the noise is
# tracked, nothing is told about it) against `sox noisered` given its best case: a noise profile (`noiseprof`)
# from 1 s of the very noise that is in the mixture, alone, and the best of the usual amounts 0.2 / 0.25 / 0.3.
# Quality: SI-SDR improvement (dB) on speech + noise mixtures, 16 kHz, 4 s: espeak-ng speech (two sentences, two
# voices: en-us and en-gb+f3, with a pause) with white, pink, babble (five other espeak-ng talkers, time-shifted)
# and café-like noise (babble + clatter transients + 50 Hz hum) at 0/5/10 dB SNR. noisered drops its last partial
# window, so both are scored on the span sox returns.
# Speed: 60 s of 48 kHz mono noisy speech, whole commands (process start, WAV read/write), best of 3 runs;
# real-time factor (RTF) = 60 s / wall time. Timings need an idle machine: the load average is printed first.
# Needs: sox, espeak-ng, /usr/bin/python3 with numpy, the .NET SDK.
# Usage: bash benchmarks/peers/denoise-vs-sox.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/denoise-vs-sox.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
for tool in sox espeak-ng /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install -y sox espeak-ng python3-numpy)" >&2; exit 2; }
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "building augment (Release)..."
dotnet build "$ROOT/src/Augment.Cli" -c Release -p:ArtifactsPath="$WORK/artifacts" -v quiet -nologo >/dev/null
AUGMENT="$WORK/artifacts/bin/Augment.Cli/release/augment"

AUGMENT="$AUGMENT" WORK="$WORK" /usr/bin/python3 - <<'EOT'
import os, struct, subprocess, time
import numpy as np

work, augment = os.environ["WORK"], os.environ["AUGMENT"]
rate, frames = 16000, 4 * 16000

def write_wav(path, x, sr):
    data = np.asarray(x, dtype="<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, sr, sr * 4, 4, 32)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(data)) + b"WAVE")
        f.write(b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data)

def read_wav(path):
    raw = open(path, "rb").read()
    pos, fmt, bits = 12, None, None
    while pos + 8 <= len(raw):
        cid, size = raw[pos:pos + 4], struct.unpack("<I", raw[pos + 4:pos + 8])[0]
        body = raw[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt, channels, sr, _, _, bits = struct.unpack("<HHIIHH", body[:16])
            if fmt == 0xFFFE: fmt = struct.unpack("<H", body[24:26])[0]
        elif cid == b"data":
            if fmt == 3 and bits == 32: return np.frombuffer(body, "<f4").astype(np.float64)
            if fmt == 1 and bits == 16: return np.frombuffer(body, "<i2") / 32768.0
            raise SystemExit(f"{path}: unexpected WAV format {fmt}/{bits}")
        pos += 8 + size + (size & 1)
    raise SystemExit(f"{path}: no data chunk")

def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

def say(text, voice, wpm):
    raw, out = f"{work}/say.wav", f"{work}/say16.wav"
    run("espeak-ng", "-v", voice, "-s", str(wpm), "-w", raw, text)
    run("sox", raw, "-e", "floating-point", "-b", "32", out, "rate", "-v", str(rate))
    return read_wav(out)

def si_sdr(estimate, reference):
    alpha = np.dot(estimate, reference) / np.dot(reference, reference)
    target = alpha * reference
    return 10 * np.log10(np.sum(target ** 2) / np.sum((estimate - target) ** 2))

clean = np.zeros(frames)
a = say("The quick brown fox jumps over the lazy dog near the river bank.", "en-us", 150)
b = say("Please call Stella and ask her to bring these things with her from the store.", "en-gb+f3", 165)
at = rate // 5
clean[at:at + len(a)] = a[:frames - at]
at += len(a) + int(0.35 * rate)
if at < frames: clean[at:at + len(b)] = b[:frames - at]
clean *= 0.5 / np.max(np.abs(clean))

rng = np.random.default_rng(1000)
def pink(n):
    w = rng.standard_normal(n); b0 = b1 = b2 = 0.0; y = np.empty(n)
    for i, v in enumerate(w):  # Paul Kellet's economy pink filter
        b0 = 0.99765 * b0 + v * 0.0990460; b1 = 0.96300 * b1 + v * 0.2965164; b2 = 0.57000 * b2 + v * 1.0526913
        y[i] = b0 + b1 + b2 + v * 0.1848
    return y
talkers = [say(t, v, 140 + 12 * i) for i, (t, v) in enumerate([
    ("I would like a large coffee with milk and two sugars please.", "en-us+m3"),
    ("Did you see the game last night, it was quite something.", "en-gb+f2"),
    ("We are going to the mountains for the weekend if the weather holds.", "en-us+f4"),
    ("The meeting has been moved to Thursday afternoon at three.", "en-gb+m5"),
    ("She said the new restaurant on the corner is really good.", "en-us+m7")])]
def babble(seed, n):
    x = np.zeros(n)
    for i, t in enumerate(talkers):
        shift = (seed + 7919 * i) % len(t)
        x += t[(np.arange(n) + shift) % len(t)]
    return x
def cafe(n):
    x = babble(2000, n); r = np.sqrt(np.mean(x ** 2)); c = np.zeros(n); t = np.arange(rate // 10) / rate
    for _ in range(12):
        start, f, decay = rng.integers(n), 2000 + 3000 * rng.random(), 0.004 + 0.01 * rng.random()
        hit = (0.5 + rng.random()) * 4 * r * np.exp(-t / decay) * np.sin(2 * np.pi * f * t)
        end = min(n, start + len(hit)); c[start:end] += hit[:end - start]
    tt = np.arange(n) / rate
    hum = (np.sin(2 * np.pi * 50 * tt) + 0.5 * np.sin(2 * np.pi * 100 * tt) + 0.3 * np.sin(2 * np.pi * 150 * tt)) * 0.3 * r
    return x + c + hum
# One extra second of each noise for sox's profile (the same noise process, not under the speech).
noises = {"white": rng.standard_normal(frames + rate), "pink": pink(frames + rate),
          "babble": babble(1000, frames + rate), "cafe": cafe(frames + rate)}

amounts = [0.2, 0.25, 0.3]
rows, ours_total, sox_total = [], 0.0, np.zeros(len(amounts))
print(f"\nSI-SDR improvement, dB (espeak-ng speech, 16 kHz, 4 s)\n{'noise':7}{'SNR':>4}{'in':>8}{'ours':>8}" + "".join(f"{'sox ' + str(v):>10}" for v in amounts))
for kind, noise in noises.items():
    for snr in (0, 5, 10):
        mixture_noise = noise[:frames]
        scale = np.sqrt(np.sum(clean ** 2) / np.sum(mixture_noise ** 2) / 10 ** (snr / 10))
        noisy = clean + scale * mixture_noise
        write_wav(f"{work}/noisy.wav", noisy, rate)
        write_wav(f"{work}/noise.wav", scale * noise[frames:], rate)
        run(augment, "audio", "denoise", f"{work}/noisy.wav", "--out", f"{work}/ours.wav")
        run("sox", f"{work}/noise.wav", "-n", "noiseprof", f"{work}/noise.prof")
        soxes = []
        for v in amounts:
            run("sox", f"{work}/noisy.wav", f"{work}/sox.wav", "noisered", f"{work}/noise.prof", str(v))
            soxes.append(read_wav(f"{work}/sox.wav"))
        n = min(len(s) for s in soxes)
        ours = read_wav(f"{work}/ours.wav")[:n]
        before = si_sdr(noisy[:n], clean[:n])
        gain_ours = si_sdr(ours, clean[:n]) - before
        gain_sox = np.array([si_sdr(s[:n], clean[:n]) - before for s in soxes])
        ours_total += gain_ours; sox_total += gain_sox
        print(f"{kind:7}{snr:>4}{before:>8.2f}{gain_ours:>8.2f}" + "".join(f"{g:>10.2f}" for g in gain_sox))
cases = 12
best = int(np.argmax(sox_total))
print(f"mean improvement: ours {ours_total / cases:.2f} dB; sox noisered {amounts[best]} (its best) {sox_total[best] / cases:.2f} dB")

# Speed: 60 s at 48 kHz mono (the clean speech looped over pink noise at 5 dB), whole commands, best of 3.
sr = 48000
write_wav(f"{work}/clean16.wav", clean, rate)
run("sox", f"{work}/clean16.wav", "-e", "floating-point", "-b", "32", f"{work}/clean48.wav", "rate", "-v", str(sr))
speech48 = np.tile(read_wav(f"{work}/clean48.wav"), 15)[:60 * sr]
noise48 = pink(60 * sr + sr)
scale = np.sqrt(np.sum(speech48 ** 2) / np.sum(noise48[:60 * sr] ** 2) / 10 ** 0.5)
write_wav(f"{work}/long.wav", speech48 + scale * noise48[:60 * sr], sr)
write_wav(f"{work}/long-noise.wav", scale * noise48[60 * sr:], sr)
run("sox", f"{work}/long-noise.wav", "-n", "noiseprof", f"{work}/long.prof")
def best_of_3(*args):
    times = []
    for _ in range(3):
        t0 = time.perf_counter(); run(*args); times.append(time.perf_counter() - t0)
    return min(times)
t_ours = best_of_3(augment, "audio", "denoise", f"{work}/long.wav", "--out", f"{work}/long-ours.wav")
t_sox = best_of_3("sox", f"{work}/long.wav", f"{work}/long-sox.wav", "noisered", f"{work}/long.prof", "0.2")
print(f"\nspeed, 60 s 48 kHz mono, whole commands (best of 3):\n  augment audio denoise  {t_ours:6.2f} s  RTF {60 / t_ours:6.1f}x\n  sox noisered 0.2       {t_sox:6.2f} s  RTF {60 / t_sox:6.1f}x\n  ratio sox/augment      {t_sox / t_ours:6.2f}")
EOT
