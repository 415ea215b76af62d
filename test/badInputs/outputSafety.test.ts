// --out never deletes what vchain did not write (issue 13 §1): every case runs the real CLI in a
// sandbox folder and checks that nothing there changed but what the case allows.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, expectRefused, FIXTURES, makeSandbox, REPO, snapshotTree, treeChanges } from './sandbox.ts';

const MRIO = join(FIXTURES, 'test-systems', 'pymrio-test-mrio');
const PM = join(FIXTURES, 'health', 'pm25_2017_base.csv');
const PM_CF = join(FIXTURES, 'health', 'pm25_2017_minus20pct.csv');

const decompose = (out: string, mrio = MRIO) => ['decompose', '--mrio', mrio, '--out', out];
const strays = (dir: string) => readdirSync(dir).filter((n) => n.includes('.tmp-'));

describe('--out refuses what vchain did not write', () => {
  const sb = makeSandbox('out');
  sb.file('thesis/chapter1.docx', 'my thesis');
  sb.file('work/notes.txt', 'notes');
  sb.file('home/.bashrc', 'alias ll="ls -l"');
  sb.file('a/b/keep.txt', 'keep');
  sb.file('report.pdf', 'pdf');

  it('a folder holding a user file', () => {
    expectRefused(sb, decompose('thesis'), ["--out: 'thesis'", 'did not write', 'chapter1.docx']);
  });
  it('the current directory', () => {
    expectRefused(sb, decompose('.'), ['is the current directory'], { cwd: sb.path('work') });
  });
  it('the parent of the current directory', () => {
    expectRefused(sb, decompose('..'), ['ancestor of the current directory'], { cwd: sb.path('work') });
  });
  it('../.. from a folder two levels down (the whole sandbox)', () => {
    expectRefused(sb, decompose('../..'), ['ancestor of the current directory'], { cwd: sb.path('a', 'b') });
  });
  it('the home folder, named by its absolute path', () => {
    expectRefused(sb, decompose(sb.path('home')), ['home folder']);
  });
  it("the input table's own folder", () => {
    const copy = sb.path('mytable');
    mkdirSync(copy, { recursive: true });
    for (const f of readdirSync(MRIO, { recursive: true, withFileTypes: true }))
      if (f.isFile()) {
        const rel = join(f.parentPath.slice(MRIO.length), f.name);
        mkdirSync(join(copy, rel, '..'), { recursive: true });
        writeFileSync(join(copy, rel), readFileSync(join(MRIO, rel)));
      }
    expectRefused(sb, decompose(copy, copy), ['is an input of this command']);
  });
  it('a folder that contains an input', () => {
    sb.file('project/pm/base.csv', readFileSync(PM));
    expectRefused(
      sb,
      ['health', '--pm', sb.path('project/pm/base.csv'), '--pm-counterfactual', PM_CF, '--out', 'project'],
      ['contains an input of this command'],
    );
  });
  it('an existing file', () => {
    expectRefused(sb, decompose('report.pdf'), ["'report.pdf' is an existing file"]);
  });
  it('a symbolic link to a folder', () => {
    mkdirSync(sb.path('linked-target'), { recursive: true });
    symlinkSync(sb.path('linked-target'), sb.path('link'));
    expectRefused(sb, decompose('link'), ['symbolic link']);
  });
  it('rsm predict: an existing CSV (vchain cannot tell it wrote it)', () => {
    sb.file('pm.csv', 'province,pm25\n');
    const em = sb.file('ratios.csv', 'province,precursor,emission_ratio\nBeijing,SO2,0.9\n');
    expectRefused(sb, ['rsm', 'predict', '--emissions', em, '--out', 'pm.csv'], ["'pm.csv' exists"]);
  });
  it('rsm predict: the input file itself', () => {
    const em = sb.path('ratios.csv');
    expectRefused(sb, ['rsm', 'predict', '--emissions', em, '--out', em], ['ratios.csv']);
  });
  it('dataset build: an output folder holding its own sources', () => {
    sb.file('dsout/sources/readme.txt', 'x');
    expectRefused(
      sb,
      ['dataset', 'build', '--sources', sb.path('dsout/sources'), '--out', 'dsout'],
      ['contains an input of this command'],
    );
  });
});

