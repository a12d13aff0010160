// The cache and data view's model: for a buffer, each of its cache lines with its state in the
// CPU cache and the value the CPU and the device would read, flagged where one of them is stale.
// Reads model II's fields (memory, cache, written); returns null on a state without them.
import type { MachineState } from '../../model';

export type LineState = 'invalid' | 'clean' | 'dirty';

export interface LineView {
  readonly line: number;
  readonly phys: number;
  readonly state: LineState;
  readonly cpu: number;
  readonly device: number;
  /** Last value written by anyone, or null if never written. */
  readonly truth: number | null;
  readonly cpuStale: boolean;
  readonly deviceStale: boolean;
}

interface DataSlices {
  readonly memory: ReadonlyMap<number, number>;
  readonly cache: ReadonlyMap<number, { readonly dirty: boolean; readonly value: number }>;
  readonly written: ReadonlyMap<number, number>;
}

export function hasDataModel(s: MachineState): boolean {
  const d = s as unknown as Partial<DataSlices>;
  return d.memory instanceof Map && d.cache instanceof Map && d.written instanceof Map;
}

/** The line numbers (phys / cacheLine) a buffer covers, in buffer order. */
export function linesOfBuffer(s: MachineState, bufferId: string): number[] {
  const b = s.buffers.get(bufferId);
  if (!b) return [];
  const ps = s.profile.pageSize;
  const cl = s.profile.cacheLine;
  const lines: number[] = [];
  let left = b.size;
  let offset = (b as { byteOffset?: number }).byteOffset ?? 0;
  for (const e of b.extents) {
    const startByte = e.pfn * ps + offset;
    const bytes = Math.min(left, e.count * ps - offset);
    offset = 0;
    if (bytes <= 0) break;
    for (let l = Math.floor(startByte / cl); l < Math.ceil((startByte + bytes) / cl); l++) lines.push(l);
    left -= bytes;
  }
  return lines;
}

export function lineViews(s: MachineState, bufferId: string): LineView[] | null {
  if (!hasDataModel(s)) return null;
  const d = s as unknown as DataSlices;
  const b = s.buffers.get(bufferId);
  const dev = b?.dev ? s.config.devices.find((x) => x.name === b.dev) : undefined;
  const coherent = dev?.coherent ?? true;
  return linesOfBuffer(s, bufferId).map((line) => {
    const c = d.cache.get(line);
    const mem = d.memory.get(line) ?? 0;
    const cpu = c ? c.value : mem;
    // A coherent device snoops the CPU's dirty lines; a non-coherent one reads RAM.
    const device = coherent && c?.dirty ? c.value : mem;
    const truth = d.written.get(line) ?? null;
    return {
      line,
      phys: line * s.profile.cacheLine,
      state: c ? (c.dirty ? 'dirty' : 'clean') : 'invalid',
      cpu,
      device,
      truth,
      cpuStale: truth !== null && cpu !== truth,
      deviceStale: truth !== null && device !== truth,
    };
  });
}
