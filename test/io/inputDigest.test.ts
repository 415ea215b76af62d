// Input digests for run.json (src/io/inputDigest.ts) against node:crypto over the whole bytes, and
// the worker-thread variant against the same-thread one.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digestInput, digestInputsInBackground, sha256File } from '../../src/io/inputDigest.ts';

const dir = mkdtempSync(join(tmpdir(), 'vchain-digest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const whole = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('input digests', () => {
  // 9 MiB + 3 bytes: more than two 4 MiB pieces and a ragged end.
  const big = Buffer.alloc(9 * 2 ** 20 + 3);
  for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
  mkdirSync(join(dir, 'mrio', 'emission'), { recursive: true });
  writeFileSync(join(dir, 'mrio', 'Z.txt'), big);
  writeFileSync(join(dir, 'mrio', 'emission', 'F.txt'), 'a\tb\n');
  writeFileSync(join(dir, 'empty.txt'), '');

  it('hashes a file in pieces exactly as the whole bytes', () => {
    expect(sha256File(join(dir, 'mrio', 'Z.txt'))).toBe(whole(big));
    expect(sha256File(join(dir, 'empty.txt'))).toBe(whole(Buffer.alloc(0)));
  });

  it('digests a folder as the sorted list of its files', () => {
    const d = digestInput(join(dir, 'mrio'));
    // Code-unit order: 'Z.txt' sorts before 'emission'.
    const list = `${whole(big)}  Z.txt\n${whole(Buffer.from('a\tb\n'))}  emission/F.txt`;
    expect(d.sha256).toBe(whole(Buffer.from(list)));
    expect(d.bytes).toBe(big.length + 4);
  });

  it('gives the same digests from the worker thread, and reports a missing input', async () => {
    const paths = [join(dir, 'mrio'), join(dir, 'empty.txt')];
    expect(await digestInputsInBackground(paths).result()).toEqual(paths.map(digestInput));
    await expect(digestInputsInBackground([join(dir, 'missing')]).result()).rejects.toThrow(/ENOENT/);
  });
});
