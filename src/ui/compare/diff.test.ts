import { describe, expect, it } from 'vitest';
import type { MachineConfigInput, Op } from '../../model';
import { scenarioBySlug } from '../../scenarios';
import { createDmavizStore } from '../store/store';
import { type CompareSide, diffSides, failedStepsOf, recordsUpTo, staleReadsOf, stepResultOf } from './diff';
import { DEFAULT_LEFT, DEFAULT_RIGHT, defaultChoice, EXAMPLE_SOURCE, machineFor } from './machines';

function sideAt(input: MachineConfigInput, ops: readonly Op[], cursor = ops.length): CompareSide {
  const store = createDmavizStore();
  const r = store.getState().loadSession(input, ops, 't', cursor);
  expect(r).toEqual({ ok: true });
  const s = store.getState();
  return { machine: s.machine, boot: s.history.at(0), records: recordsUpTo(s.history, s.cursor) };
}

const byKey = (items: ReturnType<typeof diffSides>) => new Map(items.map((i) => [i.key, i]));

describe('diffSides', () => {
  const x86 = machineFor(EXAMPLE_SOURCE.machine, DEFAULT_LEFT);
  const arm32 = machineFor(EXAMPLE_SOURCE.machine, DEFAULT_RIGHT);

  it('x86_64 coherent vs arm32 non-coherent: linear cached vs a write-combine vmalloc remap of CMA pages', () => {
    const d = byKey(diffSides(sideAt(x86, EXAMPLE_SOURCE.ops), sideAt(arm32, EXAMPLE_SOURCE.ops)));
    expect(d.get('kmap:buf')).toMatchObject({
      left: 'linear · cached',
      right: 'vmalloc · write-combine',
      differs: true,
    });
    expect(d.get('pages:buf')).toMatchObject({ left: 'buddy', right: 'cma', differs: true });
    expect(d.get('umap:buf')).toMatchObject({ left: 'cached', right: 'write-combine', differs: true });
    // 1 MiB plus the guard page on arm32; nothing on x86_64.
    expect(d.get('vmalloc')).toMatchObject({ left: '0 B', differs: true });
    expect(d.get('vmalloc')?.right).toMatch(/^1(\.\d+)? MiB$/);
    expect(d.get('cache')?.left).toBe('0 B');
    expect(d.get('cache')?.differs).toBe(true);
    expect(d.get('result')).toMatchObject({ left: 'ok', right: 'ok', differs: false });
    expect(d.get('stale')).toMatchObject({ left: '0', right: '0', differs: false });
    expect(d.get('bounce')?.differs).toBe(false);
  });

  it('at boot nothing differs but the machine-wide counters are listed', () => {
    const items = diffSides(sideAt(x86, EXAMPLE_SOURCE.ops, 0), sideAt(arm32, EXAMPLE_SOURCE.ops, 0));
    expect(items.filter((i) => i.differs)).toEqual([]);
    expect(items.map((i) => i.key)).toEqual([
      'result',
      'failed',
      'vmalloc',
      'cache',
      'bounce',
      'stale',
      'debug',
    ]);
    expect(items[0]?.left).toBe('—');
  });

  it('names a failure on one side only: ENOMEM beside ok', () => {
    // 32 MiB is above MAX_PAGE_ORDER: only a CMA area large enough serves it.
    const ops: Op[] = [
      { op: 'dma_alloc_coherent', dev: 'dev0', size: '32MiB', gfp: 'GFP_KERNEL', as: 'big' },
    ];
    const dev = [{ name: 'dev0', coherent: false }];
    const left = sideAt({ arch: 'arm64', cmaMiB: 64, devices: dev }, ops);
    const right = sideAt({ arch: 'arm64', cmaMiB: 16, devices: dev }, ops);
    const d = byKey(diffSides(left, right));
    expect(d.get('result')).toMatchObject({ left: 'ok', right: 'ENOMEM', differs: true });
    expect(d.get('failed')).toMatchObject({ left: 'none', right: '#1 ENOMEM', differs: true });
    // The buffer exists on the left only.
    expect(d.get('kmap:big')).toMatchObject({ left: 'vmalloc · write-combine', right: '—' });
  });

  it('counts stale reads from the step records', () => {
    const ops: Op[] = [
      { op: 'kmalloc', size: 4096, as: 'buf' },
      { op: 'dma_map_single', dev: 'dev0', buf: 'buf', dir: 'DMA_FROM_DEVICE', as: 'm' },
      { op: 'dma_mapping_error', map: 'm' },
      { op: 'cpu_speculative_load', via: 'buf' },
      { op: 'device_write', map: 'm', value: 9 },
      { op: 'cpu_read', via: 'buf' },
    ];
    const coherent = sideAt({ arch: 'x86_64', devices: [{ name: 'dev0' }] }, ops);
    const nc = sideAt({ arch: 'arm64', devices: [{ name: 'dev0', coherent: false }] }, ops);
    expect(coherent.records.every((r) => r.result.ok)).toBe(true);
    expect(staleReadsOf(coherent.records)).toBe(0);
    expect(staleReadsOf(nc.records)).toBeGreaterThan(0);
    expect(byKey(diffSides(coherent, nc)).get('stale')?.differs).toBe(true);
  });

  it('stepResultOf and failedStepsOf read the records', () => {
    expect(stepResultOf([])).toBe('—');
    expect(failedStepsOf([])).toBe('none');
  });
});

