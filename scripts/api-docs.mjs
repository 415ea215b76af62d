#!/usr/bin/env node
// `npm run api-docs`: the typed API pages of the public modules (package.json "exports":
// vchain/mrio, air, health, analysis, io, equity), generated from the compiled declarations
// (dist/<module>/index.d.ts, `npm run build`) by API Extractor (doc model) and API Documenter
// (Markdown) into docs/api/<module>/. Both tools bring their own TypeScript compiler, so they
// read what our tsc emits whatever its version.
//
//   node scripts/api-docs.mjs [--out DIR] [module…]   (default: docs/api, every module)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const exported = Object.keys(pkg.exports)
  .filter((k) => k !== './package.json')
  .map((k) => k.slice(2));
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? resolve(args[outAt + 1]) : join(ROOT, 'docs', 'api');
const named = args.filter((a, i) => a !== '--out' && i !== outAt + 1);
for (const m of named)
  if (!exported.includes(m)) throw new Error(`'${m}' is not a public module (${exported.join(', ')})`);
const modules = named.length > 0 ? named : exported;
const work = join(ROOT, 'tmp', `api-model-${process.pid}`);

const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--if-stale', '--quiet'], {
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);

const documenter = join(
  dirname(createRequire(import.meta.url).resolve('@microsoft/api-documenter/package.json')),
  'bin',
  'api-documenter',
);
for (const m of modules) {
  rmSync(join(out, m), { recursive: true, force: true });
  const entry = join(ROOT, 'dist', m, 'index.d.ts');
  if (!existsSync(entry)) throw new Error(`${entry} missing: run npm run build`);
  const model = join(work, m);
  rmSync(model, { recursive: true, force: true });
  mkdirSync(model, { recursive: true });
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: ROOT,
      mainEntryPointFilePath: entry,
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2023',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            types: ['node'],
          },
          files: [entry],
        },
      },
      apiReport: { enabled: false },
      docModel: { enabled: true, apiJsonFilePath: join(model, 'vchain.api.json') },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: { default: { logLevel: 'none' } },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
    configObjectFullPath: join(ROOT, 'api-extractor.json'),
    packageJsonFullPath: join(ROOT, 'package.json'),
    packageJson: { ...pkg, name: `vchain-${m}` },
  });
  const r = Extractor.invoke(config, { localBuild: true, showVerboseMessages: false });
  if (!r.succeeded) throw new Error(`API Extractor failed on vchain/${m}`);
  const d = spawnSync(process.execPath, [documenter, 'markdown', '-i', model, '-o', join(out, m)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (d.status !== 0) throw new Error(`API Documenter failed on vchain/${m}`);
  process.stderr.write(`${join(out, m)}/: vchain/${m}\n`);
}
rmSync(work, { recursive: true, force: true });
