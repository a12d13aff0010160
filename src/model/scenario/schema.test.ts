// The scenario file format: every problem of a file is listed with its JSON path.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../index';

const ok = (steps: unknown[], machine: unknown = {}) =>
  JSON.stringify({ format: 'dmaviz-scenario/1', title: 't', machine, steps });

function problemsOf(text: string): string[] {
  const r = parseScenario(text);
  if (r.ok) throw new Error('expected an invalid scenario');
  return r.problems;
}

describe('parseScenario', () => {
  it('accepts the example of issue 3, size strings and unknown step keys for later operations', () => {
    const r = parseScenario(
      ok([
        { op: 'dma_alloc_attrs', dev: 'dev0', size: 'SZ_4K', attrs: ['DMA_ATTR_WRITE_COMBINE'], as: 'a' },
        { op: 'dma_alloc_coherent', dev: 'dev0', size: 8192, gfp: 'GFP_ATOMIC | __GFP_NOWARN', bytes: 3 },
        { op: 'fragment_memory', seed: 1, percent: 30, note: 'extra keys are kept', future: { x: 1 } },
      ]),
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario.steps[2]).toMatchObject({ note: 'extra keys are kept', future: { x: 1 } });
  });

  it('lists every problem of a file at once, each with its JSON path', () => {
    const problems = problemsOf(
      JSON.stringify({
        format: 'dmaviz-scenario/2',
        machine: { arch: 'mips', ramMb: 512, devices: [{ name: 'd', coherent: 'no' }] },
        steps: [
          { op: 'dma_alloc_atrs', dev: 'd', size: 'lots', attrs: ['DMA_ATTR_WRITE_COMBIN'] },
          { op: 'dma_alloc_attrs', size: 1e30, gfp: 'GFP_KERNEL | GFP_MAGIC', dir: 'UP', bufs: 'a' },
          { op: 'fragment_memory', seed: 1.5, percent: 200 },
          { size: 4096 },
          7,
        ],
      }),
    );
    expect(problems).toEqual([
      'format: expected "dmaviz-scenario/1"',
      'title: required',
      'machine.arch: expected one of x86_64, arm64, arm32, riscv64',
      'machine.devices[0].coherent: expected true or false',
      'machine.ramMb: unknown key "ramMb"',
      'steps[0].op: unknown operation "dma_alloc_atrs" (did you mean "dma_alloc_attrs"?)',
      'steps[0].size: expected a size (whole bytes, or a string such as "8MiB", "2M", "SZ_4K"), got "lots"',
      expect.stringMatching(
        /^steps\[0\]\.attrs\[0\]: unknown attribute "DMA_ATTR_WRITE_COMBIN" \(did you mean "DMA_ATTR_WRITE_COMBINE"\?\)/,
      ),
      'steps[1].size: expected a size (whole bytes, or a string such as "8MiB", "2M", "SZ_4K"), got 1e+30',
      expect.stringMatching(/^steps\[1\]\.gfp: unknown gfp flag "GFP_MAGIC"/),
      'steps[1].dir: expected a direction: DMA_BIDIRECTIONAL, DMA_TO_DEVICE, DMA_FROM_DEVICE',
      'steps[1].bufs: expected a list of buffer names',
      'steps[2].seed: expected a whole number',
      'steps[2].percent: expected a number from 0 to 100',
      'steps[3].op: required',
      'steps[4]: expected an object {...}, got a number',
    ]);
  });

  it('rejects sizes that are not whole bytes but leaves size 0 to the model', () => {
    expect(problemsOf(ok([{ op: 'dma_alloc_attrs', dev: 'dev0', size: 1e30 }]))).toHaveLength(1);
    expect(problemsOf(ok([{ op: 'dma_alloc_attrs', dev: 'dev0', size: 'lots' }]))[0]).toMatch(
      /^steps\[0\]\.size:/,
    );
    expect(problemsOf(ok([{ op: 'dma_alloc_attrs', dev: 'dev0', size: -4096 }]))[0]).toMatch(
      /^steps\[0\]\.size:/,
    );
    expect(problemsOf(ok([{ op: 'dma_alloc_attrs', dev: 'dev0', size: 1.5 }]))[0]).toMatch(
      /^steps\[0\]\.size:/,
    );
    // A zero-byte request is well-formed; dma_alloc_attrs refuses it when the step runs.
    expect(parseScenario(ok([{ op: 'dma_alloc_attrs', dev: 'dev0', size: 0 }])).ok).toBe(true);
  });

  it('names removed attributes with the release that removed them', () => {
    expect(problemsOf(ok([{ op: 'dma_alloc_attrs', attrs: ['DMA_ATTR_NON_CONSISTENT'] }]))).toEqual([
      'steps[0].attrs[0]: DMA_ATTR_NON_CONSISTENT was removed in v5.10: use dma_alloc_noncoherent()',
    ]);
  });

  it('checks the machine against the kernel rules together with the schema', () => {
    const problems = problemsOf(ok([{ op: 'nope' }], { arch: 'arm32', ramMiB: 1024, cmaMiB: 6 }));
    expect(problems).toEqual([
      'steps[0].op: unknown operation "nope"',
      expect.stringMatching(/^machine\.cmaMiB: 6 is not a multiple of 4 MiB/),
    ]);
  });

  it('gives line and column for malformed JSON', () => {
    expect(problemsOf('{"format": "dmaviz-scenario/1",\n "title": "x",\n "steps": [}')).toEqual([
      '(file): not valid JSON: line 3, column 12: expected a value, found "}"',
    ]);
    expect(problemsOf('{"title": "x"\n "steps": []}')).toEqual([
      '(file): not valid JSON: line 2, column 2: expected "," or "}" in an object, found "\\""',
    ]);
    expect(problemsOf('{"title": "x",')[0]).toMatch(/line 1, column 15: .*end of the file/);
    expect(problemsOf('[]')).toEqual(['(file): expected a JSON object {"format": "dmaviz-scenario/1", ...}']);
  });

  it('accepts a byte-order mark before the JSON', () => {
    expect(parseScenario(`\ufeff${ok([])}`).ok).toBe(true);
  });
});
