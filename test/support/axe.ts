import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Screenshots of the browser tests go here (gitignored): look at them after a change. */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, name);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  readonly help: string;
  readonly nodes: number;
  readonly targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A/AA rules and best practices) inside the page and returns its
 * violations. The script is injected from the installed package; nothing is fetched.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<unknown> } })
      .axe;
    const res = (await axe.run(document, { resultTypes: ['violations'] })) as {
      violations: {
        id: string;
        impact: AxeViolation['impact'];
        help: string;
        nodes: { target: string[] }[];
      }[];
    };
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
}

/** Violations a page must not have: serious or critical. */
export const blocking = (v: readonly AxeViolation[]) =>
  v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
