#!/usr/bin/env bash
# The prepared GPU check (docs/splat-training-gpu.md): a self-contained linux-x64 publish of Augment.GpuCheck (no .NET
# needed where it runs; under 64 MiB so that it travels to a lent GPU machine), then a run of it.
#   benchmarks/gpu-check/run.sh            publish, then run with the default scene (50k Gaussians, 256x256)
#   benchmarks/gpu-check/run.sh publish    publish only (to benchmarks/gpu-check/bin/publish, git-ignored)
#   benchmarks/gpu-check/run.sh run [args] run an existing publish (on the GPU machine), args passed through
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/bin/publish"
mode="${1:-all}"
[[ $# -gt 0 ]] && shift

if [[ $mode == all || $mode == publish ]]; then
    # Not trimmed: ILGPU finds the framework methods it remaps (System.Math, BitOperations, ...) by reflection at run
    # time, and even partial trimming removed some (MissingMethodException in RemappedIntrinsics, seen with
    # TrimMode=partial). One compressed single file keeps the folder small instead.
    dotnet publish "$here/Augment.GpuCheck.csproj" -c Release -r linux-x64 --self-contained \
        -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
        -p:DebugType=none "-p:ArtifactsPath=${AUGMENT_ARTIFACTS:-$here/bin/artifacts}" -o "$out"
    bytes=$(du -sb "$out" | cut -f1)
    echo "publish: $out, $((bytes / 1024 / 1024)) MiB ($bytes bytes)"
    if (( bytes >= 64 * 1024 * 1024 )); then
        echo "publish is over 64 MiB" >&2
        exit 1
    fi
fi
if [[ $mode == all || $mode == run ]]; then
    "$out/Augment.GpuCheck" "$@"
fi
