#!/usr/bin/env bash
# BSS-Eval v4 (museval definitions: 512-tap filters over the whole track, 1 s windows, 1 s hop): Augment's BssEval
# vs the numpy/scipy re-implementation in tests/Augment.Audio.Tests/Separation/Metrics/bss_eval_v4.py (float64,
# LU solve and fftconvolve per window as museval does), on the same 4 stereo stems x 30 s at 44.1 kHz.
# Whole evaluation timed on both sides (input generation and process start excluded); all cores on both sides.
# Fails when a median SDR/ISR/SIR/SAR differs by more than TOLERANCE_DB.
# Usage: bash benchmarks/peers/bss-eval-vs-numpy.sh [--seconds N]
set -euo pipefail
TOLERANCE_DB=0.01
SECONDS_LONG=30
if [[ "${1:-}" == "--seconds" ]]; then SECONDS_LONG="$2"; fi
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/bss-eval-vs-numpy.XXXXXX)"
ARTIFACTS="${AUGMENT_ARTIFACTS:-$WORK/artifacts}"
trap 'rm -rf "$WORK"' EXIT
if ! /usr/bin/python3 -c "import numpy, scipy" 2>/dev/null; then
  echo "numpy/scipy are missing for /usr/bin/python3: apt-get install -y --no-install-recommends python3-numpy python3-scipy" >&2
  exit 2
fi
RATE=44100; S=4; C=2; N=$((SECONDS_LONG * RATE))
/usr/bin/python3 - "$WORK/input.f32" $S $C $N <<'EOF2'
import sys
import numpy as np
from scipy.signal import lfilter
path, s, c, n = sys.argv[1], *map(int, sys.argv[2:])
rng = np.random.default_rng(7)
refs = np.stack([lfilter([1 - p], [1, -p], rng.uniform(-1, 1, (c, n)), axis=1) for p in 0.5 + 0.1 * np.arange(s)])
ests = refs + 0.2 * np.roll(refs, -1, axis=0) + 0.02 * rng.uniform(-1, 1, refs.shape)
np.concatenate([refs, ests]).astype(np.float32).tofile(path)
EOF2
nice dotnet build -c Release "$ROOT/benchmarks/Augment.Benchmarks" -p:ArtifactsPath="$ARTIFACTS" >/dev/null
AUG_OUT="$(/usr/bin/time -f '%e %M' -o "$WORK/aug.time" "$ARTIFACTS/bin/Augment.Benchmarks/release/Augment.Benchmarks" bss-eval-measure "$WORK/input.f32" $S $C $N $RATE)"
PEER_OUT="$(/usr/bin/time -f '%e %M' -o "$WORK/peer.time" /usr/bin/python3 "$ROOT/tests/Augment.Audio.Tests/Separation/Metrics/bss_eval_v4.py" "$WORK/input.f32" $S $C $N $RATE $RATE 512 --time --medians)"
/usr/bin/python3 - "$AUG_OUT" "$PEER_OUT" "$(cat "$WORK/aug.time")" "$(cat "$WORK/peer.time")" "$SECONDS_LONG" "$TOLERANCE_DB" <<'EOF2'
import sys
aug, peer, aug_time, peer_time, seconds, tol = sys.argv[1:]
def parse(text):
    seconds = float(text.splitlines()[0].split(': ')[1].split()[0])
    medians = {l.split()[1]: [float(v) for v in l.split()[2:]] for l in text.splitlines() if l.startswith('median')}
    return seconds, medians
a_s, a_m = parse(aug); p_s, p_m = parse(peer)
diff = max(abs(x - y) for k in a_m for x, y in zip(a_m[k], p_m[k]))
a_mib = int(aug_time.split()[1]) / 1024; p_mib = int(peer_time.split()[1]) / 1024
print(f"{'task':28} {'input':22} {'numpy s':>8} {'augment s':>10} {'ratio':>6}  {'peak MiB (peer/aug)':>20}  max median diff")
print(f"{'bss_eval v4 (museval)':28} {'4 st. stems ' + seconds + ' s 44.1k':22} {p_s:8.2f} {a_s:10.2f} {p_s / a_s:5.1f}x  {p_mib:9.0f} / {a_mib:<8.0f}  {diff:.4f} dB")
sys.exit(0 if diff <= float(tol) else 1)
EOF2
