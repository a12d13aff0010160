// The streaming entry points of kernel/dma/mapping.c and include/linux/dma-mapping.h:
// dma_map_single_attrs, dma_map_page_attrs, dma_map_sg_attrs, dma_map_resource and their unmaps,
// dispatched as the kernel does: arm_iommu ops (arm32 behind an IOMMU), dma-iommu, else dma-direct.
// dma-debug's hooks run where the kernel calls them. Facts: §2.3, §2.4.
import { hexAddr } from '../arch/profiles';
import type { Ctx } from '../ctx';
import { fail } from '../ctx';
import { cachelineInsert, cachelineRemove, checkUnmap, debugEnabled, errPrintk } from '../debug/debug';
import { iommuUnmap } from '../dma/iommu';
import { attrsOf, bufferOf, claimName, deviceOf, dirOf, newId, sizeOf } from '../dma/request';
import type { BufferRec, MachineState, StreamMapping, StreamSeg } from '../state';
import { retireRecord } from '../state';
import type { DeviceConfig, DmaDirection, StepResult } from '../types';
import type { SegIn } from './direct';
import { dmaDirectMapPage, dmaDirectMapResource, dmaDirectMapSg, dmaDirectUnmapPage } from './direct';
import type { IommuMapOut } from './iommu';
import {
  armIommuMap,
  armIommuUnmap,
  iommuDmaMapPage,
  iommuDmaMapSg,
  iommuDmaUnmap,
  iommuMapResource,
} from './iommu';
import { STACK_PATH } from './slab';

type Args = Readonly<Record<string, unknown>>;

/** A byte count that may be 0 (offsets). */
export function offsetOf(input: unknown, what = 'offset'): number {
  if (input === undefined || input === 0 || input === '0') return 0;
  return sizeOf(input, what);
}

/** A physical address: a number or a "0x..." string. */
function physOf(input: unknown): number {
  const n = typeof input === 'string' && /^0x[0-9a-f]+$/i.test(input) ? Number.parseInt(input, 16) : input;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    fail('EINVAL', 'phys: a physical address (a number or a "0x..." string) is required');
  return n;
}

/** The physical byte runs of [offset, offset + length) of a buffer, in buffer order. */
export function bufferBytes(s: MachineState, b: BufferRec, offset: number, length: number): SegIn[] {
  const ps = s.profile.pageSize;
  if (offset + length > b.size)
    fail(
      'EINVAL',
      `offset + size: ${offset}+${length} bytes lies beyond ${b.name ?? b.id} (${b.size} bytes)`,
    );
  const out: SegIn[] = [];
  let skip = offset + (b.byteOffset ?? 0);
  let need = length;
  for (const r of b.extents) {
    if (need <= 0) break;
    const bytes = r.count * ps;
    if (skip >= bytes) {
      skip -= bytes;
      continue;
    }
    const n = Math.min(bytes - skip, need);
    const phys = r.pfn * ps + skip;
    const last = out[out.length - 1];
    if (last && last.phys + last.len === phys) out[out.length - 1] = { ...last, len: last.len + n };
    else out.push({ buffer: b.id, phys, len: n });
    need -= n;
    skip = 0;
  }
  return out;
}

export function mappingOf(s: MachineState, name: unknown): StreamMapping {
  if (typeof name !== 'string')
    fail('EINVAL', 'map: the name of a streaming mapping made by an earlier step is required');
  const ref = s.names.get(name);
  if (ref?.kind !== 'map') fail('EINVAL', `map: no streaming mapping named "${name}"`);
  return s.mappings.get(ref.id)!;
}

/**
 * Claims a mapping's `as` name; a name whose mapping was unmapped may be given again (a driver
 * reuses its ring-slot names). `replaces` is that old record, forgotten once the new map succeeds.
 */
