import { z } from 'zod';
import { makeScenarioSchema, type ScenarioLabels } from '../io/scenarioFile.ts';
import {
  apiErrorSchema,
  baselineReplySchema,
  healthReplySchema,
  metaReplySchema,
  provinceMapSchema,
  scenarioFileReplySchema,
  scenarioReplySchema,
} from './apiResponseSchemas.ts';
import { baselineRequestSchema } from './scenarioSchema.ts';

/** What the document is built for: the dataset's names (request enums) and this build. */
export interface OpenApiContext {
  readonly labels: ScenarioLabels;
  readonly datasetId: string;
  readonly version: string;
  readonly bodyLimitBytes: number;
}

/** JSON Schema (2020-12, OpenAPI 3.1's dialect) of a zod schema, without its own `$schema`. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
const errors = (codes: Record<string, string>) =>
  Object.fromEntries(Object.entries(codes).map(([code, what]) => [code, json('Error', what)]));

/**
 * The OpenAPI 3.1 document of the explorer API (`vchain serve`; served at GET /api/openapi.json,
 * written to docs/openapi.json by scripts/openapi.ts). Request bodies are the zod schemas the
 * server validates with, region and sector names listed for `ctx`'s dataset; replies are the
 * schemas of apiResponseSchemas.ts.
 */
export function explorerOpenApi(ctx: OpenApiContext): Record<string, unknown> {
  const scenario = makeScenarioSchema(ctx.labels);
  const bad = errors({
    '400': 'the body is not JSON or fails the schema; `field` names the first offending field',
    '413': `the body is larger than ${ctx.bodyLimitBytes} bytes`,
    '415': 'the body is not sent as application/json',
  });
  const refused = errors({
    '422': 'a valid what-if the models refuse (e.g. emissions outside the air-quality model’s range)',
  });
  const scenarioBody = {
    required: true,
    content: { 'application/json': { schema: ref('ScenarioRequest') } },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'vchain explorer API',
      version: ctx.version,
      summary: 'What-if runs of the value-chain, PM2.5 and health analysis behind `vchain serve`',
      description: `Local JSON API of the vchain explorer (docs/explorer.md). No authentication: it binds to loopback unless --host says otherwise. Region and sector names in this document are those of dataset ${ctx.datasetId}; GET /api/meta lists the served dataset's. Every GET route also answers HEAD. The API writes no files.`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    paths: {
      '/api/meta': {
        get: {
          operationId: 'getMeta',
          summary: 'Dataset, models, labels, conventions, presets and limits',
          responses: { '200': json('ExplorerMeta', 'labels and limits') },
        },
      },
      '/api/map': {
        get: {
          operationId: 'getMap',
          summary: 'Province outlines with the dataset’s region names',
          responses: {
            '200': {
              description: 'GeoJSON FeatureCollection',
              content: { 'application/geo+json': { schema: ref('ProvinceMap') } },
            },
          },
        },
      },
      '/api/baseline': {
        get: {
          operationId: 'getBaseline',
          summary: 'The run without any policy change, under the default conventions',
          responses: { '200': json('BaselineReply', 'the full result') },
        },
        post: {
          operationId: 'postBaseline',
          summary: 'The baseline under other measurement conventions (threshold, VSL, ERF, …)',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('BaselineRequest') } },
          },
          responses: { '200': json('BaselineReply', 'the full result'), ...bad, ...refused },
        },
      },
      '/api/scenario': {
        post: {
          operationId: 'postScenario',
          summary: 'A what-if: intensity, final-demand and trade rules under some conventions',
          requestBody: scenarioBody,
          responses: {
            '200': json(
              'ScenarioReply',
              'the result; blocks equal to the baseline’s (same conventions) come as { sameAsBaseline } references',
            ),
            ...bad,
            ...refused,
          },
        },
      },
      '/api/scenario-file': {
        post: {
          operationId: 'postScenarioFile',
          summary:
            'The scenario file the explorer’s Save writes, and the `vchain run` commands that re-run it',
          requestBody: scenarioBody,
          responses: { '200': json('ScenarioFileReply', 'file text, SHA-256 and commands'), ...bad },
        },
      },
      '/api/health': {
        get: {
          operationId: 'getHealth',
          summary: 'Liveness: the server answers and how many what-ifs it has served',
          responses: { '200': json('Health', 'alive') },
        },
      },
      '/api/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document, for the served dataset',
          responses: {
            '200': {
              description: 'OpenAPI 3.1 document',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        ScenarioRequest: jsonSchema(scenario, 'input'),
        BaselineRequest: jsonSchema(baselineRequestSchema, 'input'),
        ExplorerMeta: jsonSchema(metaReplySchema, 'output'),
        BaselineReply: jsonSchema(baselineReplySchema(scenario), 'output'),
        ScenarioReply: jsonSchema(scenarioReplySchema(scenario), 'output'),
        ScenarioFileReply: jsonSchema(scenarioFileReplySchema, 'output'),
        Health: jsonSchema(healthReplySchema, 'output'),
        ProvinceMap: jsonSchema(provinceMapSchema, 'output'),
        Error: jsonSchema(apiErrorSchema, 'output'),
      },
    },
  };
}
