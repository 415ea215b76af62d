// Calls to the explorer's JSON API (same origin).

import type { ScenarioFileReply } from '../../src/server/explorerApi.ts';
import type {
  ExplorerMeta,
  ExplorerReply,
  ExplorerResponse,
  ExplorerResult,
} from '../../src/server/explorerView.ts';
import type { ScenarioConventions, ScenarioRequest } from '../../src/server/scenarioSchema.ts';
import { withBaselineCopies } from './baselineCopies.ts';

export type { ExplorerMeta, ExplorerResponse, ScenarioConventions, ScenarioFileReply, ScenarioRequest };

/** An error reply of the API: message and, for validation errors, the field it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function asJson<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as {
    error?: string;
    field?: string;
  };
  if (!res.ok) throw new ApiError(res.status, body.error ?? `HTTP ${res.status}`, body.field);
  return body as T;
}

export async function getMeta(): Promise<ExplorerMeta> {
  return asJson(await fetch('api/meta'));
}

export async function getMap(): Promise<unknown> {
  const res = await fetch('api/map');
  if (!res.ok) throw new ApiError(res.status, `map: HTTP ${res.status}`);
  return res.json();
}

export async function getBaseline(): Promise<ExplorerResponse> {
  return asJson(await fetch('api/baseline'));
}

const postJson = (path: string, body: unknown, signal?: AbortSignal) =>
  fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });

/** The baseline (no policy lever) under other conventions: computed once per convention set. */
export async function getBaselineFor(
  conventions: ScenarioConventions,
  signal?: AbortSignal,
): Promise<ExplorerResponse> {
  return asJson(await postJson('api/baseline', { conventions }, signal));
}

/** The file Save writes (exact bytes, SHA-256) and the `vchain run` commands that re-run it. */
export async function scenarioFile(s: ScenarioRequest): Promise<ScenarioFileReply> {
  return asJson(await postJson('api/scenario-file', s));
}

/** Runs a what-if; what the reply leaves out as equal to the baseline is taken from `baseline`. */
export async function runScenario(
  s: ScenarioRequest,
  baseline: ExplorerResult,
  signal?: AbortSignal,
): Promise<ExplorerResponse> {
  const reply = await asJson<ExplorerReply>(await postJson('api/scenario', s, signal));
  return withBaselineCopies(reply, baseline);
}
