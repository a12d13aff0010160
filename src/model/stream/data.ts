// Model operations that move data, so that coherency bugs can be seen: CPU loads and stores
// through a named kernel or user mapping (its memory type decides whether they go through the
// cache), device reads and writes through a DMA address (coherent devices snoop; IOMMU prot bits
// are enforced), the CPU's speculative fills through the cacheable linear alias, an eviction of
// dirty lines at the worst moment, and driver unbind (dma-debug's leak check).
import { hexAddr } from '../arch/profiles';
import {
  applyCacheOp,
  cpuLoadCached,
  cpuStoreCached,
  deviceLoad,
  deviceStore,
  emitLines,
  linesOf,
  memValue,
  speculativeLoad,
  truthOf,
} from '../cache/cache';
import type { Ctx } from '../ctx';
import { fail } from '../ctx';
import { checkUnbind } from '../debug/debug';
import { deviceOf, sizeOf } from '../dma/request';
import type { MachineState } from '../state';
import type { DeviceConfig, MemType, StepResult } from '../types';
import { bufferBytes, mappingOf, offsetOf, segmentsIn } from './mapping';

type Args = Readonly<Record<string, unknown>>;

/** A run of lines as the accessor sees them (`lines`) and as the driver's data (`truth`). */
interface Access {
  readonly phys: number;
  readonly len: number;
  readonly truthPhys: number;
}

function dataValueOf(input: unknown): number {
  if (typeof input !== 'number' || !Number.isFinite(input)) fail('EINVAL', 'value: a number is required');
  return input;
}

function rangeArgs(args: Args, total: number): { offset: number; length: number } {
  const offset = offsetOf(args.offset);
  const length = args.length === undefined ? total - offset : sizeOf(args.length, 'length');
  if (offset + length > total)
    fail('EINVAL', `offset + length: ${offset}+${length} lies beyond the ${total} bytes`);
  return { offset, length };
}

/** The CPU's view of `via`: a buffer's kernel address or a user VMA, with its memory type. */
function cpuTarget(s: MachineState, args: Args): { memtype: MemType; runs: Access[]; what: string } {
  const name = args.via;
  if (typeof name !== 'string')
    fail('EINVAL', 'via: the name of a buffer or a user mapping (VMA) is required');
  const ref = s.names.get(name);
  if (!ref || ref.kind === 'map')
    fail('EINVAL', `via: no buffer or VMA named "${name}" (the CPU accesses a buffer, not a DMA handle)`);
  if (ref.kind === 'vma') {
    const v = s.vmas.get(ref.id)!;
    if (!v.live) fail('EINVAL', `via: ${name} was unmapped`);
    const ps = s.profile.pageSize;
    const { offset, length } = rangeArgs(args, v.pages * ps);
    const runs: Access[] = [];
    let skip = offset;
    let need = length;
    for (const r of v.ranges) {
      const bytes = r.count * ps;
      if (skip >= bytes) {
        skip -= bytes;
        continue;
      }
      const n = Math.min(bytes - skip, need);
      if (n <= 0) break;
      runs.push({ phys: r.pfn * ps + skip, len: n, truthPhys: r.pfn * ps + skip });
      need -= n;
      skip = 0;
    }
    return { memtype: v.memtype, runs, what: name };
  }
  const b = s.buffers.get(ref.id)!;
  if (!b.live) fail('EINVAL', `via: ${name} was freed (use after free)`);
  if (b.cpu.kind === 'cookie' || b.cpu.memtype === null)
    fail(
      'EINVAL',
      `via: ${name} has no kernel mapping (${b.cpu.cookie ?? 'cookie'}): the CPU cannot access it`,
    );
  const { offset, length } = rangeArgs(args, b.size);
  const runs = bufferBytes(s, b, offset, length).map((g) => ({
    phys: g.phys,
    len: g.len,
    truthPhys: g.phys,
  }));
  return { memtype: b.cpu.memtype, runs, what: name };
}

