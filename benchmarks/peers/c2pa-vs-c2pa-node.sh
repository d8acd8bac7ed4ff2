#!/usr/bin/env bash
# C2PA Content Credentials on a 24-megapixel camera-sized JPEG (6000x4000, ~10 MB, ffmpeg testsrc2 + noise):
# `augment credentials sign` / `augment credentials verify --json` vs @contentauth/c2pa-node 0.5.5 (the reference
# C2PA implementation, c2pa-rs inside; driven by c2pa-vs-c2pa-node.js beside this script).
# Both sign with the same ES256 test certificate and key (tests/Augment.Provenance.Tests/Data/c2pa/certs) and the same
# single c2pa.created action (claim v2, no thumbnail). Every command is timed whole under /usr/bin/time (wall
# seconds, peak KiB): Node / .NET start-up, reading the file, hashing, signing and writing are all inside.
# Checks (exit 1 on any disagreement): each tool's signed file is read by the other tool and by itself; every read
# must be Valid (no trust list is given, so signingCredential.untrusted is expected) with actions [c2pa.created],
# and the two readers must report the same status codes for the same file apart from the trust ones.
# The issue's target for the library calls is under 100 ms each on one core (see ProvenanceBenchmarks).
# Usage: bash benchmarks/peers/c2pa-vs-c2pa-node.sh
#   env C2PA_NODE_DIR (default /tmp/c2pa-node-peer) holds node_modules; AUG_ARTIFACTS reuses a build folder.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/benchmarks/peers"
CERTS="$ROOT/tests/Augment.Provenance.Tests/Data/c2pa/certs"
WORK="$(mktemp -d /tmp/c2pa-vs-c2pa-node.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
PEER="${C2PA_NODE_DIR:-/tmp/c2pa-node-peer}"
ARTIFACTS="${AUG_ARTIFACTS:-$WORK/artifacts}"

if [[ ! -f "$PEER/node_modules/@contentauth/c2pa-node/package.json" ]]; then
  echo "installing @contentauth/c2pa-node@0.5.5 into $PEER..." >&2
  mkdir -p "$PEER" && (cd "$PEER" && npm install --no-audit --no-fund --ignore-scripts @contentauth/c2pa-node@0.5.5 >/dev/null 2>&1) \
    || { echo "npm install of @contentauth/c2pa-node failed" >&2; exit 2; }
fi
export NODE_PATH="$PEER/node_modules"
NODE_PEER=(node "$HERE/c2pa-vs-c2pa-node.js")

echo "generating a 6000x4000 JPEG..." >&2
ffmpeg -v error -y -f lavfi -i testsrc2=size=6000x4000 -vf noise=alls=20:allf=t -frames:v 1 -q:v 3 "$WORK/in.jpg"

echo "building augment (Release)..." >&2
dotnet build "$ROOT/src/Augment.Cli" -c Release -p:ArtifactsPath="$ARTIFACTS" -v quiet -nologo >/dev/null
AUGMENT="$ARTIFACTS/bin/Augment.Cli/release/augment"

# Signing: same certificate, key and action for both.
/usr/bin/time -f '%e %M' -o "$WORK/peer.sign.time" "${NODE_PEER[@]}" sign "$CERTS/es256.pub" "$CERTS/es256.pem" "$WORK/in.jpg" "$WORK/peer.jpg"
/usr/bin/time -f '%e %M' -o "$WORK/aug.sign.time" "$AUGMENT" credentials sign --cert "$CERTS/es256.pub" --key "$CERTS/es256.pem" \
  --action c2pa.created --source-type digitalCapture "$WORK/in.jpg" --out "$WORK/aug.jpg" >/dev/null

# Reading: each file by each tool (augment verify exits 1 on an invalid file; the JSON still says why).
for f in peer aug; do
  /usr/bin/time -f '%e %M' -o "$WORK/peer.read.$f.time" "${NODE_PEER[@]}" read "$WORK/$f.jpg" >"$WORK/peer.read.$f.json"
  /usr/bin/time -f '%e %M' -o "$WORK/aug.read.$f.time" "$AUGMENT" credentials verify --json "$WORK/$f.jpg" >"$WORK/aug.read.$f.json" || true
