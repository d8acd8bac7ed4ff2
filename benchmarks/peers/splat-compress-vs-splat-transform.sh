#!/usr/bin/env bash
# The issue's compression table: Augment's presets against splat-transform's SPZ and SOG on one synthetic scene with an
# analytic ground truth (SyntheticScene: paving, spheres, facades; 25% faint splats; no floaters, no pedestrian).
#   1. `splat-compression-table --scene-only` writes DIR/scene.ply (binary 3DGS PLY, SH degree 3).
#   2. `npx splat-transform scene.ply peer.spz` and `splat-transform -g cpu scene.ply peer.sog`
#      (@playcanvas/splat-transform 3.7.0), each timed as a whole command (wall seconds, Node start-up included).
#   3. `splat-compression-table` again with the peer files: compresses with every Augment preset to SOG, renders 16 ring
#      views (480x270) of everything with Augment's renderer, and prints bytes, ratio against the PLY, PSNR/SSIM against
#      the ray-cast ground truth, the PSNR drop against the original splats, and PSNR against the original's renders.
# Targets (issue 6): a preset at >= 15x with <= 1 dB drop, another at >= 25x. Peers for context: SPZ ~10x, SOG ~15-20x.
# Usage: bash benchmarks/peers/splat-compress-vs-splat-transform.sh [--size N] [--out DIR]   (default 1000000 Gaussians)
set -euo pipefail

SIZE=1000000
OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
if [[ -z "$OUT" ]]; then
  OUT="$(mktemp -d /tmp/splat-compress-vs-st.XXXXXX)"
fi
mkdir -p "$OUT"
PEER=/tmp/splat-peer

if [[ ! -x "$PEER/node_modules/.bin/splat-transform" ]]; then
  echo "installing @playcanvas/splat-transform@3.7.0 into $PEER..." >&2
  mkdir -p "$PEER" && (cd "$PEER" && npm install --no-audit --no-fund @playcanvas/splat-transform@3.7.0 >/dev/null 2>&1) \
    || { echo "npm install of splat-transform failed" >&2; exit 2; }
fi
ST="$PEER/node_modules/.bin/splat-transform"

echo "building the benchmarks (Release)..." >&2
dotnet build "$ROOT/benchmarks/Augment.Benchmarks" -c Release -p:ArtifactsPath="$OUT/artifacts" -v quiet -nologo >/dev/null
TABLE="$OUT/artifacts/bin/Augment.Benchmarks/release/Augment.Benchmarks"

"$TABLE" splat-compression-table --size "$SIZE" --out "$OUT" --scene-only

/usr/bin/time -f '%e' -o "$OUT/spz.time" "$ST" -w "$OUT/scene.ply" "$OUT/peer.spz" >/dev/null 2>&1
/usr/bin/time -f '%e' -o "$OUT/sog.time" "$ST" -w -g cpu "$OUT/scene.ply" "$OUT/peer.sog" >/dev/null 2>&1

"$TABLE" splat-compression-table --size "$SIZE" --out "$OUT" \
  --peer-spz "$OUT/peer.spz" --peer-spz-seconds "$(cat "$OUT/spz.time")" \
  --peer-sog "$OUT/peer.sog" --peer-sog-seconds "$(cat "$OUT/sog.time")"
echo "table written to $OUT/table.md" >&2
