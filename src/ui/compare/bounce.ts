// Why a side bounced through swiotlb, for the difference strip: a coherent device can still read
// old data when dma_direct_map_page (kernel/dma/direct.h) gave it a swiotlb slot instead of the
// buffer, because the data moves between the two only on map, sync and unmap (kernel/dma/swiotlb.c).
// Pure: it reads the step records' events (streamingMapped/-Unmapped, stale memoryRead) and the
// mappings, buffers and devices of the state; the strip only lays the notes out.
import type { DeviceConfig, MachineState, StepRecord, StreamMapping } from '../../model';
import { maskLimit } from '../../model';

/** One plain-words explanation of a side's bouncing. */
export interface BounceNote {
  /** Stable key: "stale:<step>:<index>" for a stale read, "bounced:<reason>" for bounces without one. */
  readonly key: string;
  /** The 1-based step of the stale read it explains, or null. */
  readonly step: number | null;
  readonly text: string;
}

const deviceOf = (s: MachineState, name: string): DeviceConfig | undefined =>
  s.config.devices.find((d) => d.name === name);

/**
 * Why the mapping took a swiotlb slot: its memory lies above the device's DMA mask (dma_capable
 * fails), else it is a small kmalloc buffer a non-coherent device could share cache lines with
 * (dma_kmalloc_needs_bounce), the only two bounce paths the model has.
 */
export function bounceReasonOf(s: MachineState, m: StreamMapping): string {
  const dev = deviceOf(s, m.dev);
  const bits = dev?.dmaMaskBits ?? 32;
  const aboveMask = m.segs.some((g) => g.slot !== null && g.phys + g.len - 1 > maskLimit(bits));
  return aboveMask && !dev?.iommu
    ? `above ${m.dev}'s ${bits}-bit DMA mask`
    : `a small kmalloc buffer that ${m.dev}, not snooping the caches, could share cache lines with`;
}

/** The names of the buffers a mapping's bounced segments belong to ("rx"), or its own name. */
function bouncedBuffersOf(s: MachineState, m: StreamMapping): string[] {
  const ids = [...new Set(m.segs.flatMap((g) => (g.slot !== null && g.buffer !== null ? [g.buffer] : [])))];
  const names = ids.map((id) => s.buffers.get(id)?.name ?? id);
  return names.length > 0 ? names : [m.name ?? m.id];
}

const isSg = (m: StreamMapping) => m.type === 'scatter-gather';
/** "dma_map_single" for dma_map_single_attrs. */
const mapFnOf = (m: StreamMapping) => m.fn.replace(/_attrs$/, '');

/** What a stale read through a bounced mapping means, by who read. */
function staleConsequence(m: StreamMapping, by: 'cpu' | 'device'): string {
  return by === 'cpu'
    ? `the read before ${isSg(m) ? 'dma_sync_sg_for_cpu' : 'dma_sync_single_for_cpu'} sees the old data`
    : `the device reads the copy ${mapFnOf(m)} made, without the CPU's later write (${isSg(m) ? 'dma_sync_sg_for_device' : 'dma_sync_single_for_device'} copies it)`;
}

/** The live bounced mapping a read went through: the device's by mapping name, the CPU's by buffer name. */
function mappingReadThrough(
  s: MachineState,
  live: ReadonlyMap<string, StreamMapping>,
  by: 'cpu' | 'device',
  via: string,
): StreamMapping | undefined {
  for (const m of live.values()) {
    if (by === 'device' ? m.name === via || m.id === via : bouncedBuffersOf(s, m).includes(via)) return m;
  }
  return undefined;
}

/**
 * The side's swiotlb notes at the step on show: one per stale read that a bounce explains (the
 * device worked on the slot, not the buffer), then one per reason for the bounces that caused
 * no stale read. Empty when nothing bounced.
 */
export function bounceNotesOf(side: {
  readonly machine: MachineState;
  readonly records: readonly StepRecord[];
}): BounceNote[] {
  const s = side.machine;
  const live = new Map<string, StreamMapping>();
  const quiet = new Map<string, Set<string>>();
  const explained = new Set<string>();
  const notes: BounceNote[] = [];
  side.records.forEach((r, i) => {
    for (const e of r.events) {
      if (e.type === 'streamingMapped' && e.bounced) {
        const m = s.mappings.get(e.mapping);
        if (!m) continue;
        live.set(m.id, m);
        const reason = bounceReasonOf(s, m);
        quiet.set(reason, new Set([...(quiet.get(reason) ?? []), ...bouncedBuffersOf(s, m)]));
      } else if (e.type === 'streamingUnmapped') {
        live.delete(e.mapping);
      } else if (e.type === 'memoryRead' && e.stale) {
        const m = mappingReadThrough(s, live, e.by, e.via);
        if (!m) continue;
        const buffers = bouncedBuffersOf(s, m);
        for (const b of buffers) explained.add(b);
        notes.push({
          key: `stale:${i + 1}:${notes.length}`,
          step: i + 1,
          text: `${buffers.join(', ')} bounced through swiotlb: ${bounceReasonOf(s, m)} — ${staleConsequence(m, e.by)}`,
        });
      }
    }
  });
  for (const [reason, names] of quiet) {
    const rest = [...names].filter((n) => !explained.has(n));
    if (rest.length === 0) continue;
    notes.push({
      key: `bounced:${reason}`,
      step: null,
      text: `${rest.join(', ')} bounced through swiotlb: ${reason} — the device works on a copy in the swiotlb pool, moved by bounce copies, not by cache maintenance`,
    });
  }
  return notes;
}