// The report of issue 5: arm64, a coherent device, cpu_speculative_load → device_write → cpu_read.
describe('compare mode on streaming-noncoherent: a coherent device never reads stale through the cache', () => {
  const g = scenarioBySlug('streaming-noncoherent');
  if (!g) throw new Error('streaming-noncoherent');
  const ops = g.scenario.steps as readonly Op[];
  // The second cpu_read: after cpu_speculative_load and device_write, without dma_sync_single_for_cpu.
  const read = ops.flatMap((o, i) => (o.op === 'cpu_read' ? [i + 1] : []))[1] ?? 0;
  const side = (coherent: 'on' | 'off', ramMiB: number, cursor = read) =>
    sideAt(
      machineFor(g.scenario.machine as MachineConfigInput, {
        ...defaultChoice('arm64', coherent, 'off'),
        ramMiB,
      }),
      ops,
      cursor,
    );
  const lastRead = (s: CompareSide) => s.records[s.records.length - 1]?.result;

  it('in the scenario’s 2 GiB the coherent side reads fresh, the non-coherent one stale', () => {
    expect(ops.slice(read - 3, read).map((o) => o.op)).toEqual([
      'cpu_speculative_load',
      'device_write',
      'cpu_read',
    ]);
    const d = byKey(diffSides(side('on', 2048), side('off', 2048)));
    expect(d.get('stale')).toMatchObject({ left: '0', right: '2', differs: true });
    expect(d.get('bounce')).toMatchObject({ left: '0 B', right: '0 B' });
    expect(lastRead(side('on', 2048))).toMatchObject({ ok: true, value: { value: 4, stale: false } });
  });

  it('with 4 GiB the buffers lie above eth0’s 32-bit mask: swiotlb bounces, and the read before the sync is stale even when coherent', () => {
    const coherent = side('on', 4096);
    expect(lastRead(coherent)).toMatchObject({ ok: true, value: { value: 0, stale: true } });
    const d = byKey(diffSides(coherent, side('on', 2048)));
    expect(d.get('bounce')?.left).not.toBe('0 B');
    expect(d.get('bounce')?.right).toBe('0 B');
    // dma_sync_single_for_cpu copies the slot back (swiotlb_bounce): the next read is fresh.
    expect(lastRead(side('on', 4096, read + 2))).toMatchObject({
      ok: true,
      value: { value: 4, stale: false },
    });
  });
});
