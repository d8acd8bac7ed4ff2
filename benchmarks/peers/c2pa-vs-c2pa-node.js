// The c2pa-node side of c2pa-vs-c2pa-node.sh (@contentauth/c2pa-node 0.5.5, the reference C2PA implementation).
//   node c2pa-vs-c2pa-node.js sign <chain.pem> <key.pem> <in.jpg> <out.jpg>
//     signs a claim v2 manifest with one c2pa.created action (digitalCapture), ES256, no thumbnail (Augment
//     writes none, so both tools do the same work: hash the asset, sign, embed).
//   node c2pa-vs-c2pa-node.js read <file>...
//     prints one JSON line per file: {file, state, codes (success + informational + failure), failure, actions}.
const fs = require('fs');
const path = require('path');
const { Builder, LocalSigner, Reader } = require('@contentauth/c2pa-node');

const [mode, ...args] = process.argv.slice(2);

async function sign([chain, key, input, output]) {
  const signer = LocalSigner.newSigner(fs.readFileSync(chain), fs.readFileSync(key), 'es256');
  const definition = {
    claim_generator_info: [{ name: 'c2pa-node-peer', version: '0.5.5' }],
    title: path.basename(output),
    format: 'image/jpeg',
    assertions: [{
      label: 'c2pa.actions.v2',
      data: { actions: [{ action: 'c2pa.created', digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture' }] },
    }],
  };
  const builder = Builder.withJson(definition, { builder: { thumbnail: { enabled: false } } });
  builder.updateManifestProperty('claim_version', 2);
  if (fs.existsSync(output)) fs.unlinkSync(output);
  builder.sign(signer, { path: input, mimeType: 'image/jpeg' }, { path: output });
}

async function read(files) {
  for (const file of files) {
    try {
      const reader = await Reader.fromAsset({ path: file, mimeType: 'image/jpeg' });
      const json = reader.json();
      const active = json.manifests[json.active_manifest];
      const results = (json.validation_results && json.validation_results.activeManifest) || {};
      const codes = ['success', 'informational', 'failure'].flatMap((k) => (results[k] || []).map((x) => x.code));
      const actions = active.assertions
        .filter((a) => a.label.startsWith('c2pa.actions'))
        .flatMap((a) => a.data.actions.map((x) => x.action));
      console.log(JSON.stringify({ file, state: json.validation_state, codes, failure: (results.failure || []).map((x) => x.code), actions }));
    } catch (e) {
      console.log(JSON.stringify({ file, error: String((e && e.message) || e) }));
    }
  }
}

(mode === 'sign' ? sign(args) : mode === 'read' ? read(args) : Promise.reject(new Error('usage: sign|read ...')))
  .catch((e) => { console.error(String((e && e.stack) || e)); process.exit(1); });