/** The device's view: a streaming mapping (`map`) or a coherent buffer's DMA address (`buf`). */
function deviceTarget(
  s: MachineState,
  args: Args,
): { dev: DeviceConfig; runs: Access[]; prot: readonly string[] | null; dma: number; what: string } {
  if (args.map !== undefined) {
    const m = mappingOf(s, args.map);
    if (!m.live)
      fail('EINVAL', `map: ${String(args.map)} was unmapped; the device must not use its address any more`);
    const { offset, length } = rangeArgs(args, m.size);
    const runs = segmentsIn(m, offset, length).map((p) => ({
      phys: p.seg.devPhys + p.off,
      len: p.len,
      truthPhys: p.seg.phys + p.off,
    }));
    const at = segmentsIn(m, offset, 1)[0];
    const dma = at ? at.seg.dma + at.off : 0;
    return { dev: deviceOf(s, m.dev), runs, prot: m.prot, dma, what: String(args.map) };
  }
  const name = args.buf;
  if (typeof name !== 'string') fail('EINVAL', 'map or buf: a streaming mapping or a DMA buffer is required');
  const ref = s.names.get(name);
  const b = ref?.kind === 'buffer' ? s.buffers.get(ref.id) : undefined;
  if (!b?.live || b.dmaAddr === null || b.dev === null)
    fail(
      'EINVAL',
      `buf: "${name}" is not a live buffer with a DMA address (map it first, and name the mapping)`,
    );
  const { offset, length } = rangeArgs(args, b.size);
  const runs = bufferBytes(s, b, offset, length).map((g) => ({
    phys: g.phys,
    len: g.len,
    truthPhys: g.phys,
  }));
  return { dev: deviceOf(s, b.dev), runs, prot: b.iommu?.prot ?? null, dma: b.dmaAddr + offset, what: name };
}

/** Walks the lines of each run, pairing the accessed line with the driver-data line. */
function eachLine(
  s: MachineState,
  runs: readonly Access[],
  fn: (line: number, truthLine: number) => void,
): void {
  for (const r of runs) {
    const a = linesOf(s, r.phys, r.len);
    const t = linesOf(s, r.truthPhys, r.len);
    for (let i = 0; i < a.end - a.first; i++) fn(a.first + i, t.first + i);
  }
}

function readResult(seen: number[], stale: number, args: Args): StepResult {
  const value = seen[0] ?? 0;
  const counts = new Map<number, number>();
  for (const v of seen) counts.set(v, (counts.get(v) ?? 0) + 1);
  const out: Record<string, unknown> = { value, stale: stale > 0, staleLines: stale, lines: seen.length };
  if (counts.size > 1) out.values = [...counts].map(([v, lines]) => ({ value: v, lines }));
  if (args.expect !== undefined) out.expectMet = seen.every((v) => v === args.expect);
  return { ok: true, value: out };
}

function iommuCheck(
  s: MachineState,
  ctx: Ctx,
  t: ReturnType<typeof deviceTarget>,
  access: 'read' | 'write',
): void {
  if (!t.prot || !t.dev.iommu) return;
  const need = access === 'read' ? 'IOMMU_READ' : 'IOMMU_WRITE';
  if (t.prot.includes(need)) return;
  const iova = hexAddr(s.profile, t.dma);
  if (!ctx.quiet)
    ctx.emit({ type: 'iommuFault', dev: t.dev.name, iova, access, prot: t.prot }, 'report_iommu_fault');
  fail(
    'EIO',
    `IOMMU fault: ${t.dev.name} tried to ${access} IOVA ${iova}, mapped ${t.prot.join('|') || 'with no access'} (no ${need}); the transaction is blocked`,
  );
}

export function cpuWrite(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const value = dataValueOf(args.value);
  const t = cpuTarget(s, args);
  const cached = t.memtype === 'cached';
  let lines = 0;
  eachLine(s, t.runs, (line, truth) => {
    if (cached) cpuStoreCached(s, line, value);
    else s.memory.set(line, value);
    s.written.set(truth, value);
    lines++;
  });
  for (const r of t.runs)
    if (!ctx.quiet)
      ctx.emit(
        {
          type: 'memoryWritten',
          by: 'cpu',
          via: t.what,
          memtype: t.memtype,
          phys: hexAddr(s.profile, r.phys),
          bytes: r.len,
          value,
        },
        'cpu_write',
      );
  return { ok: true, value: { value, lines, memtype: t.memtype } };
}

export function cpuRead(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const t = cpuTarget(s, args);
  const cached = t.memtype === 'cached';
  const seen: number[] = [];
  let stale = 0;
  eachLine(s, t.runs, (line, truth) => {
    const v = cached ? cpuLoadCached(s, line) : memValue(s, line);
    seen.push(v);
    if (v !== truthOf(s, truth)) stale++;
  });
  const r0 = t.runs[0];
  if (!ctx.quiet)
    ctx.emit(
      {
        type: 'memoryRead',
        by: 'cpu',
        via: t.what,
        memtype: t.memtype,
        phys: hexAddr(s.profile, r0?.phys ?? 0),
        bytes: t.runs.reduce((n, r) => n + r.len, 0),
        value: seen[0] ?? 0,
        stale: stale > 0,
      },
      'cpu_read',
    );
  return readResult(seen, stale, args);
}

