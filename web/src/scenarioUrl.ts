// The scenario in the page's URL (#scenario=<JSON>), so a reload or a shared link shows it again.
import type { ScenarioRequest } from './api.ts';

const KEY = 'scenario';

/** Puts the scenario in the URL fragment (no history entry per edit); the empty scenario clears it. */
export function writeScenarioToUrl(s: ScenarioRequest): void {
  const empty = s.intensity.length + s.finalDemand.length + s.trade.length === 0;
  const onlyDefaults = empty && Object.keys(s.conventions).length === 0;
  const hash = onlyDefaults ? '' : `#${KEY}=${encodeURIComponent(JSON.stringify(s))}`;
  if (hash !== window.location.hash)
    history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
}

/**
 * The scenario of the URL fragment over `empty` (its conventions completed), or the reason it
 * cannot be read. The server validates it when it is computed.
 */
export function readScenarioFromUrl(empty: ScenarioRequest): { scenario?: ScenarioRequest; error?: string } {
  const raw = new URLSearchParams(window.location.hash.slice(1)).get(KEY);
  if (raw === null) return {};
  try {
    const parsed = JSON.parse(raw) as Partial<ScenarioRequest>;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return { error: 'the scenario in the address is not a JSON object' };
    return {
      scenario: {
        ...empty,
        ...parsed,
        conventions: { ...empty.conventions, ...(parsed.conventions ?? {}) },
      } as ScenarioRequest,
    };
  } catch (e) {
    return { error: `the scenario in the address cannot be read: ${(e as Error).message}` };
  }
}