function claimMapName(
  s: MachineState,
  as: unknown,
  id: string,
): { name: string | null; replaces: string | null } {
  const old = typeof as === 'string' ? s.names.get(as) : undefined;
  if (old?.kind !== 'map' || s.mappings.get(old.id)?.live !== false)
    return { name: claimName(s, as, 'map', id), replaces: null };
  s.names.set(as as string, { kind: 'map', id });
  return { name: as as string, replaces: old.id };
}

function liveBuffer(s: MachineState, name: unknown, what = 'buf'): BufferRec {
  const b = bufferOf(s, name, what);
  if (!b.live)
    fail('EINVAL', `${what}: ${b.name ?? b.id} was freed; mapping freed memory is a use-after-free`);
  return b;
}

function lastMessage(ctx: Ctx): string {
  for (let i = ctx.events.length - 1; i >= 0; i--) {
    const e = ctx.events[i]!;
    if (e.type === 'kernelMessage') return `: ${e.text}`;
  }
  return '';
}

interface PathOut extends Omit<IommuMapOut, 'prot'> {
  readonly prot: readonly string[] | null;
  readonly armOps: boolean;
}

/**
 * Runs a map that may fail after it already did cache work (an sg list, or a bounce before an
 * IOVA shortage): the data slices are restored on failure, so a failed step leaves no trace.
 */
function withDataRollback<T>(s: MachineState, guard: boolean, body: () => T | null): T | null {
  if (!guard) return body();
  const saved = { memory: s.memory.clone(), cache: s.cache.clone(), written: s.written.clone() };
  const out = body();
  if (out === null) {
    s.memory = saved.memory;
    s.cache = saved.cache;
    s.written = saved.written;
  }
  return out;
}

/** The dispatch of dma_map_page_attrs / __dma_map_sg_attrs. */
function mapPath(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  segs: SegIn[],
  dir: DmaDirection,
  attrs: readonly string[],
  id: string,
  sg: boolean,
): PathOut | null {
  return withDataRollback(s, sg, () => dispatchMap(s, ctx, dev, segs, dir, attrs, id, sg));
}

function dispatchMap(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  segs: SegIn[],
  dir: DmaDirection,
  attrs: readonly string[],
  id: string,
  sg: boolean,
): PathOut | null {
  if (dev.iommu && s.profile.iommu.ops === 'arm-iommu') {
    const r = armIommuMap(s, ctx, dev, segs, dir, attrs, id, sg);
    return r && { ...r, armOps: true };
  }
  if (dev.iommu) {
    const r = sg
      ? iommuDmaMapSg(s, ctx, dev, segs, dir, attrs, id)
      : iommuDmaMapPage(s, ctx, dev, segs[0]!, dir, attrs, id);
    return r && { ...r, armOps: false };
  }
  if (sg) {
    const r = dmaDirectMapSg(s, ctx, dev, segs, dir, attrs, id);
    return (
      r && {
        segs: r,
        dmaSegs: r.map((g) => ({ dma: g.dma, len: g.len })),
        iovas: [],
        prot: null,
        armOps: false,
      }
    );
  }
  const r = dmaDirectMapPage(s, ctx, dev, segs[0]!, dir, attrs, id);
  return (
    r && {
      segs: [{ ...r, dma: r.devPhys }],
      dmaSegs: [{ dma: r.devPhys, len: r.len }],
      iovas: [],
      prot: null,
      armOps: false,
    }
  );
}

