#!/usr/bin/env bash
# Content-aware fill of a 2-megapixel picture with a 5 % hole: `augment image fill` vs OpenCV's Telea
# inpainting (one thread) and ffmpeg's removelogo, each run once on the same PNGs; prints seconds and
# the quality of each fill against the removed truth (fill-vs-opencv.py). Exit 1 when Augment's hole
# PSNR is not above Telea's. Usage: bash benchmarks/peers/fill-vs-opencv.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/fill-vs-opencv.XXXXXX)"
ARTIFACTS="${AUGMENT_PEER_ARTIFACTS:-/tmp/aug-fill-peer}"
trap 'rm -rf "$WORK"' EXIT

if ! /usr/bin/python3 -c "import cv2, numpy, skimage" 2>/dev/null; then
  echo "OpenCV / scikit-image are missing for /usr/bin/python3: apt-get install -y --no-install-recommends python3-opencv python3-skimage" >&2
  exit 2
fi
command -v ffmpeg >/dev/null || { echo "ffmpeg is missing: apt-get install -y ffmpeg" >&2; exit 2; }

dotnet build "$ROOT/src/Augment.Cli" -c Release -p:ArtifactsPath="$ARTIFACTS" -v quiet -nologo >/dev/null
/usr/bin/python3 "$ROOT/benchmarks/peers/fill-vs-opencv.py" "$ARTIFACTS/bin/Augment.Cli/release/augment" "$WORK"
