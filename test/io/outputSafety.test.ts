import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AtomicOutputDir } from '../../src/io/atomicOutput.ts';
import {
  buildOutputManifest,
  checkFolderTarget,
  isSealedUnchanged,
  isWithin,
  manifestProblems,
  realResolve,
  sealJson,
} from '../../src/io/outputSafety.ts';

describe('sealed JSON (single-file outputs vchain may replace)', () => {
  it('a sealed object parses to itself plus the seal, and is recognised', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const text = JSON.stringify(obj);
        if (text === '{}') return; // an empty object cannot take a member after a comma
        const sealed = sealJson(text);
        const parsed = JSON.parse(sealed);
        expect(typeof parsed.vchainSha256).toBe('string');
        delete parsed.vchainSha256;
        expect(JSON.stringify(parsed)).toBe(text);
        expect(isSealedUnchanged(Buffer.from(sealed))).toBe(true);
      }),
    );
  });
  it('any one-character edit breaks the seal', () => {
    const sealed = sealJson(JSON.stringify({ a: [1, 2, 3], b: 'coefficients', c: { d: 1e-9 } }));
    const body = sealed.indexOf(',"vchainSha256"');
    for (let k = 0; k < body; k++) {
      const edited = sealed.slice(0, k) + (sealed[k] === '1' ? '2' : '1') + sealed.slice(k + 1);
      expect(isSealedUnchanged(Buffer.from(edited)), `edit at ${k}`).toBe(false);
    }
    expect(isSealedUnchanged(Buffer.from('{"a":1}\n'))).toBe(false);
  });
});

describe('paths', () => {
  it('isWithin: equal, inside, sibling with a common prefix, parent', () => {
    expect(isWithin('/a/b', '/a/b')).toBe(true);
    expect(isWithin('/a/b/c', '/a/b')).toBe(true);
    expect(isWithin('/a/bc', '/a/b')).toBe(false);
    expect(isWithin('/a', '/a/b')).toBe(false);
    expect(isWithin('/a/..b', '/a')).toBe(true);
  });
  it('realResolve follows links of the existing prefix and keeps the rest', () => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'vchain-real-')));
    mkdirSync(join(d, 'real'));
    symlinkSync(join(d, 'real'), join(d, 'alias'));
    expect(realResolve(join(d, 'alias', 'new', 'x'))).toBe(join(d, 'real', 'new', 'x'));
  });
});

describe('manifest of an earlier output', () => {
  it('lists every file; finds foreign and changed files; allows deleted ones', () => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'vchain-man-')));
    const out = new AtomicOutputDir(join(d, 'out'), { command: 'test' });
    out.write('a.csv', 'x\n');
    out.write('sub/b.csv', 'y\n');
    out.commit();
    const state = checkFolderTarget(join(d, 'out'));
    expect(state.kind).toBe('vchain');
    if (state.kind !== 'vchain') return;
    expect(state.manifest.files.map((f) => f.path)).toEqual(['a.csv', 'sub/b.csv']);
    expect(manifestProblems(join(d, 'out'), state.manifest)).toEqual([]);
    writeFileSync(join(d, 'out', 'sub', 'b.csv'), 'edited\n');
    writeFileSync(join(d, 'out', 'mine.txt'), 'mine\n');
    const problems = manifestProblems(join(d, 'out'), state.manifest);
    expect(problems.join(' ')).toContain('mine.txt');
    expect(problems.join(' ')).toContain('sub/b.csv');
    expect(buildOutputManifest(join(d, 'out'), 't').files.map((f) => f.path)).toEqual([
      'a.csv',
      'mine.txt',
      'sub/b.csv',
    ]);
  });
  it('replacing an earlier output removes its files and leaves nothing beside it', () => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'vchain-rep-')));
    for (const content of ['first', 'second']) {
      const out = new AtomicOutputDir(join(d, 'o'));
      out.write(content === 'first' ? 'only-first.txt' : 'only-second.txt', content);
      out.commit();
    }
    expect(buildOutputManifest(d, 't').files.map((f) => f.path)).toEqual([
      'o/only-second.txt',
      'o/vchain-output.json',
    ]);
  });
  it('abort removes the temp folder and the parents it created', () => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), 'vchain-abort-')));
    const out = new AtomicOutputDir(join(d, 'x', 'y', 'z'));
    out.write('f', '1');
    out.abort();
    expect(buildOutputManifest(d, 't').files).toEqual([]);
    expect(() => checkFolderTarget(d)).not.toThrow();
  });
});
