// The command line starts light: `--version` and every `--help` load commander and the option
// definitions only (cli/definitions/*), never a command's work, a reader, zod, ExcelJS or ECharts
// (start-up time itself is a bench figure: bench/startup.bench.ts). Commands never import each other.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TRACE = join(ROOT, 'test/support/loadedModules.mjs');

function loadedBy(args: string[]): { status: number | null; stdout: string; modules: string[] } {
  const r = spawnSync(process.execPath, ['--import', TRACE, join(ROOT, 'bin/vchain.js'), ...args], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  const list = r.stderr.split('--- loaded modules ---\n')[1] ?? '';
  return {
    status: r.status,
    stdout: r.stdout,
    modules: list.split('\n').filter((l) => l.startsWith('file:')),
  };
}

const COMMANDS = [
  'decompose',
  'run',
  'health',
  'serve',
  'dataset',
  'rsm',
  'uncertainty',
  'merge',
  'scenario',
];
const SUBCOMMANDS = [
  ['dataset', 'build'],
  ['dataset', 'info'],
  ['dataset', 'export'],
  ['rsm', 'build'],
  ['rsm', 'validate'],
  ['rsm', 'predict'],
  ['rsm', 'baseline-emissions'],
  ['scenario', 'schema'],
  ['scenario', 'example'],
  ['scenario', 'check'],
];

/** Commands (or subcommands of `parent`) that `vchain [parent] --help` lists. */
function listedCommands(parent: string[]): string[] {
  const help = loadedBy([...parent, '--help']).stdout.split('Commands:\n')[1] ?? '';
  return [...help.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]).filter((c) => c !== 'help');
}

describe('vchain start-up', () => {
  const cases = [
    ['--version'],
    ['--help'],
    ...COMMANDS.map((c) => [c, '--help']),
    ...SUBCOMMANDS.map((c) => [...c, '--help']),
  ];
  it.each(cases.map((args) => ({ line: args.join(' '), args })))(
    'vchain $line loads the compiled definitions and commander only',
    ({ args }) => {
      const r = loadedBy(args);
      expect(r.status).toBe(0);
      const packages = r.modules.filter((m) => m.includes('/node_modules/'));
      expect(
        packages.every((m) => m.includes('/node_modules/commander/')),
        packages.join('\n'),
      ).toBe(true);
      const own = r.modules.filter((m) => !m.includes('/node_modules/'));
      // Compiled JavaScript, no TypeScript loader.
      expect(
        own.every((m) => m.endsWith('.js')),
        own.join('\n'),
      ).toBe(true);
      expect(own.filter((m) => m.includes('/dist/cli/commands/'))).toEqual([]);
      expect(own.length, own.join('\n')).toBeLessThan(40);
    },
  );

  it('the cases above cover every command and subcommand the help lists', () => {
    expect(listedCommands([]).sort()).toEqual([...COMMANDS].sort());
    const subs = COMMANDS.flatMap((c) => listedCommands([c]).map((sub) => `${c} ${sub}`));
    expect(subs.sort()).toEqual(SUBCOMMANDS.map((c) => c.join(' ')).sort());
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(loadedBy(['--version']).stdout.trim()).toBe(pkg.version);
  });

  it('the help of uncertainty names the shard file the command writes', async () => {
    const { PART_FILE } = await import('../../src/io/uncertaintyParts.ts');
    expect(loadedBy(['uncertainty', '--help']).stdout).toContain(PART_FILE);
  });

  it('no command module imports another command module statically', () => {
    const dir = join(ROOT, 'src/cli/commands');
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8');
      const statics = [...text.matchAll(/^import[^;]*?from '([^']+)';/gms)]
        .filter((m) => !/^import type /.test(m[0]))
        .map((m) => m[1]);
      const siblings = statics.filter((s) => s.startsWith('./') || s.startsWith('../commands/'));
      expect(siblings, `${f} imports ${siblings.join(', ')}`).toEqual([]);
    }
  });
});