export function deviceWrite(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const value = dataValueOf(args.value);
  const t = deviceTarget(s, args);
  iommuCheck(s, ctx, t, 'write');
  let lines = 0;
  eachLine(s, t.runs, (line, truth) => {
    deviceStore(s, line, value, t.dev.coherent);
    s.written.set(truth, value);
    lines++;
  });
  for (const r of t.runs)
    if (!ctx.quiet)
      ctx.emit(
        {
          type: 'memoryWritten',
          by: 'device',
          via: t.what,
          memtype: 'dma',
          phys: hexAddr(s.profile, r.phys),
          bytes: r.len,
          value,
        },
        'device_write',
      );
  return { ok: true, value: { value, lines } };
}

export function deviceRead(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const t = deviceTarget(s, args);
  iommuCheck(s, ctx, t, 'read');
  const seen: number[] = [];
  let stale = 0;
  eachLine(s, t.runs, (line, truth) => {
    const v = deviceLoad(s, line, t.dev.coherent);
    seen.push(v);
    if (v !== truthOf(s, truth)) stale++;
  });
  if (!ctx.quiet)
    ctx.emit(
      {
        type: 'memoryRead',
        by: 'device',
        via: t.what,
        memtype: 'dma',
        phys: hexAddr(s.profile, t.runs[0]?.phys ?? 0),
        bytes: t.runs.reduce((n, r) => n + r.len, 0),
        value: seen[0] ?? 0,
        stale: stale > 0,
      },
      'device_read',
    );
  return readResult(seen, stale, args);
}

/** Physical ranges of the cacheable linear alias of `via`/`buf` (a buffer) or `map` (its CPU-side data). */
function aliasRanges(s: MachineState, args: Args): Array<{ phys: number; len: number }> | null {
  if (args.map !== undefined) {
    const m = mappingOf(s, args.map);
    return m.segs
      .filter((g) => g.phys < s.lowmemEndPfn * s.profile.pageSize)
      .map((g) => ({ phys: g.phys, len: g.len }));
  }
  const name = args.via ?? args.buf;
  if (name === undefined) return null;
  const ref = typeof name === 'string' ? s.names.get(name) : undefined;
  if (ref?.kind !== 'buffer') fail('EINVAL', `via: no buffer named "${String(name)}"`);
  const b = s.buffers.get(ref.id)!;
  if (!b.hasLinearAlias) return [];
  return bufferBytes(s, b, 0, b.size);
}

/** cpu_speculative_load: the CPU fills lines through the cacheable linear alias (no program access needed). */
export function cpuSpeculativeLoad(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const ranges = aliasRanges(s, args);
  if (!ranges) fail('EINVAL', 'via, buf or map: which memory the CPU speculates on is required');
  let filled = 0;
  for (const r of ranges) {
    const { first, end } = linesOf(s, r.phys, r.len);
    const n = speculativeLoad(s, first, end);
    filled += n;
    emitLines(
      s,
      ctx,
      'speculativeLoad',
      r.phys,
      r.len,
      { wroteBack: 0, discarded: 0, discardedDirty: 0 },
      'cpu_speculative_load',
      n,
    );
  }
  if (ranges.length === 0)
    if (!ctx.quiet)
      ctx.message(
        'info',
        'no cacheable linear alias of this memory exists: nothing can be pulled into the cache',
        'cpu_speculative_load',
      );
  return { ok: true, value: { filled } };
}

/** cache_evict: dirty lines (of `via`/`buf`/`map`, or all) are written back now, as a capacity eviction would. */
export function cacheEvict(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const ranges = aliasRanges(s, args);
  let wroteBack = 0;
  if (!ranges) {
    const dirty = [...s.cache].filter(([, c]) => c.dirty).map(([l]) => l);
    for (const l of dirty)
      wroteBack += applyCacheOp(s, 'clean', l * s.profile.cacheLine, s.profile.cacheLine).wroteBack;
    if (!ctx.quiet)
      ctx.emit(
        {
          type: 'cacheLinesChanged',
          op: 'evict',
          phys: 'all',
          lines: dirty.length,
          wroteBack,
          discarded: 0,
          discardedDirty: 0,
          filled: 0,
        },
        'cache_evict',
      );
  } else
    for (const r of ranges) {
      const n = applyCacheOp(s, 'clean', r.phys, r.len);
      wroteBack += n.wroteBack;
      emitLines(s, ctx, 'evict', r.phys, r.len, n, 'cache_evict');
    }
  return { ok: true, value: { wroteBack } };
}

/** driver_unbind: the driver lets go of the device; dma-debug reports what it still holds. */
export function driverUnbind(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const dev = deviceOf(s, args.dev);
  const pending = ctx.within('device_release_driver', () => checkUnbind(s, ctx, dev.name));
  return { ok: true, value: { dev: dev.name, pending } };
}
