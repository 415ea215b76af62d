// `npm run openapi`: writes docs/openapi.json, the OpenAPI 3.1 document of the explorer API for
// the embedded dataset (the one `vchain serve` serves at /api/openapi.json without --dataset).
// `--check` only compares (exit 1 when docs/openapi.json is stale).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDefaultDataset } from '../src/io/defaultDataset.ts';
import { vchainVersion } from '../src/io/runManifest.ts';
import { explorerOpenApi } from '../src/server/openApi.ts';
import { DEFAULT_BODY_LIMIT_BYTES } from '../src/server/requestBody.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OPENAPI_FILE = join(ROOT, 'docs', 'openapi.json');

/** The document for the embedded dataset, as written to docs/openapi.json. */
export function defaultOpenApiText(): string {
  const ds = loadDefaultDataset();
  const doc = explorerOpenApi({
    labels: ds.mrio,
    datasetId: ds.provenance.id,
    version: vchainVersion(),
    bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
  });
  return `${JSON.stringify(doc, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = defaultOpenApiText();
  if (process.argv.includes('--check')) {
    const old = readFileSync(OPENAPI_FILE, 'utf8');
    if (old !== text) {
      process.stderr.write('docs/openapi.json is stale: run `npm run openapi`\n');
      process.exit(1);
    }
  } else {
    writeFileSync(OPENAPI_FILE, text);
    process.stderr.write(`wrote ${OPENAPI_FILE} (${text.length} bytes)\n`);
  }
}
