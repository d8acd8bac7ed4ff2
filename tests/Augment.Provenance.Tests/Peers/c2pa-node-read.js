// Reads each file with the C2PA reference implementation (@contentauth/c2pa-node 0.5.5, Reader.fromAsset)
// and prints one JSON line per file: {file, state, success, failure, explanations, informational, actions, labels, ingredients,
// thumbnail, deltas}. Used by ReferenceReaderTests.
// An argument "asset+store.c2pa" reads the asset against that sidecar (Reader.fromManifestDataAndAsset).
const { Reader } = require('@contentauth/c2pa-node');
const fs = require('fs');

const mimeOf = (file) => file.endsWith('.png') ? 'image/png' : file.endsWith('.wav') ? 'audio/wav'
  : file.endsWith('.webp') ? 'image/webp' : file.endsWith('.mp4') ? 'video/mp4' : file.endsWith('.mov') ? 'video/quicktime' : 'image/jpeg';

(async () => {
  for (const argument of process.argv.slice(2)) {
    const [file, sidecar] = argument.split('+');
    try {
      const reader = sidecar
        ? await Reader.fromManifestDataAndAsset(fs.readFileSync(sidecar), { path: file, mimeType: mimeOf(file) })
        : await Reader.fromAsset({ path: file, mimeType: mimeOf(file) });
      const json = reader.json();
      const active = json.manifests[json.active_manifest];
      const results = (json.validation_results && json.validation_results.activeManifest) || {};
      const actions = active.assertions
        .filter((a) => a.label.startsWith('c2pa.actions'))
        .flatMap((a) => a.data.actions.map((x) => x.action));
      console.log(JSON.stringify({
        file: argument,
        state: json.validation_state,
        success: (results.success || []).map((x) => x.code),
        failure: (results.failure || []).map((x) => x.code),
        explanations: (results.failure || []).map((x) => x.explanation),
        informational: (results.informational || []).map((x) => x.code),
        actions,
        labels: active.assertions.map((a) => a.label),
        ingredients: (active.ingredients || []).map((i) => ({ title: i.title, relationship: i.relationship, active_manifest: i.active_manifest || null })),
        thumbnail: active.thumbnail ? active.thumbnail.format : null,
        deltas: ((json.validation_results && json.validation_results.ingredientDeltas) || []).map((d) => (d.validationDeltas.failure || []).map((x) => x.code)),
      }));
    } catch (e) {
      console.log(JSON.stringify({ file: argument, error: String((e && e.message) || e) }));
    }
  }
})();
