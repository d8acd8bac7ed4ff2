// Reads each file with the C2PA reference implementation (@contentauth/c2pa-node 0.5.5, Reader.fromAsset)
// and prints one JSON line per file: {file, state, failure, informational, success, actions, labels, ingredients, thumbnail}. Used by ReferenceReaderTests.
const { Reader } = require('@contentauth/c2pa-node');

const mimeOf = (file) => file.endsWith('.png') ? 'image/png' : file.endsWith('.wav') ? 'audio/wav' : 'image/jpeg';

(async () => {
  for (const file of process.argv.slice(2)) {
    try {
      const reader = await Reader.fromAsset({ path: file, mimeType: mimeOf(file) });
      const json = reader.json();
      const active = json.manifests[json.active_manifest];
      const results = (json.validation_results && json.validation_results.activeManifest) || {};
      const actions = active.assertions
        .filter((a) => a.label.startsWith('c2pa.actions'))
        .flatMap((a) => a.data.actions.map((x) => x.action));
      console.log(JSON.stringify({
        file,
        state: json.validation_state,
        failure: (results.failure || []).map((x) => x.code),
        explanations: (results.failure || []).map((x) => x.explanation),
        informational: (results.informational || []).map((x) => x.code),
        success: (results.success || []).map((x) => x.code),
        actions,
        labels: active.assertions.map((a) => a.label),
        ingredients: (active.ingredients || []).map((i) => ({ title: i.title, relationship: i.relationship, active_manifest: i.active_manifest || null })),
        thumbnail: active.thumbnail ? active.thumbnail.format : null,
        deltas: ((json.validation_results && json.validation_results.ingredientDeltas) || []).map((d) => (d.validationDeltas.failure || []).map((x) => x.code)),
      }));
    } catch (e) {
      console.log(JSON.stringify({ file, error: String((e && e.message) || e) }));
    }
  }
})();
