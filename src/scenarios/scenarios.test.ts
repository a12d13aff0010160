// The executable statement of what each guided scenario teaches: every scenario runs through the
// model and its teaching point is checked in numbers (vmalloc bytes, memory types, chunk orders),
// not by a snapshot. The golden reports (src/cli/scenarios.golden.test.ts) pin everything else.
import { describe, expect, it } from 'vitest';
import type { BufferView, MachineState, ScenarioRun } from '../model';
import { bufferView, metricsOf, runScenario, validateScenario } from '../model';
import { SCENARIOS, scenarioBySlug } from './index';

const PAGE = 4096;

function run(slug: string): ScenarioRun {
  const g = scenarioBySlug(slug);
  if (!g) throw new Error(`no scenario ${slug}`);
  const v = validateScenario(g.scenario);
  if (!v.ok) throw new Error(`${slug}: ${v.problems.join('; ')}`);
  const r = runScenario(v.scenario);
  if (!r.ok) throw new Error(`${slug}: ${r.problems.join('; ')}`);
  return r;
}

/** The state after step i (history.at(0) is the booted machine). */
const stateAfter = (r: ScenarioRun, i: number): MachineState => r.history.at(i + 1);
const stateBefore = (r: ScenarioRun, i: number): MachineState => r.history.at(i);
const vmallocDelta = (r: ScenarioRun, i: number): number =>
  metricsOf(stateAfter(r, i)).vmallocUsedBytes - metricsOf(stateBefore(r, i)).vmallocUsedBytes;

function buf(s: MachineState, name: string): BufferView {
  const ref = s.names.get(name);
  if (ref?.kind !== 'buffer') throw new Error(`no buffer named ${name}`);
  return bufferView(s, s.buffers.get(ref.id)!);
}

/** Index of the step that creates `as`. */
function stepOf(r: ScenarioRun, as: string): number {
  const i = r.scenario.steps.findIndex((s) => s.as === as);
  if (i < 0) throw new Error(`no step makes ${as}`);
  return i;
}

describe('every guided scenario', () => {
  for (const g of SCENARIOS) {
    it(`${g.slug}: valid, narrated on every step, with versions and references`, () => {
      const v = validateScenario(g.scenario);
      expect(v.ok ? [] : v.problems).toEqual([]);
      expect(g.summary.length).toBeGreaterThan(100);
      expect(g.scenario.kernelVersions?.length ?? 0).toBeGreaterThan(0);
      expect(g.scenario.references?.length ?? 0).toBeGreaterThan(0);
      for (const s of g.scenario.steps) expect(s.say ?? '', `${s.op} needs narration`).not.toBe('');
    });
  }
});

describe('2011-one-allocator', () => {
  const r = run('2011-one-allocator');
  const end = r.final;
  it('the same call: cached linear memory for the coherent device, a non-cacheable vmap for the other', () => {
    expect(buf(end, 'gpu_coherent').cpuAddr).toMatchObject({ kind: 'linear', memtype: 'cached' });
    expect(buf(end, 'vpu_wc').cpuAddr).toMatchObject({ kind: 'vmalloc', memtype: 'write-combine' });
    expect(vmallocDelta(r, stepOf(r, 'gpu_coherent'))).toBe(0);
    expect(vmallocDelta(r, stepOf(r, 'vpu_coherent'))).toBe(17 * PAGE);
  });
  it('write-combine changes nothing on arm64: same memory type and pgprot as without it', () => {
    const s = stateAfter(r, stepOf(r, 'vpu_coherent'));
    expect(buf(end, 'vpu_wc').cpuAddr.pgprot).toBe(buf(s, 'vpu_coherent').cpuAddr.pgprot);
    expect(buf(end, 'gpu_wc').cpuAddr.memtype).toBe('cached');
  });
  it('dma_alloc_noncoherent is cached linear memory without vmalloc, even for the non-coherent device', () => {
    expect(buf(end, 'vpu_noncoherent').cpuAddr).toMatchObject({ kind: 'linear', memtype: 'cached' });
    expect(vmallocDelta(r, stepOf(r, 'vpu_noncoherent'))).toBe(0);
  });
  it('freeing the non-coherent coherent buffer gives its 17 vmalloc pages back', () => {
    expect(vmallocDelta(r, r.steps.length - 1)).toBe(-17 * PAGE);
  });
});