function record(
  s: MachineState,
  ctx: Ctx,
  id: string,
  name: string | null,
  replaces: string | null,
  dev: DeviceConfig,
  fields: Pick<StreamMapping, 'fn' | 'type' | 'dir' | 'attrs' | 'size'>,
  out: PathOut,
): StepResult {
  const m: StreamMapping = {
    id,
    name,
    dev: dev.name,
    ...fields,
    segs: out.segs,
    dmaSegs: out.dmaSegs,
    iovas: out.iovas,
    prot: out.prot,
    armOps: out.armOps,
    checked: false,
    live: true,
    createdAt: ctx.stepIndex,
  };
  s.mappings.add(id, m);
  if (replaces !== null) s.mappings.delete(replaces);
  const bounced = m.segs.some((g) => g.slot !== null);
  const dma = m.dmaSegs[0]?.dma ?? 0;
  if (!ctx.quiet)
    ctx.emit(
      {
        type: 'streamingMapped',
        mapping: id,
        dev: dev.name,
        dir: m.dir,
        dma: hexAddr(s.profile, dma),
        size: m.size,
        bounced,
      },
      fields.fn,
    );
  if (debugEnabled(s))
    ctx.within(m.type === 'scatter-gather' ? 'debug_dma_map_sg' : 'debug_dma_map_page', () =>
      cachelineInsert(s, ctx, m),
    );
  return {
    ok: true,
    value: {
      mapping: id,
      dmaAddr: hexAddr(s.profile, dma),
      bounced,
      nents: m.segs.length,
      dmaSegments: m.dmaSegs.map((g) => ({ dma: hexAddr(s.profile, g.dma), len: g.len })),
    },
  };
}

/** dma_map_single(_attrs) and dma_map_page(_attrs). */
export function dmaMapSingleOrPage(s: MachineState, ctx: Ctx, op: string, args: Args): StepResult {
  const dev = deviceOf(s, args.dev);
  const b = liveBuffer(s, args.buf);
  const dir = dirOf(args.dir);
  const attrs = [...attrsOf(args.attrs)];
  const offset = offsetOf(args.offset);
  const size = args.size === undefined ? b.size - offset : sizeOf(args.size);
  const single = op.startsWith('dma_map_single');
  const id = newId(s, 'm');
  const { name, replaces } = claimMapName(s, args.as, id);
  const fn = single ? 'dma_map_single_attrs' : 'dma_map_page_attrs';
  return ctx.within(fn, () => {
    if (single) {
      const pool = b.pool ? s.pools.find((p) => p.name === b.pool!.name) : null;
      if (b.cpu.kind === 'vmalloc' || (b.cpu.kind === 'pool' && pool?.mappedAt !== 'linear')) {
        ctx.message('warn', `${dev.name}: rejecting DMA map of vmalloc memory`, 'dma_map_single_attrs');
        fail(
          'DMA_MAPPING_ERROR',
          `dma_map_single_attrs returned DMA_MAPPING_ERROR: rejecting DMA map of vmalloc memory (${b.cpu.address})`,
        );
      }
      if (b.cpu.kind === 'cookie')
        fail(
          'EINVAL',
          `${b.name ?? b.id} has no kernel virtual address (${b.cpu.cookie ?? 'cookie'}); use dma_map_page`,
        );
    }
    const segs = bufferBytes(s, b, offset, size);
    if (segs.length !== 1)
      fail(
        'EINVAL',
        `${b.name ?? b.id}: bytes ${offset}+${size} are not physically contiguous; map them with dma_map_sg`,
      );
    const out = single
      ? ctx.within('dma_map_page_attrs', () => mapPath(s, ctx, dev, segs, dir, attrs, id, false))
      : mapPath(s, ctx, dev, segs, dir, attrs, id, false);
    if (out && b.path === STACK_PATH)
      ctx.within('debug_dma_map_page', () =>
        ctx.within('check_for_stack', () =>
          errPrintk(
            s,
            ctx,
            dev.name,
            `device driver maps memory from stack [probable addr=${hexAddr(s.profile, BigInt(b.cpu.address) + BigInt(offset))}]`,
          ),
        ),
      );
    if (!out) fail('DMA_MAPPING_ERROR', `${fn} returned DMA_MAPPING_ERROR${lastMessage(ctx)}`);
    return record(s, ctx, id, name, replaces, dev, { fn, type: 'single', dir, attrs, size }, out);
  });
}

