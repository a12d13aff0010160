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

/** Read-only by line: a Map or the model's chunked LineMap, whichever state.ts holds. */
interface ByLine<V> {
  get(line: number): V | undefined;
}

interface DataSlices {
  readonly memory: ByLine<number>;
  readonly cache: ByLine<{ readonly dirty: boolean; readonly value: number }>;
  readonly written: ByLine<number>;
}

const isByLine = (x: unknown): boolean =>
  typeof x === 'object' && x !== null && typeof (x as { get?: unknown }).get === 'function';

export function hasDataModel(s: MachineState): boolean {
  const d = s as unknown as Partial<DataSlices>;
  return isByLine(d.memory) && isByLine(d.cache) && isByLine(d.written);
}

function liveMappingsOf(s: MachineState, bufferId: string) {
  return [...s.mappings.values()].filter((m) => m.live && m.segs.some((g) => g.buffer === bufferId));
}

/** Buffer line → bounce-slot line, for the live streaming mappings of the buffer that bounce. */
function bounceLines(s: MachineState, bufferId: string): Map<number, number> {
  const cl = s.profile.cacheLine;
  const out = new Map<number, number>();
  for (const m of liveMappingsOf(s, bufferId))
    for (const g of m.segs) {
      if (g.buffer !== bufferId || g.devPhys === g.phys) continue;
      const first = Math.floor(g.phys / cl);
      const devFirst = Math.floor(g.devPhys / cl);
      for (let i = 0; i < Math.ceil((g.phys + g.len) / cl) - first; i++) out.set(first + i, devFirst + i);
    }
  return out;
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
  const devName = b?.dev ?? liveMappingsOf(s, bufferId)[0]?.dev;
  const dev = devName ? s.config.devices.find((x) => x.name === devName) : undefined;
  const coherent = dev?.coherent ?? true;
  const bounced = bounceLines(s, bufferId);
  return linesOfBuffer(s, bufferId).map((line) => {
    const c = d.cache.get(line);
    const mem = d.memory.get(line) ?? 0;
    const cpu = c ? c.value : mem;
    // What the device reads (cache/cache.ts deviceLoad): a coherent device snoops the CPU cache,
    // a non-coherent one reads RAM; behind swiotlb it reads the bounce slot, not the buffer.
    const devLine = bounced.get(line) ?? line;
    const devCache = d.cache.get(devLine);
    const device = coherent && devCache ? devCache.value : (d.memory.get(devLine) ?? 0);
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