describe('v4l2-no-kernel-mapping', () => {
  const r = run('v4l2-no-kernel-mapping');
  it('vmalloc use does not change for the DMA_ATTR_NO_KERNEL_MAPPING frame; the default frame costs 1014 pages', () => {
    expect(vmallocDelta(r, stepOf(r, 'frame0'))).toBe(1014 * PAGE);
    expect(vmallocDelta(r, stepOf(r, 'frame1'))).toBe(0);
    expect(buf(stateAfter(r, stepOf(r, 'frame1')), 'frame1').cpuAddr.kind).toBe('cookie');
  });
  it('the cookie buffer is still mapped into the application, non-cacheable', () => {
    const s = stateAfter(r, stepOf(r, 'frame1_map'));
    expect(buf(s, 'frame1').userMappings).toEqual([
      expect.objectContaining({ process: 'camapp', pages: 1013, memtype: 'write-combine' }),
    ]);
  });
  it('every step succeeds and everything is freed', () => {
    expect(r.steps.every((s) => s.result.ok)).toBe(true);
    expect(metricsOf(r.final).vmallocUsedBytes).toBe(metricsOf(r.initial).vmallocUsedBytes);
  });
});

describe('arm32-vmalloc-exhaustion', () => {
  const r = run('arm32-vmalloc-exhaustion');
  const fail = stepOf(r, 'fb7');
  it('seven kernel-mapped frame buffers fit, the eighth fails with the vmap message while CMA has room', () => {
    for (let i = 0; i < fail; i++) expect(r.steps[i]?.result.ok).toBe(true);
    const res = r.steps[fail]!.result;
    expect(res.ok ? null : res.error.code).toBe('ENOMEM');
    const texts = r.steps[fail]!.events.flatMap((e) => (e.type === 'kernelMessage' ? [e.text] : []));
    expect(texts.some((t) => /vmap allocation for size \d+ failed/.test(t))).toBe(true);
    const m = metricsOf(stateBefore(r, fail));
    expect(m.cmaTotalBytes - m.cmaUsedBytes).toBeGreaterThan(4 * 33177600);
  });
  it('with DMA_ATTR_NO_KERNEL_MAPPING the same frame succeeds and vmalloc use does not move', () => {
    const full = metricsOf(stateAfter(r, fail)).vmallocUsedBytes;
    for (const name of ['nkm0', 'nkm1', 'nkm2']) {
      const i = stepOf(r, name);
      expect(r.steps[i]?.result.ok).toBe(true);
      expect(metricsOf(stateAfter(r, i)).vmallocUsedBytes).toBe(full);
      expect(buf(stateAfter(r, i), name).cpuAddr.kind).toBe('cookie');
    }
  });
});

describe('iommu-stitching', () => {
  const r = run('iommu-stitching');
  const ordersOf = (i: number): number[] =>
    r.steps[i]!.events.flatMap((e) =>
      e.type === 'pagesAllocated' ? Array.from({ length: e.allocations ?? 1 }, () => e.order) : [],
    );
  it('on fresh memory the buffer is two 2 MiB blocks; ALLOC_SINGLE_PAGES makes it 1024 single pages', () => {
    expect(ordersOf(stepOf(r, 'fresh'))).toEqual([9, 9]);
    const single = ordersOf(stepOf(r, 'single_pages'));
    expect(single).toHaveLength(1024);
    expect(single.every((o) => o === 0)).toBe(true);
  });
  it('after fragmentation: hundreds of physical pieces, one contiguous 4 MiB IOVA range', () => {
    const b = buf(r.final, 'scattered');
    expect(b.physRanges.length).toBeGreaterThan(100);
    expect(b.iommu?.size).toBe(4 * 1024 * 1024);
    expect(b.cpuAddr.kind).toBe('vmalloc');
    const sg = r.steps[stepOf(r, 'scattered') + 1]!.result;
    expect(sg.ok && sg.value.nents).toBe(b.physRanges.length);
  });
  it('FORCE_CONTIGUOUS: one CMA block, linear address, no vmalloc', () => {
    const b = buf(r.final, 'contiguous');
    expect(b).toMatchObject({ physContiguous: true, source: 'cma' });
    expect(b.cpuAddr.kind).toBe('linear');
    expect(vmallocDelta(r, stepOf(r, 'contiguous'))).toBe(0);
  });
});

