#!/usr/bin/env bash
# Forward + backward of one 256x256 view of a 50k-Gaussian synthetic scene (SH degree 3): Augment's SIMD
# DifferentiableRasterizer against TorchSharp autograd of the same forward pass (TorchReferenceRasterizer, CPU libtorch).
# Prints both times, the ratio, and how far the images and gradients are apart.
# Usage: benchmarks/peers/rasterizer-vs-torch-autograd.sh [gaussians] [side] [repeats] [torch tile]
# The console project is not in Augment.Sdk.sln: it copies libtorch (~600 MB) into its output folder.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
artifacts=${AUGMENT_ARTIFACTS:-/tmp/augment-peers}
dotnet build -c Release "$root/benchmarks/peers/TorchRasterizerSpeed" -p:ArtifactsPath="$artifacts" >/dev/null
"$artifacts/bin/TorchRasterizerSpeed/release/TorchRasterizerSpeed" "$@"
