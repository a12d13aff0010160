import { describe, expect, it } from 'vitest';
import type { MachineConfigInput, Op } from '../../model';
import { scenarioBySlug } from '../../scenarios';
import { createDmavizStore } from '../store/store';
import { bounceNotesOf } from './bounce';
import { type CompareSide, recordsUpTo, staleReadsOf } from './diff';
import { defaultChoice, machineFor } from './machines';

function sideAt(input: MachineConfigInput, ops: readonly Op[], cursor = ops.length): CompareSide {
  const store = createDmavizStore();
  expect(store.getState().loadSession(input, ops, 't', cursor)).toEqual({ ok: true });
  const s = store.getState();
  return { machine: s.machine, boot: s.history.at(0), records: recordsUpTo(s.history, s.cursor) };
}

describe('bounceNotesOf on streaming-noncoherent (arm64, eth0 with a 32-bit DMA mask)', () => {
  const g = scenarioBySlug('streaming-noncoherent');
  if (!g) throw new Error('streaming-noncoherent');
  const base = g.scenario.machine as MachineConfigInput;
  const ops = g.scenario.steps as readonly Op[];
  // The second cpu_read: after cpu_speculative_load and device_write, without dma_sync_single_for_cpu.
  const read = ops.flatMap((o, i) => (o.op === 'cpu_read' ? [i + 1] : []))[1] ?? 0;
  const deviceRead = ops.flatMap((o, i) => (o.op === 'device_read' ? [i + 1] : []))[1] ?? 0;
  const side = (coherent: 'on' | 'off', ramMiB: number, cursor = read) =>
    sideAt(machineFor(base, { ...defaultChoice('arm64', coherent, 'off', base), ramMiB }), ops, cursor);

  it('with 4 GiB a coherent eth0 reads stale because rx and tx bounced above its mask, and says so', () => {
    const s = side('on', 4096);
    expect(staleReadsOf(s.records)).toBe(2);
    expect(bounceNotesOf(s)).toEqual([
      {
        key: `stale:${deviceRead}:0`,
        step: deviceRead,
        text: "tx bounced through swiotlb: above eth0's 32-bit DMA mask — the device reads the copy dma_map_single made, without the CPU's later write (dma_sync_single_for_device copies it)",
      },
      {
        key: `stale:${read}:1`,
        step: read,
        text: "rx bounced through swiotlb: above eth0's 32-bit DMA mask — the read before dma_sync_single_for_cpu sees the old data",
      },
    ]);
  });

  it('before any stale read it names the bounce and its reason once for all buffers', () => {
    // After the first receive's dma_map_single: tx and rx have bounced, nothing read stale yet.
    const firstRxMap = ops.findIndex((o) => o.op === 'dma_map_single' && o.buf === 'rx') + 1;
    const s = side('on', 4096, firstRxMap);
    expect(staleReadsOf(s.records)).toBe(0);
    expect(bounceNotesOf(s)).toEqual([
      {
        key: "bounced:above eth0's 32-bit DMA mask",
        step: null,
        text: "tx, rx bounced through swiotlb: above eth0's 32-bit DMA mask — the device works on a copy in the swiotlb pool, moved by bounce copies, not by cache maintenance",
      },
    ]);
  });

  it('in the scenario’s 2 GiB nothing bounces: the non-coherent side’s stale reads are the cache’s, with no note', () => {
    const nc = side('off', 2048);
    expect(staleReadsOf(nc.records)).toBe(2);
    expect(bounceNotesOf(nc)).toEqual([]);
    expect(bounceNotesOf(side('on', 2048))).toEqual([]);
  });

  it('after dma_sync_single_for_cpu the read is fresh: only the earlier stale reads keep their notes', () => {
    const s = side('on', 4096, read + 2);
    expect(bounceNotesOf(s).map((n) => n.step)).toEqual([deviceRead, read]);
  });
});

describe('bounceReasonOf: a small kmalloc buffer on a non-coherent device', () => {
  it('names dma_kmalloc_needs_bounce’s reason, not the mask', () => {
    const ops: Op[] = [
      { op: 'kmalloc', size: 64, as: 'small' },
      { op: 'dma_map_single', dev: 'dev0', buf: 'small', dir: 'DMA_FROM_DEVICE', as: 'm' },
    ];
    const s = sideAt({ arch: 'arm64', ramMiB: 1024, devices: [{ name: 'dev0', coherent: false }] }, ops);
    expect(s.records[1]?.result).toMatchObject({ ok: true, value: { bounced: true } });
    expect(bounceNotesOf(s).map((n) => n.text)).toEqual([
      'small bounced through swiotlb: a small kmalloc buffer that dev0, not snooping the caches, could share cache lines with — the device works on a copy in the swiotlb pool, moved by bounce copies, not by cache maintenance',
    ]);
  });
});