describe('--out writes new folders and replaces only its own output', () => {
  const sb = makeSandbox('own');

  it('writes a new nested folder, then replaces it on a second run', () => {
    const first = sb.run(decompose('results/d1'));
    expect(first.status, first.stderr).toBe(0);
    expect(existsSync(sb.path('results/d1/vchain-output.json'))).toBe(true);
    const m = JSON.parse(readFileSync(sb.path('results/d1/vchain-output.json'), 'utf8'));
    expect(m.tool).toBe('vchain');
    expect(m.files.map((f: { path: string }) => f.path)).toContain('run.json');
    const again = sb.run(decompose('results/d1'));
    expect(again.status, again.stderr).toBe(0);
    expect(strays(sb.path('results'))).toEqual([]);
    expect(readdirSync(sb.path('results'))).toEqual(['d1']);
  });
  it('writes into an empty folder', () => {
    mkdirSync(sb.path('empty'));
    const r = sb.run(decompose('empty'));
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(sb.path('empty/accounts.csv'))).toBe(true);
  });
  it('refuses its own output once a user file is added, and keeps both', () => {
    sb.file('results/d1/my-notes.txt', 'mine');
    const r = expectRefused(sb, decompose('results/d1'), ['did not write', 'my-notes.txt']);
    expect(r.stderr).toContain('earlier vchain output');
  });
  it('refuses its own output once one of its files was edited', () => {
    const ok = sb.run(decompose('edited2'));
    expect(ok.status).toBe(0);
    writeFileSync(sb.path('edited2/accounts.csv'), 'my edits\n');
    expectRefused(sb, decompose('edited2'), ['changed since vchain wrote them', 'accounts.csv']);
  });
  it('leaves no empty parent folders after a failure', () => {
    const before = snapshotTree(sb.root);
    const r = sb.run(decompose('new/deep/out', sb.path('no-such-table')));
    expect(r.status).toBe(2);
    expect(treeChanges(before, snapshotTree(sb.root))).toEqual([]);
  });
  it('rsm predict writes a new CSV, then refuses to overwrite it', () => {
    const em = sb.file('ratios.csv', 'province,precursor,emission_ratio\nBeijing,SO2,0.9\n');
    const r = sb.run(['rsm', 'predict', '--emissions', em, '--out', 'out/pm.csv']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(sb.path('out/pm.csv'), 'utf8')).toMatch(/^province,pm25_baseline_ugm3/);
    expectRefused(sb, ['rsm', 'predict', '--emissions', em, '--out', 'out/pm.csv'], ["'out/pm.csv' exists"]);
  });
  it("rsm baseline-emissions writes to stdout by default, never into the package's data/", () => {
    const before = snapshotTree(join(REPO, 'data'));
    const r = sb.run(['rsm', 'baseline-emissions']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^gb_code,province,precursor,emissions_t\n/);
    expect(treeChanges(before, snapshotTree(join(REPO, 'data')))).toEqual([]);
  });
});

describe('a signal leaves no trace', () => {
  for (const [sig, code] of [
    ['SIGHUP', 129],
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    it(`${sig} during a run: exit ${code}, no output, no temp folder, no new parents`, async () => {
      const sb = makeSandbox('sig');
      const before = snapshotTree(sb.root);
      const child = spawn(process.execPath, [BIN, 'run', '--draws', '20', '--quiet', '--out', 'p/q/run'], {
        cwd: sb.root,
        env: { ...process.env, HOME: sb.path('home'), VCHAIN_THREADS: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const exited = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
      // The temp folder appears once the run has started writing: signal it then.
      const deadline = Date.now() + 60_000;
      while (!(existsSync(sb.path('p/q')) && strays(sb.path('p/q')).length > 0) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
      expect(strays(sb.path('p/q')).length, 'the run started').toBe(1);
      child.kill(sig);
      expect(await exited, stderr).toBe(code);
      expect(stderr).toContain('no output was written');
      expect(treeChanges(before, snapshotTree(sb.root))).toEqual([]);
    });
});
