// `npm run sim`: exit codes 0 (ran), 1 (invalid file), 2 (wrong usage), through main() with an
// in-memory I/O and, for the real process, a few spawns of src/cli/sim.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './sim';
import { main } from './sim';

const EXAMPLE = 'src/scenarios/example-camera-nkm.json';

const VALID = JSON.stringify({
  format: 'dmaviz-scenario/1',
  title: 'one buffer',
  machine: { arch: 'x86_64', ramMiB: 256 },
  steps: [
    { op: 'dma_alloc_coherent', dev: 'dev0', size: '16KiB', as: 'a' },
    { op: 'dma_free_coherent', buf: 'nothing' },
  ],
});
const INVALID = JSON.stringify({
  format: 'dmaviz-scenario/1',
  steps: [{ op: 'dma_alloc_atrs', size: 'lots' }],
});

function sim(argv: string[], files: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    readFile: (p) => {
      const text = files[p];
      if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return text;
    },
  };
  return { code: main(argv, io), out, err };
}

describe('sim CLI', () => {
  it('runs a valid file (exit 0) even when a step fails as the kernel would', () => {
    const text = sim(['s.json'], { 's.json': VALID });
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/FAILED EINVAL/);
    const json = sim(['run', 's.json', '--json'], { 's.json': VALID });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ format: 'dmaviz-report/1', summary: { ok: 1, failed: 1 } });
  });

  it('lists every problem of an invalid file on stderr (exit 1)', () => {
    const r = sim(['bad.json'], { 'bad.json': INVALID });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^bad\.json: invalid scenario \(3 problems\)$/m);
    expect(r.err).toMatch(/^ {2}title: required$/m);
    expect(r.err).toMatch(/^ {2}steps\[0\]\.op: unknown operation "dma_alloc_atrs"/m);
    expect(r.err).toMatch(/^ {2}steps\[0\]\.size: expected a size/m);
  });

  it('answers wrong usage with exit 2 and a usage line', () => {
    for (const argv of [[], ['--jsn', 's.json'], ['a.json', 'b.json'], ['missing.json'], ['run']]) {
      const r = sim(argv, { 's.json': VALID });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/^usage: npm run sim -- \[run\] FILE \[--json\]$/m);
    }
  });

  it('prints help listing every subcommand with exit 0', () => {
    const r = sim(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage:/);
    expect(r.out).toMatch(/^ {2}npm run sim -- \[run\] FILE \[--json\]$/m);
    expect(r.out).toMatch(/^ {2}npm run sim -- matrix /m);
  });

  it('dispatches a first argument naming a subcommand to it', () => {
    expect(sim(['matrix', '--bogus']).code).toBe(2);
    expect(sim(['run', 's.json'], { 's.json': VALID }).code).toBe(0);
  });
});

describe('sim CLI as a process', () => {
  const run = (...args: string[]) =>
    spawnSync('npx', ['tsx', 'src/cli/sim.ts', ...args], { encoding: 'utf8', timeout: 30_000 });

  it('exits 0 with the JSON report on stdout', () => {
    const r = run(EXAMPLE, '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).format).toBe('dmaviz-report/1');
  });

  it('exits 1 for an invalid file, listing the problems on stderr', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dmaviz-sim-')), 'bad.json');
    writeFileSync(file, INVALID);
    const r = run(file);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/steps\[0\]\.size: expected a size/);
  });

  it('exits 2 for wrong usage', () => {
    const r = run('--nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option --nope/);
  });
});
