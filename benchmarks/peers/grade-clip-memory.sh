#!/usr/bin/env bash
# Constant memory when grading video: `augment color match` on a short and a long 1080p H.264 clip
# (same content generator, lengths differ 4x), each timed once under /usr/bin/time. The clip is
# graded with one MKL fit on five key frames, then streamed frame by frame through ffmpeg in and out
# with the audio copied. Peak memory must not grow with the clip's length: the script fails when the
# long clip's peak exceeds the short clip's by more than TOLERANCE_MIB.
# The peer here is ffmpeg itself: a plain decode + encode of the same clip (`ffmpeg -i clip -c:v
# libx264 out.mp4`), the floor any grading tool that re-encodes must pay.
# Usage: bash benchmarks/peers/grade-clip-memory.sh [--seconds N]   (default 10; the long clip is 4N)
set -euo pipefail

TOLERANCE_MIB=64
SECONDS_SHORT=10
[[ "${1:-}" == "--seconds" ]] && SECONDS_SHORT="$2"
SECONDS_LONG=$((SECONDS_SHORT * 4))
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/grade-clip-memory.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

if ! command -v ffmpeg >/dev/null; then
  echo "ffmpeg is missing: apt-get install -y --no-install-recommends ffmpeg" >&2
  exit 2
fi

dotnet build -c Release "$ROOT/src/Augment.Cli" -p:ArtifactsPath="$WORK/build" -nologo -v quiet >/dev/null
AUGMENT=$(find "$WORK/build/bin" -name augment.dll -print -quit)

make_clip() { # seconds path
  ffmpeg -v error -f lavfi -i "testsrc2=size=1920x1080:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
    -t "$1" -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest "$2"
}
make_clip "$SECONDS_SHORT" "$WORK/short.mp4"
make_clip "$SECONDS_LONG" "$WORK/long.mp4"
# The reference look: one warm still of the same generator.
ffmpeg -v error -f lavfi -i "testsrc2=size=1920x1080:rate=25" -frames:v 1 -vf "colorchannelmixer=rr=1.2:bb=0.8" "$WORK/hero.png"

run() { # label command...
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >/dev/null
  read -r wall kib <"$WORK/time.txt"
  echo "$label $wall $((kib / 1024))"
}

read -r _ s_wall s_mib < <(run short dotnet "$AUGMENT" color match --reference "$WORK/hero.png" "$WORK/short.mp4" --out "$WORK/out-short" --json)
read -r _ l_wall l_mib < <(run long dotnet "$AUGMENT" color match --reference "$WORK/hero.png" "$WORK/long.mp4" --out "$WORK/out-long" --json)
read -r _ f_wall f_mib < <(run ffmpeg ffmpeg -v error -i "$WORK/long.mp4" -c:v libx264 -preset medium -c:a copy "$WORK/ffmpeg-long.mp4")

frames_long=$((SECONDS_LONG * 25))
printf '%-34s %-22s %8s %10s %14s\n' task input "wall s" "peak MiB" "frames/s"
printf '%-34s %-22s %8s %10s %14s\n' "augment color match (mkl)" "${SECONDS_SHORT} s 1080p25" "$s_wall" "$s_mib" "$(awk -v f=$((SECONDS_SHORT * 25)) -v t="$s_wall" 'BEGIN{printf "%.1f", f/t}')"
printf '%-34s %-22s %8s %10s %14s\n' "augment color match (mkl)" "${SECONDS_LONG} s 1080p25" "$l_wall" "$l_mib" "$(awk -v f=$frames_long -v t="$l_wall" 'BEGIN{printf "%.1f", f/t}')"
printf '%-34s %-22s %8s %10s %14s\n' "ffmpeg decode+encode (peer floor)" "${SECONDS_LONG} s 1080p25" "$f_wall" "$f_mib" "$(awk -v f=$frames_long -v t="$f_wall" 'BEGIN{printf "%.1f", f/t}')"
growth=$((l_mib - s_mib))
echo "peak growth from ${SECONDS_SHORT} s to ${SECONDS_LONG} s: ${growth} MiB (one 1080p float RGB frame is 24 MiB; tolerance ${TOLERANCE_MIB} MiB)"
if ((growth > TOLERANCE_MIB)); then
  echo "FAIL: memory grows with clip length" >&2
  exit 1
fi
