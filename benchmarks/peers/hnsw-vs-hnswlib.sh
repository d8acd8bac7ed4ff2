#!/usr/bin/env bash
# HnswIndex vs hnswlib (the HNSW authors' C++ library, Debian python3-hnswlib) on the same generated data:
# `Augment.Benchmarks hnsw-measure` builds the index, prints recall@10 against exact search and per-query
# latency for each ef, and dumps the raw float32 data; hnsw-vs-hnswlib.py then builds hnswlib with the same
# M / efConstruction / threads on that data and prints the same table. Compare the two tables row by row.
# Usage: bash benchmarks/peers/hnsw-vs-hnswlib.sh [random|clustered] [N=100000] [DIM=512] [M=16] [efC=200] [threads=2] [ef list]
# Needs about 3 x N x DIM x 4 bytes of memory and 2 x that of /tmp space.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/hnsw-vs-hnswlib.XXXXXX)"
ARTIFACTS="${AUGMENT_PEER_ARTIFACTS:-/tmp/aug-hnsw-peer}"
trap 'rm -rf "$WORK"' EXIT
KIND="${1:-clustered}" N="${2:-100000}" DIM="${3:-512}" M="${4:-16}" EFC="${5:-200}" THREADS="${6:-2}" EFS="${7:-16,32,64,128,256}"

if ! /usr/bin/python3 -c "import hnswlib, numpy" 2>/dev/null; then
  apt-get install -y -q --no-install-recommends python3-hnswlib python3-numpy >/dev/null \
    || { echo "hnswlib is missing for /usr/bin/python3 and could not be installed (apt-get install python3-hnswlib)" >&2; exit 2; }
fi

dotnet build "$ROOT/benchmarks/Augment.Benchmarks" -c Release -p:ArtifactsPath="$ARTIFACTS" -v quiet -nologo >/dev/null
echo "## Augment HnswIndex"
"$ARTIFACTS/bin/Augment.Benchmarks/release/Augment.Benchmarks" hnsw-measure "$KIND" "$N" "$DIM" "$M" "$EFC" "$THREADS" 200 "$EFS" "$WORK" 2>/dev/null
echo "## hnswlib"
/usr/bin/python3 "$ROOT/benchmarks/peers/hnsw-vs-hnswlib.py" "$WORK" "$DIM" "$M" "$EFC" "$THREADS" "$EFS"