/** dma_map_sg(_attrs): `bufs` lists the buffers of the scatterlist, one entry per contiguous run. */
export function dmaMapSg(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const dev = deviceOf(s, args.dev);
  if (!Array.isArray(args.bufs) || args.bufs.length === 0)
    fail('EINVAL', 'bufs: a list of buffer names (the scatterlist) is required');
  const segs = args.bufs.flatMap((n) => {
    const b = liveBuffer(s, n, 'bufs');
    return bufferBytes(s, b, 0, b.size);
  });
  const dir = dirOf(args.dir);
  const attrs = [...attrsOf(args.attrs)];
  const id = newId(s, 'm');
  const { name, replaces } = claimMapName(s, args.as, id);
  return ctx.within('dma_map_sg_attrs', () =>
    ctx.within('__dma_map_sg_attrs', () => {
      const out = mapPath(s, ctx, dev, segs, dir, attrs, id, true);
      if (!out) fail('EIO', `dma_map_sg_attrs returned 0 (no segments mapped)${lastMessage(ctx)}`);
      const size = segs.reduce((n, g) => n + g.len, 0);
      return record(
        s,
        ctx,
        id,
        name,
        replaces,
        dev,
        { fn: 'dma_map_sg_attrs', type: 'scatter-gather', dir, attrs, size },
        out,
      );
    }),
  );
}

/** dma_map_resource: an MMIO range (another device's BAR) for peer-to-peer DMA. */
export function dmaMapResource(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const dev = deviceOf(s, args.dev);
  const phys = physOf(args.phys);
  const size = sizeOf(args.size);
  const dir = dirOf(args.dir);
  const attrs = [...attrsOf(args.attrs)];
  const id = newId(s, 'm');
  const { name, replaces } = claimMapName(s, args.as, id);
  return ctx.within('dma_map_resource', () => {
    const ps = s.profile.pageSize;
    const pfn = Math.floor(phys / ps);
    let out: PathOut | null;
    if (dev.iommu) {
      const arm = s.profile.iommu.ops === 'arm-iommu';
      const r = iommuMapResource(s, ctx, dev, phys, size, dir, attrs, id, arm);
      out = r && { ...r, armOps: arm };
    } else {
      const dma = dmaDirectMapResource(s, ctx, dev, phys, size);
      out =
        dma === null
          ? null
          : {
              segs: [{ buffer: null, phys, len: size, devPhys: phys, slot: null, dma }],
              dmaSegs: [{ dma, len: size }],
              iovas: [],
              prot: null,
              armOps: false,
            };
    }
    if (!out) fail('DMA_MAPPING_ERROR', `dma_map_resource returned DMA_MAPPING_ERROR${lastMessage(ctx)}`);
    const result = record(
      s,
      ctx,
      id,
      name,
      replaces,
      dev,
      { fn: 'dma_map_resource', type: 'resource', dir, attrs, size },
      out,
    );
    if (pfn >= s.ramStartPfn && pfn < s.ramEndPfn)
      ctx.within('debug_dma_map_resource', () =>
        errPrintk(s, ctx, dev.name, `dma_map_resource called for RAM address ${hexAddr(s.profile, phys)}`),
      );
    return result;
  });
}

const UNMAP_TYPE: Readonly<Record<string, StreamMapping['type']>> = {
  dma_unmap_single: 'single',
  dma_unmap_single_attrs: 'single',
  dma_unmap_page: 'single',
  dma_unmap_page_attrs: 'single',
  dma_unmap_sg: 'scatter-gather',
  dma_unmap_sg_attrs: 'scatter-gather',
  dma_unmap_resource: 'resource',
};