describe('alsa-wc-ring', () => {
  const r = run('alsa-wc-ring');
  it('kernel and user mappings of the ring are write-combine', () => {
    const s = stateAfter(r, stepOf(r, 'ring_map'));
    const b = buf(s, 'ring');
    expect(b.cpuAddr.memtype).toBe('write-combine');
    expect(b.cpuAddr.pgprot).toMatch(/pgprot_writecombine/);
    expect(b.userMappings.map((u) => u.memtype)).toEqual(['write-combine']);
  });
  it('every step succeeds and the free returns the vmalloc space', () => {
    expect(r.steps.every((s) => s.result.ok)).toBe(true);
    expect(metricsOf(r.final).vmallocUsedBytes).toBe(metricsOf(r.initial).vmallocUsedBytes);
  });
});

describe('two-aliases', () => {
  const r = run('two-aliases');
  it('the remap allocator leaves a cacheable linear alias beside the non-cacheable vmalloc alias', () => {
    const b = buf(stateAfter(r, stepOf(r, 'ring')), 'ring');
    expect(b.cpuAddr).toMatchObject({ kind: 'vmalloc', memtype: 'write-combine' });
    expect(b.linearAlias?.memtype).toBe('cached');
    expect(vmallocDelta(r, stepOf(r, 'ring'))).toBe(257 * PAGE);
  });
});

describe('two-aliases-cma', () => {
  const r = run('two-aliases-cma');
  it('CMA rewrites the linear map: one non-cacheable mapping, no second alias, no vmalloc', () => {
    const i = stepOf(r, 'ring');
    const b = buf(stateAfter(r, i), 'ring');
    expect(b.cpuAddr).toMatchObject({ kind: 'linear', memtype: 'write-combine' });
    expect(b.linearAlias).toBeUndefined();
    expect(vmallocDelta(r, i)).toBe(0);
    const changed = r.steps[i]!.events.filter((e) => e.type === 'linearPtesChanged');
    expect(changed).toHaveLength(1);
  });
  it('the free restores PAGE_KERNEL on the linear map', () => {
    const last = r.steps.at(-1)!;
    const restored = last.events.flatMap((e) => (e.type === 'linearPtesChanged' ? [e.memtype] : []));
    expect(restored).toEqual(['cached']);
  });
});

/** A read step's result: the value seen and whether it was stale. */
function readAt(r: ScenarioRun, i: number): { value: unknown; stale: unknown; expectMet?: unknown } {
  const res = r.steps[i]!.result;
  if (!res.ok) throw new Error(`step ${i} failed: ${res.error.message}`);
  return res.value as { value: unknown; stale: unknown; expectMet?: unknown };
}

/** Indices of the steps with this op, in order. */
const stepsWith = (r: ScenarioRun, op: string): number[] =>
  r.scenario.steps.flatMap((s, i) => (s.op === op ? [i] : []));

