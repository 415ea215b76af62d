// The explorer's OpenAPI document: valid OpenAPI 3.1 (checked by an independent validator
// against the specification's own JSON Schema), every route the server answers is in it and
// nothing else, the replies of the real server (embedded data) validate against the schemas it
// gives, and docs/openapi.json is the document the server serves for the embedded dataset.
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOpenApiText, OPENAPI_FILE } from '../../scripts/openapi.ts';
import { createExplorerApi } from '../../src/server/explorerApi.ts';
import { inProcessBackend } from '../../src/server/scenarioBackend.ts';
import { type RunningExplorer, startExplorer } from '../../src/server/startExplorer.ts';

interface Operation {
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}
type OpenApiDoc = { openapi: string; paths: Record<string, Record<string, Operation>> };

let app: RunningExplorer;
let doc: OpenApiDoc;
const ajv = new Ajv2020({ strict: false, allErrors: true });

beforeAll(async () => {
  app = await startExplorer({ port: 0, host: '127.0.0.1', log: () => {}, settings: { draws: 8 }, warmUp: 0 });
  doc = await (await fetch(`${app.url}api/openapi.json`)).json();
  ajv.addSchema(doc, 'openapi');
});

afterAll(async () => {
  await app?.close();
});

/** Validates `value` against the reply schema the document gives for this route and status. */
function checkReply(path: string, method: string, status: number, contentType: string, value: unknown) {
  const op = doc.paths[path]?.[method];
  expect(op, `${method.toUpperCase()} ${path} is documented`).toBeDefined();
  const media = op!.responses[String(status)]?.content?.[contentType.split(';')[0]!.trim()];
  expect(media, `${method.toUpperCase()} ${path} documents ${status} ${contentType}`).toBeDefined();
  const ref = media!.schema.$ref;
  if (!ref) return; // the document itself (checked whole below)
  const validate = ajv.getSchema(`openapi${ref}`)!;
  expect(
    validate(value),
    `${method.toUpperCase()} ${path} ${status}: ${ajv.errorsText(validate.errors)}`,
  ).toBe(true);
}

describe('OpenAPI document of the explorer API', () => {
  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const r = await new Validator().validate(doc as never);
    expect(r.errors ?? [], JSON.stringify(r.errors)).toEqual([]);
    expect(r.valid).toBe(true);
    // The validator does refuse a broken document (no info, a response without its description).
    const { info: _info, ...noInfo } = doc as unknown as Record<string, unknown>;
    expect((await new Validator().validate(noInfo as never)).valid).toBe(false);
    const undescribed = structuredClone(doc) as OpenApiDoc;
    delete (undescribed.paths['/api/meta']!.get!.responses['200'] as { description?: string }).description;
    expect((await new Validator().validate(undescribed as never)).valid).toBe(false);
  });

  it('lists exactly the routes the server answers, with their methods', () => {
    const api = createExplorerApi(inProcessBackend(app.engine!));
    const served = [
      ...Object.keys(api.get).map((r) => `get /api/${r}`),
      ...Object.keys(api.post).map((r) => `post /api/${r}`),
    ].sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
      .sort();
    expect(documented).toEqual(served);
  });

  it('every GET reply of the real server validates against its documented schema', async () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!ops.get) continue;
      const res = await fetch(`${app.url}${path.slice(1)}`);
      expect(res.status, path).toBe(200);
      const type = res.headers.get('content-type')!;
      checkReply(path, 'get', 200, type, await res.json());
    }
    // The reply schemas are not empty shells: a reply missing its fields fails them.
    for (const name of ['ExplorerMeta', 'BaselineReply', 'ScenarioReply', 'Health', 'ProvinceMap'])
      expect(ajv.getSchema(`openapi#/components/schemas/${name}`)!({}), name).toBe(false);
  });

  it('POST replies and errors validate against their documented schemas', async () => {
    const post = async (route: string, body: unknown) => {
      const res = await fetch(`${app.url}api/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, type: res.headers.get('content-type')!, json: await res.json() };
    };
    const whatIf = {
      name: 'Hebei SO2 halved',
      conventions: { threshold: 5, erf: 'gemm' },
      intensity: [{ regions: ['Hebei'], sectors: 'all', factors: { SO2: 0.5 } }],
    };
    const cases: [string, unknown, number][] = [
      ['scenario', whatIf, 200],
      ['scenario-file', whatIf, 200],
      ['baseline', { conventions: { threshold: 15, accounting: 'pif' } }, 200],
      ['scenario', { intensity: [{ regions: ['Atlantis'], sectors: 'all', factors: { SO2: 0.5 } }] }, 400],
      ['baseline', { conventions: { erf: 'linear' } }, 400],
    ];
    for (const [route, body, status] of cases) {
      const r = await post(route, body);
      expect(r.status, `${route} ${JSON.stringify(body)}`).toBe(status);
      checkReply(`/api/${route}`, 'post', status, r.type, r.json);
    }
    // A request body the schema refuses is refused by the document's schema too, and vice versa.
    const request = ajv.getSchema('openapi#/components/schemas/ScenarioRequest')!;
    expect(request(whatIf)).toBe(true);
    expect(request({ intensity: [{ regions: ['Atlantis'], sectors: 'all', factors: { SO2: 0.5 } }] })).toBe(
      false,
    );
    expect(request({ trade: [], unknownField: 1 })).toBe(false);
  });

  it('docs/openapi.json is the document served for the embedded dataset (npm run openapi)', () => {
    const text = defaultOpenApiText();
    expect(readFileSync(OPENAPI_FILE, 'utf8'), 'docs/openapi.json is stale: run `npm run openapi`').toBe(
      text,
    );
    expect(JSON.parse(text)).toEqual(doc);
  });
});