/** dma_unmap_{single,page,sg}(_attrs), dma_unmap_resource. */
export function dmaUnmap(s: MachineState, ctx: Ctx, op: string, args: Args): StepResult {
  const m = mappingOf(s, args.map);
  const dev = deviceOf(s, m.dev);
  const type = UNMAP_TYPE[op]!;
  const dir = dirOf(args.dir, m.dir);
  const attrs = [...attrsOf(args.attrs)];
  const size = args.size === undefined ? m.size : sizeOf(args.size);
  const nents = args.nents === undefined ? m.segs.length : Number(args.nents);
  const entry =
    type === 'single'
      ? op.includes('single')
        ? 'dma_unmap_single_attrs'
        : 'dma_unmap_page_attrs'
      : op.replace(/_attrs$/, '') === 'dma_unmap_sg'
        ? 'dma_unmap_sg_attrs'
        : 'dma_unmap_resource';
  return ctx.within(entry, () => {
    const ref = { dev: dev.name, addr: m.dmaSegs[0]?.dma ?? 0, size, type, dir, nents };
    if (!m.live) {
      ctx.within(type === 'scatter-gather' ? 'debug_dma_unmap_sg' : 'debug_dma_unmap_page', () =>
        checkUnmap(s, ctx, ref, null),
      );
      return { ok: true, value: { mapping: m.id, alreadyUnmapped: true } };
    }
    if (type === 'scatter-gather') ctx.within('debug_dma_unmap_sg', () => checkUnmap(s, ctx, ref, m));
    const view = { ...m, dir, attrs };
    if (m.type === 'resource') {
      if (m.iovas.length > 0)
        ctx.within(m.armOps ? 'arm_iommu_unmap_resource' : 'iommu_dma_unmap_resource', () => {
          for (const v of m.iovas) iommuUnmap(s, ctx, dev.name, v.pfn, m.id, m.armOps);
        });
    } else if (m.armOps) armIommuUnmap(s, ctx, dev, view);
    else if (dev.iommu) iommuDmaUnmap(s, ctx, dev, view, size);
    else if (m.type === 'scatter-gather')
      ctx.within('dma_direct_unmap_sg', () => {
        for (const g of m.segs) dmaDirectUnmapPage(s, ctx, dev, g, g.len, dir, attrs, m.id);
      });
    else dmaDirectUnmapPage(s, ctx, dev, m.segs[0]!, Math.min(size, m.segs[0]!.len), dir, attrs, m.id);
    if (type !== 'scatter-gather')
      ctx.within(type === 'resource' ? 'debug_dma_unmap_resource' : 'debug_dma_unmap_page', () =>
        checkUnmap(s, ctx, ref, m),
      );
    cachelineRemove(s, m);
    retireRecord(s, s.mappings, m);
    if (!ctx.quiet)
      ctx.emit(
        {
          type: 'streamingUnmapped',
          mapping: m.id,
          dev: dev.name,
          dir,
          dma: hexAddr(s.profile, ref.addr),
          size: m.size,
          bounced: m.segs.some((g) => g.slot !== null),
        },
        entry,
      );
    return { ok: true, value: { mapping: m.id } };
  });
}

/** dma_mapping_error: the handle is never DMA_MAPPING_ERROR here (failed maps fail the step); dma-debug notes the check. */
export function dmaMappingError(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const m = mappingOf(s, args.map);
  return ctx.within('dma_mapping_error', () => {
    if (debugEnabled(s) && m.live)
      ctx.within('debug_dma_mapping_error', () => s.mappings.set(m.id, { ...m, checked: true }));
    return { ok: true, value: { mapping: m.id, ret: 0 } };
  });
}

/** Segments (with offsets into each) covered by [offset, offset + size) of a mapping's data. */
export function segmentsIn(
  m: StreamMapping,
  offset: number,
  size: number,
): Array<{ seg: StreamSeg; off: number; len: number; at: number }> {
  const out: Array<{ seg: StreamSeg; off: number; len: number; at: number }> = [];
  let pos = 0;
  for (const seg of m.segs) {
    const lo = Math.max(offset, pos);
    const hi = Math.min(offset + size, pos + seg.len);
    if (hi > lo) out.push({ seg, off: lo - pos, len: hi - lo, at: lo });
    pos += seg.len;
  }
  return out;
}