describe('streaming-noncoherent', () => {
  const r = run('streaming-noncoherent');
  const reads = [...stepsWith(r, 'device_read'), ...stepsWith(r, 'cpu_read')].sort((a, b) => a - b);
  it('every read sees what the scenario expects', () => {
    for (const i of reads) expect(readAt(r, i).expectMet, `step ${i}`).toBe(true);
  });
  it('with the right syncs the device and the CPU read fresh data', () => {
    const [txRead] = stepsWith(r, 'device_read');
    expect(readAt(r, txRead!)).toMatchObject({ value: 1, stale: false });
    expect(readAt(r, stepsWith(r, 'cpu_read')[0]!)).toMatchObject({ value: 2, stale: false });
  });
  it('a write after dma_map_single: the device reads the old packet, flagged stale', () => {
    expect(readAt(r, stepsWith(r, 'device_read')[1]!)).toMatchObject({ value: 1, stale: true });
  });
  it('no dma_sync_single_for_cpu after a speculative load: stale; after the sync: fresh', () => {
    const [, bad, good] = stepsWith(r, 'cpu_read');
    expect(readAt(r, bad!)).toMatchObject({ value: 0, stale: true });
    expect(readAt(r, good!)).toMatchObject({ value: 4, stale: false });
  });
});

describe('swiotlb-32bit', () => {
  const r = run('swiotlb-32bit');
  it('the buffer above 4 GiB is bounced; slots are all given back', () => {
    for (const i of stepsWith(r, 'dma_map_single')) {
      const res = r.steps[i]!.result;
      expect(res.ok && res.value.bounced).toBe(true);
    }
    expect(metricsOf(r.final).swiotlbUsedSlots).toBe(0);
    expect(metricsOf(r.final).bounceCopyBytes).toBeGreaterThan(0);
  });
  it('before the unmap the data is only in the bounce buffer; after it, in the buffer', () => {
    const [before, good] = stepsWith(r, 'cpu_read');
    expect(readAt(r, before!)).toMatchObject({ value: 1, stale: true });
    expect(readAt(r, good!)).toMatchObject({ value: 2, stale: false });
  });
  it('unmapping with DMA_ATTR_SKIP_CPU_SYNC loses the device data: the read is stale', () => {
    const lost = stepsWith(r, 'cpu_read')[2]!;
    expect(readAt(r, lost)).toMatchObject({ value: 2, stale: true, expectMet: true });
  });
});

describe('noncoherent-ownership', () => {
  const r = run('noncoherent-ownership');
  it('the memory is cached and nothing is maintained at allocation (dma_direct_alloc_pages)', () => {
    const b = buf(stateAfter(r, 0), 'shared');
    expect(b.cpuAddr.kind).toBe('linear');
    expect(b.cpuAddr.memtype).toBe('cached');
    expect(r.steps[0]!.events.some((e) => e.type === 'cacheMaintained')).toBe(false);
  });
  it('before dma_sync_single_for_device the device misses the command; after it, reads it', () => {
    const [before, after] = stepsWith(r, 'device_read');
    expect(readAt(r, before!)).toMatchObject({ value: 0, stale: true });
    expect(readAt(r, after!)).toMatchObject({ value: 5, stale: false, expectMet: true });
  });
  it('before dma_sync_single_for_cpu the CPU reads its own stale line; after it, the answer', () => {
    const [before, after] = stepsWith(r, 'cpu_read');
    expect(readAt(r, before!)).toMatchObject({ value: 5, stale: true });
    expect(readAt(r, after!)).toMatchObject({ value: 6, stale: false });
  });
});

describe('dma-debug-mistakes', () => {
  const r = run('dma-debug-mistakes');
  const debugAt = (i: number): string[] =>
    r.steps[i]!.events.flatMap((e) =>
      e.type === 'kernelMessage' && e.text.startsWith('DMA-API:') ? [e.text] : [],
    );
  it('each of the four mistakes gets its dma-debug message, and no correct step gets one', () => {
    const expected: Record<number, RegExp> = {
      2: /tries to free DMA memory it has not allocated/,
      6: /frees DMA memory with different direction .*\[mapped with DMA_TO_DEVICE\] \[unmapped with DMA_FROM_DEVICE\]/,
      8: /failed to check map error/,
      11: /has pending DMA allocations while released from device \[count=1\]/,
    };
    r.steps.forEach((_, i) => {
      const msgs = debugAt(i);
      const want = expected[i];
      if (want)
        expect(
          msgs.some((m) => want.test(m)),
          `step ${i}: ${msgs.join(' | ')}`,
        ).toBe(true);
      else expect(msgs, `step ${i}`).toEqual([]);
    });
  });
});
