// The headless runner and the "dmaviz-report/1" report: the contracted fields of issue 3, the
// per-step additions of issue 4 item 6, failures as results, and byte-for-byte determinism.
import { describe, expect, it } from 'vitest';
import type { ScenarioReport } from '../index';
import { buildReport, formatReportText, parseScenario, registerOp, reportJson, runScenario } from '../index';

const EXAMPLE = `{"format": "dmaviz-scenario/1", "title": "A camera buffer exported to userspace without a kernel mapping",
 "machine": {"arch": "arm32", "ramMiB": 1024, "cmaMiB": 0,
             "devices": [{"name": "cam0", "coherent": false, "iommu": false, "dmaMaskBits": 32}], "processes": ["app"]},
 "steps": [
  {"op": "dma_alloc_attrs", "dev": "cam0", "size": "2MiB", "gfp": "GFP_KERNEL", "attrs": ["DMA_ATTR_NO_KERNEL_MAPPING"], "as": "frame0",
   "say": "No kernel mapping: the driver never touches the pixels, so no vmalloc space is spent."},
  {"op": "dma_mmap_attrs", "buf": "frame0", "process": "app", "attrs": ["DMA_ATTR_NO_KERNEL_MAPPING"], "as": "frame0_vma"},
  {"op": "munmap", "vma": "frame0_vma"},
  {"op": "fragment_memory", "seed": 7, "percent": 60},
  {"op": "dma_free_attrs", "buf": "frame0", "attrs": ["DMA_ATTR_NO_KERNEL_MAPPING"]}]}`;

function reportOf(text: string): ScenarioReport {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const run = runScenario(parsed.scenario);
  if (!run.ok) throw new Error(run.problems.join('\n'));
  return buildReport(run);
}

const scenario = (steps: unknown[], machine: unknown = {}) =>
  JSON.stringify({ format: 'dmaviz-scenario/1', title: 'test', machine, steps });