done

WORK="$WORK" /usr/bin/python3 - <<'PY'
import json, os
from collections import Counter
work = os.environ["WORK"]
TRUST = {"signingCredential.untrusted", "signingCredential.trusted"}

def seconds(name):
    # the last line: /usr/bin/time puts "Command exited with non-zero status N" first when a verify fails
    s, k = open(os.path.join(work, name + ".time")).read().strip().splitlines()[-1].split()
    return float(s), int(k) // 1024

def peer_read(f):
    line = json.loads(open(os.path.join(work, f"peer.read.{f}.json")).read().strip().splitlines()[-1])
    if "error" in line:
        return "error: " + line["error"], Counter(), []
    return line["state"], Counter(line["codes"]), line["actions"]

def aug_read(f):
    text = open(os.path.join(work, f"aug.read.{f}.json")).read()
    try:
        doc = json.loads(text)
    except ValueError:
        return "error: " + text.strip()[:200], Counter(), []
    results = (doc.get("validation_results") or {}).get("activeManifest") or {}
    codes = Counter(x["code"] for k in ("success", "informational", "failure") for x in results.get(k, []))
    active = doc["manifests"][doc["active_manifest"]]
    actions = [a["action"] for s in active.get("assertions", []) if s["label"].startswith("c2pa.actions")
               for a in s["data"]["actions"]]
    return doc["validation_state"], codes, actions

problems = []
reads = {}
for f in ("peer", "aug"):
    p, a = peer_read(f), aug_read(f)
    reads[f] = (p, a)
    for tool, (state, codes, actions) in (("c2pa-node", p), ("augment", a)):
        if state != "Valid":
            problems.append(f"{tool} reads {f}.jpg as {state}: {sorted(codes)}")
        if actions != ["c2pa.created"]:
            problems.append(f"{tool} reads {f}.jpg actions {actions}")
    pc = Counter({k: v for k, v in p[1].items() if k not in TRUST})
    ac = Counter({k: v for k, v in a[1].items() if k not in TRUST})
    if pc != ac:
        problems.append(f"status codes of {f}.jpg differ: only c2pa-node {sorted((pc - ac).elements())}, only augment {sorted((ac - pc).elements())}")

def agree(f):
    (ps, pc, pa), (as_, ac, aa) = reads[f]
    same = Counter({k: v for k, v in pc.items() if k not in TRUST}) == Counter({k: v for k, v in ac.items() if k not in TRUST})
    return f"c2pa-node {ps} {pa}, augment {as_} {aa}, codes {'same' if same else 'DIFFER'} ({sum(pc.values())}/{sum(ac.values())})"

size = os.path.getsize(os.path.join(work, "in.jpg"))
print(f"input: 6000x4000 JPEG, {size:,} bytes; signed sizes c2pa-node {os.path.getsize(os.path.join(work, 'peer.jpg')):,}, "
      f"augment {os.path.getsize(os.path.join(work, 'aug.jpg')):,}")
print(f"{'task':<30}{'input':>18}{'peer s':>8}{'augment s':>11}{'ratio':>8}  {'peak MiB (peer/aug)':>20}  agreement (reads of the file)")
input_size = f"24 MP, {size / 1e6:.1f} MB"
rows = [("sign (ES256, c2pa.created)", "peer.sign", "aug.sign", None),
        ("verify c2pa-node's file", "peer.read.peer", "aug.read.peer", "peer"),
        ("verify augment's file", "peer.read.aug", "aug.read.aug", "aug")]
for task, pt, at, f in rows:
    (ps, pk), (as_, ak) = seconds(pt), seconds(at)
    note = f"peer file: {agree('peer')}; augment file: {agree('aug')}" if f is None else agree(f)
    print(f"{task:<30}{input_size:>18}{ps:>8.2f}{as_:>11.2f}{ps / as_:>7.1f}x  {f'{pk} / {ak}':>20}  {note}")
if problems:
    raise SystemExit("DISAGREEMENT:\n  " + "\n  ".join(problems))
print("all reads Valid with actions [c2pa.created]; both readers report the same status codes apart from trust")
PY
