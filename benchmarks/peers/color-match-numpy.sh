#!/usr/bin/env bash
# Reinhard (OKLab) and MKL (linear sRGB) colour matching on a 12-megapixel frame: Augment vs an
# independent numpy implementation (color-match-numpy.py). Augment's side is the Release build of
# the Vision test PeerExportTests, which writes the frames, its outputs and its best-of-3 timings
# (all cores and one thread) to a folder; numpy then reruns both methods (best of 3, one thread as
# numpy runs) and prints the mean absolute difference and the speed ratios.
# Needs about 2 GB of free memory and /tmp space. Usage: bash benchmarks/peers/color-match-numpy.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/color-match-numpy.XXXXXX)"
ARTIFACTS="${AUGMENT_PEER_ARTIFACTS:-/tmp/aug-color-peer}"
trap 'rm -rf "$WORK"' EXIT

if ! /usr/bin/python3 -c "import numpy" 2>/dev/null; then
  echo "numpy is missing for /usr/bin/python3: apt-get install -y --no-install-recommends python3-numpy" >&2
  exit 2
fi

dotnet build "$ROOT/tests/Augment.Vision.Tests" -c Release -p:ArtifactsPath="$ARTIFACTS" -v quiet -nologo >/dev/null
AUGMENT_COLOR_PEER_DIR="$WORK" "$ARTIFACTS/bin/Augment.Vision.Tests/release/Augment.Vision.Tests" \
  -method "Augment.Vision.Tests.Matching.PeerExportTests.Exports_planes_and_timings_for_the_numpy_peer_when_asked" >/dev/null
/usr/bin/python3 "$ROOT/benchmarks/peers/color-match-numpy.py" "$WORK"