describe('runScenario + buildReport', () => {
  it('runs the example of issue 3 and reports the contracted fields', () => {
    const r = reportOf(EXAMPLE);
    expect(r.format).toBe('dmaviz-report/1');
    expect(r.steps).toHaveLength(5);
    for (const s of r.steps) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['ok', 'error', 'calls', 'result']));
      expect(s.ok).toBe(true);
      expect(s.error).toBeNull();
    }
    expect(r.steps[0]?.calls[0]).toBe('dma_alloc_attrs');
    expect(r.steps[0]?.say).toMatch(/^No kernel mapping/);
    const frame = r.buffers.frame0;
    expect(frame).toBeDefined();
    expect(Object.keys(frame ?? {})).toEqual(
      expect.arrayContaining([
        'dev',
        'size',
        'pages',
        'physContiguous',
        'source',
        'cpuAddr',
        'dmaAddr',
        'iommu',
        'userMappings',
        'live',
      ]),
    );
    // NO_KERNEL_MAPPING: a cookie, not an address the CPU can use; freed by the last step.
    expect(frame).toMatchObject({ dev: 'cam0', size: 2 * 1024 * 1024, pages: 512, live: false });
    expect(frame?.cpuAddr.kind).toBe('cookie');
    for (const k of [
      'vmallocUsedBytes',
      'vmallocTotalBytes',
      'cmaUsedBytes',
      'atomicPoolUsedBytes',
      'ramUsedBytes',
      'iommuMappedBytes',
    ])
      expect(typeof (r.metrics as unknown as Record<string, unknown>)[k]).toBe('number');
    expect(r.dmaDebug).toEqual([]);
  });

  it('records a step the kernel refuses as a result and runs the next one', () => {
    const r = reportOf(
      scenario([
        { op: 'dma_alloc_attrs', dev: 'dev0', size: 0, as: 'zero' },
        { op: 'dma_free_attrs', buf: 'never_made' },
        { op: 'dma_alloc_coherent', dev: 'dev0', size: '64K', as: 'ok' },
      ]),
    );
    expect(r.steps.map((s) => s.ok)).toEqual([false, false, true]);
    expect(r.steps[0]?.error?.code).toBe('EINVAL');
    expect(r.steps[0]?.result).toBeNull();
    expect(r.summary).toMatchObject({ steps: 3, ok: 1, failed: 2 });
    expect(Object.keys(r.buffers)).toEqual(['ok']);
  });

  it('gives the same bytes for the same file', () => {
    expect(reportJson(reportOf(EXAMPLE))).toBe(reportJson(reportOf(EXAMPLE)));
  });

  it('collects cache maintenance per step from cacheMaintained events', () => {
    const r = reportOf(
      scenario([{ op: 'dma_alloc_coherent', dev: 'nc', size: '1MiB' }], {
        arch: 'arm64',
        devices: [{ name: 'nc', coherent: false }],
      }),
    );
    const step = r.steps[0];
    expect(step?.cacheOps.length).toBeGreaterThan(0);
    expect(step?.cacheOps[0]).toMatchObject({ op: expect.any(String), bytes: expect.any(Number) });
    expect(step?.events.cacheMaintained).toBe(step?.cacheOps.length);
  });

  it('reads bounce copies and dma-debug errors, also those of failed steps', () => {
    // Stands in for model II's operations: an ok step that records a dma-debug error in the
    // state and copies through swiotlb, and a failing step whose error only its events keep.
    registerOp('test_report_bounce', (s, ctx) => {
      ctx.within('swiotlb_bounce', () => {
        ctx.emit({ type: 'bounceCopied', dir: 'DMA_TO_DEVICE', bytes: 512 } as never);
        ctx.emit({
          type: 'dmaDebugError',
          message: 'DMA-API: dev0: device driver failed to check map error',
        } as never);
      });
      const debug = (s as unknown as { debug?: { errors: unknown[] } }).debug;
      debug?.errors.push({
        step: ctx.stepIndex,
        message: 'DMA-API: dev0: device driver failed to check map error',
      });
      return { ok: true, value: { value: 5n, stale: true, expectMet: false } };
    });
    registerOp('test_report_refused', (_s, ctx) => {
      // dma-debug's record of the error and its printed line: reported once.
      ctx.emit({
        type: 'dmaDebugError',
        message: 'DMA-API: dev0: device driver tries to free DMA memory it has not allocated',
      } as never);
      ctx.message('err', 'DMA-API: dev0: device driver tries to free DMA memory it has not allocated');
      return { ok: false, error: { code: 'EINVAL', message: 'refused' } };
    });
    const r = reportOf(scenario([{ op: 'test_report_refused' }, { op: 'test_report_bounce' }]));
    expect(r.steps[1]?.bounceCopies).toEqual([
      { fn: 'swiotlb_bounce', type: 'bounceCopied', dir: 'DMA_TO_DEVICE', bytes: 512 },
    ]);
    expect(r.dmaDebug).toEqual([
      {
        step: 0,
        message: 'DMA-API: dev0: device driver tries to free DMA memory it has not allocated',
        fn: 'dmaviz',
      },
      { step: 1, message: 'DMA-API: dev0: device driver failed to check map error', fn: 'swiotlb_bounce' },
    ]);
    expect(r.summary).toMatchObject({ expectationsFailed: 1, dmaDebugErrors: 2 });
    // A bigint in a result becomes text instead of breaking JSON.stringify.
    expect(JSON.parse(reportJson(r)).steps[1].result.value).toBe('5');
  });

  it('prints a readable report with the kernel call path', () => {
    const text = formatReportText(
      reportOf(
        scenario([
          { op: 'dma_alloc_attrs', dev: 'dev0', size: '8KiB', as: 'buf', say: 'hello' },
          { op: 'dma_free_attrs', buf: 'nothing' },
        ]),
      ),
    );
    expect(text).toMatch(/^steps\[0\] dma_alloc_attrs\(dev=dev0, size=8KiB\) as buf$/m);
    expect(text).toMatch(/^ {2}"hello"$/m);
    expect(text).toMatch(/^ {2}calls: dma_alloc_attrs → \S+/m);
    expect(text).toMatch(/^ {2}FAILED EINVAL: /m);
    expect(text).toMatch(/^ {2}buf: live, dev0, 8 KiB in 2 pages/m);
    expect(text).toMatch(/^ {2}vmallocUsedBytes: \d+/m);
  });
});
