// The common entry points of kernel/dma/mapping.c: dma_alloc_attrs, dma_free_attrs,
// dma_mmap_attrs, dma_get_sgtable_attrs, dma_alloc_pages / dma_alloc_noncoherent and their
// frees, plus the include/linux/dma-mapping.h wrappers shown as the attributes they pass.
// Dispatch as the kernel does: dma-iommu if the device is behind an IOMMU (arm_iommu ops on
// arm32), else dma-direct (which hands non-coherent arm32 allocations to arch_dma_alloc).
import { hexAddr } from '../arch/profiles';
import { zeroData, zeroThroughCache } from '../cache/cache';
import type { Ctx } from '../ctx';
import { fail } from '../ctx';
import { checkFree } from '../debug/debug';
import { findHighestFit, insertSpan, removeSpan } from '../mm/spans';
import type { BufferRec, MachineState, VmaRec } from '../state';
import { retireRecord } from '../state';
import type { DmaAttr, PfnRange, StepResult } from '../types';
import { formatSize } from '../units';
import { armArchDmaFree } from './arm32';
import type { AllocOutcome } from './common';
import { isLowmem } from './common';
import type { AllocReq } from './direct';
import { dmaDirectAlloc, dmaDirectAllocPages, dmaDirectFree, dmaDirectFreePages } from './direct';
import {
  armIommuAlloc,
  armIommuFree,
  iommuDmaAlloc,
  iommuDmaFree,
  iommuMapRanges,
  iommuProt,
  iommuUnmap,
} from './iommu';
import { attrsOf, bufferOf, claimName, deviceOf, dirOf, gfpOf, newId, pageAlign, sizeOf } from './request';

type Args = Readonly<Record<string, unknown>>;

/** One shared empty list for records without attributes or VMAs (records are never changed in place). */
const NONE: readonly string[] = Object.freeze([]);

/** What each wrapper passes to the *_attrs function (include/linux/dma-mapping.h). */
const WRAPPER_ATTRS: Readonly<Record<string, DmaAttr[]>> = {
  dma_alloc_coherent: [],
  dma_free_coherent: [],
  dma_mmap_coherent: [],
  dma_alloc_wc: ['DMA_ATTR_WRITE_COMBINE'],
  dma_free_wc: ['DMA_ATTR_WRITE_COMBINE'],
  dma_mmap_wc: ['DMA_ATTR_WRITE_COMBINE'],
};

function wrapperAttrs(ctx: Ctx, op: string, args: Args, gfp?: Set<string>): Set<DmaAttr> {
  const attrs = attrsOf(args.attrs);
  const extra = WRAPPER_ATTRS[op];
  if (extra) {
    if (args.attrs !== undefined && attrs.size > 0)
      fail('EINVAL', `attrs: ${op}() takes no attributes; it passes its own to the *_attrs call`);
    for (const a of extra) attrs.add(a);
    // dma_alloc_coherent/dma_alloc_wc pass DMA_ATTR_NO_WARN iff the gfp has __GFP_NOWARN.
    if (gfp?.has('__GFP_NOWARN')) attrs.add('DMA_ATTR_NO_WARN');
    if (!ctx.quiet)
      ctx.message(
        'info',
        `${op}() is a wrapper: it calls the *_attrs function with attrs = ${[...attrs].join(' | ') || '0'}`,
        op,
      );
  }
  return attrs;
}

function noteUnusedAttrs(ctx: Ctx, attrs: ReadonlySet<DmaAttr>): void {
  if (attrs.has('DMA_ATTR_WEAK_ORDERING')) {
    if (!ctx.quiet)
      ctx.emit({
        type: 'attrIgnored',
        attr: 'DMA_ATTR_WEAK_ORDERING',
        why: 'no mainline DMA path of this machine honours it (only SPARC sun4v and Cell IOMMUs do)',
      });
  }
  if (attrs.has('DMA_ATTR_SKIP_CPU_SYNC')) {
    if (!ctx.quiet)
      ctx.emit({
        type: 'attrIgnored',
        attr: 'DMA_ATTR_SKIP_CPU_SYNC',
        why: 'it concerns streaming map/unmap and sync, not coherent allocation',
      });
  }
}

function recordBuffer(
  s: MachineState,
  ctx: Ctx,
  id: string,
  name: string | null,
  out: AllocOutcome,
  req: AllocReq,
  meta: { kind: BufferRec['kind']; allocFn: string; gfp: Set<string>; dir: BufferRec['dir'] },
): BufferRec {
  const b: BufferRec = {
    id,
    name,
    kind: meta.kind,
    dev: req.dev.name,
    size: req.size,
    allocFn: meta.allocFn,
    attrs: req.attrs.size === 0 ? NONE : [...req.attrs],
    gfp: [...meta.gfp].join(' | '),
    path: out.path,
    source: out.source,
    extents: out.extents,
    pagesHeld: out.pagesHeld,
    pages: req.pages,
    zone: out.zone,
    cpu: out.cpu,
    vmallocPage: out.vmallocPage,
    linearRewrite: out.linearRewrite,
    hasLinearAlias:
      out.linearRewrite === null &&
      out.extents.every((r) => isLowmem(s, r.pfn)) &&
      out.source !== 'atomic_pool' &&
      out.source !== 'arm_atomic_pool',
    pool: out.pool,
    dmaAddr: out.dmaAddr,
    iommu: out.iommu,
    zeroed: out.zeroed,
    live: true,
    dir: meta.dir,
    vmas: NONE,
    createdAt: ctx.stepIndex,
  };
  s.buffers.add(id, b);
  // dma_alloc_pages zeroes through the cacheable linear map and does no cache maintenance.
  const dirtyZero = (meta.kind === 'noncoherent' || meta.kind === 'pages') && !req.dev.coherent;
  if (out.zeroed)
    for (const r of out.extents)
      (dirtyZero ? zeroThroughCache : zeroData)(s, r.pfn * s.profile.pageSize, r.count * s.profile.pageSize);
  if (!ctx.quiet) ctx.emit({ type: 'bufferCreated', buffer: id }, meta.allocFn);
  return b;
}

function enomem(_s: MachineState, req: AllocReq, fn: string): never {
  const nowarn = req.attrs.has('DMA_ATTR_NO_WARN') || req.flags.has('__GFP_NOWARN');
  fail(
    'ENOMEM',
    `${fn}(${req.dev.name}, ${formatSize(req.size)}) returned NULL${nowarn ? ' (no warning printed: NO_WARN)' : ''}`,
  );
}

function allocResult(s: MachineState, b: BufferRec): StepResult {
  return {
    ok: true,
    value: {
      buffer: b.id,
      cpuAddr: b.cpu.address,
      cpuAddrKind: b.cpu.kind,
      dmaAddr: hexAddr(s.profile, b.dmaAddr ?? 0),
      path: b.path,
    },
  };
}

/** dma_alloc_attrs and its wrappers dma_alloc_coherent / dma_alloc_wc. */
export function dmaAllocAttrs(s: MachineState, ctx: Ctx, op: string, args: Args): StepResult {
  const dev = deviceOf(s, args.dev);
  const size = sizeOf(args.size);
  const gfp = gfpOf(args.gfp);
  const attrs = wrapperAttrs(ctx, op, args, gfp);
  if (gfp.has('__GFP_COMP'))
    fail(
      'EINVAL',
      'dma_alloc_attrs: WARN_ON_ONCE(flag & __GFP_COMP): compound pages are refused; returns NULL',
    );
  const id = newId(s, 'b');
  const name = claimName(s, args.as, 'buffer', id);
  return ctx.within('dma_alloc_attrs', () => {
    // "let the implementation decide on the zone to allocate from"
    const stripped = ['__GFP_DMA', '__GFP_DMA32', '__GFP_HIGHMEM'].filter((f) => gfp.has(f));
    for (const f of stripped) gfp.delete(f);
    if (stripped.length)
      if (!ctx.quiet)
        ctx.message(
          'info',
          `dma_alloc_attrs strips ${stripped.join(', ')}: the implementation chooses the zone`,
        );
    noteUnusedAttrs(ctx, attrs);
    const req: AllocReq = {
      dev,
      size,
      pages: pageAlign(s, size) / s.profile.pageSize,
      flags: new Set(gfp),
      attrs,
      owner: id,
    };
    let out: AllocOutcome | null;
    let fn: string;
    if (dev.iommu && s.profile.iommu.ops === 'arm-iommu') {
      fn = 'arm_iommu_alloc_attrs';
      out = armIommuAlloc(s, ctx, req);
    } else if (dev.iommu) {
      fn = 'iommu_dma_alloc';
      out = iommuDmaAlloc(s, ctx, req);
    } else {
      fn = 'dma_direct_alloc';
      for (const a of [
        'DMA_ATTR_FORCE_CONTIGUOUS',
        'DMA_ATTR_ALLOC_SINGLE_PAGES',
        'DMA_ATTR_PRIVILEGED',
      ] as const) {
        if (attrs.has(a))
          if (!ctx.quiet)
            ctx.emit({
              type: 'attrIgnored',
              attr: a,
              why: 'dma-direct: no IOMMU, the buffer is always physically contiguous and there is no IOMMU prot to set',
            });
      }
      out = dmaDirectAlloc(s, ctx, req);
    }
    if (!out) enomem(s, req, fn);
    const b = recordBuffer(s, ctx, id, name, out, req, { kind: 'coherent', allocFn: op, gfp, dir: null });
    if (!ctx.quiet)
      ctx.emit(
        {
          type: 'kernelMessage',
          level: 'info',
          text: 'debug_dma_alloc_coherent: dma-debug records a "coherent" entry',
        },
        'debug_dma_alloc_coherent',
      );
    return allocResult(s, b);
  });
}

/** The allocator family that made a buffer; freeing with another family is what dma-debug flags. */
function freeBacking(s: MachineState, ctx: Ctx, b: BufferRec): void {
  const dev = s.config.devices.find((d) => d.name === b.dev)!;
  if (b.kind === 'noncoherent' || b.kind === 'pages') {
    if (b.iommu) {
      ctx.within('dma_common_free_pages', () => {
        iommuUnmap(s, ctx, b.iommu!.dev, b.iommu!.iovaPfn, b.id, false);
        dmaDirectFreePages(s, ctx, b);
      });
    } else dmaDirectFreePages(s, ctx, b);
    return;
  }
  if (dev.iommu && s.profile.iommu.ops === 'arm-iommu') armIommuFree(s, ctx, b);
  else if (dev.iommu) iommuDmaFree(s, ctx, b);
  else if (b.path.startsWith('arm __dma_alloc'))
    ctx.within('dma_direct_free', () => armArchDmaFree(s, ctx, b));
  else dmaDirectFree(s, ctx, b);
}

function killVmasOf(s: MachineState, ctx: Ctx, b: BufferRec): void {
  for (const vid of b.vmas) {
    const v = s.vmas.get(vid);
    if (v?.live) {
      ctx.message(
        'warn',
        `${v.process} still maps ${b.name ?? b.id} at ${hexAddr(s.profile, v.start)}: the pages stay mapped in userspace after the free (use-after-free); the model unmaps it`,
      );
      removeVma(s, ctx, v, 'unmap_region');
    }
  }
}

/** dma_free_attrs and its wrappers; dma_free_pages / dma_free_noncoherent. */
export function dmaFree(s: MachineState, ctx: Ctx, op: string, args: Args): StepResult {
  const b = bufferOf(s, args.buf);
  const attrs = wrapperAttrs(ctx, op, args);
  const entry = op === 'dma_free_noncoherent' || op === 'dma_free_pages' ? op : 'dma_free_attrs';
  return ctx.within(entry, () => {
    const isCoherentFree = entry === 'dma_free_attrs';
    const freeSize = args.size !== undefined ? sizeOf(args.size) : b.size;
    if (b.kind === 'kmalloc' || b.kind === 'driver_pages' || b.kind === 'vmalloc')
      fail(
        'EINVAL',
        `${b.name ?? b.id} was not made by a DMA allocator; free it with ${b.kind === 'kmalloc' ? 'kfree' : b.kind === 'vmalloc' ? 'vfree' : '__free_pages'}`,
      );
    checkFree(s, ctx, b, isCoherentFree ? 'coherent' : 'noncoherent', freeSize);
    if (!b.live)
      fail(
        'EINVAL',
        `double free of ${b.name ?? b.id}: it was already freed; the kernel would corrupt memory here (dma-debug reports it)`,
      );
    const hadNkm = b.attrs.includes('DMA_ATTR_NO_KERNEL_MAPPING');
    if (isCoherentFree && hadNkm !== attrs.has('DMA_ATTR_NO_KERNEL_MAPPING')) {
      ctx.message(
        'warn',
        `dma_free_attrs: DMA_ATTR_NO_KERNEL_MAPPING must be passed to the free exactly as to the allocation (dma-attributes.rst); ${hadNkm ? 'it is missing' : 'it was not used at allocation'}`,
      );
    }
    killVmasOf(s, ctx, b);
    freeBacking(s, ctx, b);
    retireRecord(s, s.buffers, b);
    if (!ctx.quiet) ctx.emit({ type: 'bufferFreed', buffer: b.id }, entry);
    return { ok: true, value: { buffer: b.id, freedPages: b.pagesHeld } };
  });
}

/** dma_alloc_pages / dma_alloc_noncoherent: cacheable, contiguous pages the driver syncs itself. */
export function dmaAllocPages(s: MachineState, ctx: Ctx, op: string, args: Args): StepResult {
  const dev = deviceOf(s, args.dev);
  const size = sizeOf(args.size);
  const gfp = gfpOf(args.gfp);
  const dir = dirOf(args.dir, 'DMA_BIDIRECTIONAL');
  if (args.attrs !== undefined && attrsOf(args.attrs).size > 0)
    fail('EINVAL', `attrs: ${op}() takes no attributes`);
  for (const f of ['__GFP_DMA', '__GFP_DMA32', '__GFP_HIGHMEM', '__GFP_COMP']) {
    if (gfp.has(f)) fail('EINVAL', `${op}: WARN_ON_ONCE: gfp must not carry ${f}; returns NULL`);
  }
  const id = newId(s, 'b');
  const name = claimName(s, args.as, 'buffer', id);
  return ctx.within(op, () =>
    ctx.within('dma_alloc_pages', () => {
      const req: AllocReq = {
        dev,
        size,
        pages: pageAlign(s, size) / s.profile.pageSize,
        flags: new Set(gfp),
        attrs: new Set(),
        owner: id,
      };
      let out = dev.iommu
        ? ctx.within('dma_common_alloc_pages', () => dmaDirectAllocPagesNoDirect(s, ctx, req))
        : dmaDirectAllocPages(s, ctx, req);
      if (!out) enomem(s, req, op);
      if (dev.iommu) {
        const prot = iommuProt(s, dev, dir, false, false);
        const iova = ctx.within('iommu_dma_map_page', () =>
          iommuMapRanges(s, ctx, dev, out!.extents, prot, id, false),
        );
        if (!iova) {
          dmaDirectFreePages(s, ctx, { ...out, id } as unknown as BufferRec);
          enomem(s, req, op);
        }
        out = {
          ...out,
          path: 'dma-iommu dma_common_alloc_pages',
          dmaAddr: iova.pfn * s.profile.pageSize,
          iommu: { dev: dev.name, iovaPfn: iova.pfn, pages: iova.pages, prot },
        };
      }
      const b = recordBuffer(s, ctx, id, name, out, req, {
        kind: op === 'dma_alloc_noncoherent' ? 'noncoherent' : 'pages',
        allocFn: op,
        gfp,
        dir,
      });
      return allocResult(s, b);
    }),
  );
}

/** dma_common_alloc_pages: the same contiguous pages, later mapped through the IOMMU. */
function dmaDirectAllocPagesNoDirect(s: MachineState, ctx: Ctx, req: AllocReq): AllocOutcome | null {
  const out = dmaDirectAllocPages(s, ctx, { ...req, dev: { ...req.dev, dmaMaskBits: 64 } });
  return out ? { ...out, path: 'dma_common_alloc_pages' } : null;
}

// --- userspace: dma_mmap_attrs and munmap ---------------------------------------------------------

function removeVma(s: MachineState, ctx: Ctx, v: VmaRec, fn: string): void {
  removeSpan(s.processes.get(v.process)!, v.start / s.profile.pageSize);
  retireRecord(s, s.vmas, v);
  if (ctx.quiet) return;
  const start = hexAddr(s.profile, v.start);
  ctx.emit(
    { type: 'ptesCleared', space: 'user', start, pages: v.pages, owner: v.buffer },
    'zap_page_range_single',
  );
  ctx.emit({ type: 'vmaRemoved', process: v.process, start, pages: v.pages, owner: v.buffer }, fn);
}

/** The pages [pgoff, pgoff + count) of a buffer, as physical runs. */
function slicePages(extents: readonly PfnRange[], pgoff: number, count: number): readonly PfnRange[] {
  // The whole buffer: share its runs (records are immutable) rather than copy them per VMA.
  if (pgoff === 0 && count === extents.reduce((n, r) => n + r.count, 0)) return extents;
  const out: PfnRange[] = [];
  let skip = pgoff;
  let need = count;
  for (const r of extents) {
    if (need === 0) break;
    if (skip >= r.count) {
      skip -= r.count;
      continue;
    }
    const n = Math.min(r.count - skip, need);
    out.push({ pfn: r.pfn + skip, count: n });
    need -= n;
    skip = 0;
  }
  return out;
}

/** dma_mmap_attrs and dma_mmap_coherent / dma_mmap_wc: a user VMA with dma_pgprot's memory type. */
export function dmaMmap(s: MachineState, ctx: Ctx, op: string, args: Args): StepResult {
  const b = bufferOf(s, args.buf);
  const attrs = wrapperAttrs(ctx, op, args);
  const proc = args.process;
  if (typeof proc !== 'string' || !s.processes.has(proc)) {
    fail(
      'EINVAL',
      `process: no process "${String(proc)}" on this machine (${[...s.processes.keys()].join(', ') || 'none'})`,
    );
  }
  if (!b.live) fail('EINVAL', `${b.name ?? b.id} was freed: mmap of freed DMA memory`);
  if (b.kind === 'kmalloc' || b.kind === 'driver_pages')
    fail('EINVAL', `${b.name ?? b.id} is not a coherent DMA buffer; dma_mmap_attrs needs one`);
  const ps = s.profile.pageSize;
  const offset = args.offset === undefined ? 0 : sizeOfOrZero(args.offset, 'offset');
  if (offset % ps !== 0) fail('EINVAL', `offset: ${offset} is not page aligned (vm_pgoff counts pages)`);
  const length = args.length === undefined ? b.pages * ps - offset : sizeOf(args.length, 'length');
  const pgoff = offset / ps;
  const count = Math.ceil(length / ps);
  const dev = s.config.devices.find((d) => d.name === b.dev)!;
  const id = newId(s, 'v');
  const name = claimName(s, args.as, 'vma', id);
  return ctx.within('dma_mmap_attrs', () => {
    if (b.kind !== 'coherent')
      ctx.message(
        'warn',
        `${b.name ?? b.id} came from ${b.allocFn}: map it with dma_mmap_pages / dma_mmap_noncontiguous, not dma_mmap_attrs`,
      );
    const attrMismatch =
      b.attrs.includes('DMA_ATTR_NO_KERNEL_MAPPING') !== attrs.has('DMA_ATTR_NO_KERNEL_MAPPING');
    if (attrMismatch && b.kind === 'coherent')
      ctx.message(
        'warn',
        'dma_mmap_attrs: pass the same DMA_ATTR_NO_KERNEL_MAPPING as at allocation (dma-attributes.rst)',
      );
    const armOps = s.profile.iommu.ops === 'arm-iommu';
    const impl = dev.iommu ? (armOps ? 'arm_iommu_mmap_attrs' : 'iommu_dma_mmap') : 'dma_direct_mmap';
    return ctx.within(impl, () => {
      // dma_pgprot(): coherent devices keep the VMA's cacheable prot.
      let prot = s.profile.pgprot.user;
      if (b.kind === 'coherent' && !dev.coherent) {
        // arm_iommu_mmap_attrs uses __get_dma_pgprot (honours WC); dma_pgprot needs ARCH_HAS_DMA_WRITE_COMBINE,
        // which none of the modelled configurations select (ARMv7 has ARM_DMA_MEM_BUFFERABLE).
        const wc = attrs.has('DMA_ATTR_WRITE_COMBINE') && dev.iommu && armOps;
        prot = wc ? s.profile.pgprot.writecombine : s.profile.pgprot.dmacoherent;
        if (attrs.has('DMA_ATTR_WRITE_COMBINE') && !wc) {
          if (!ctx.quiet)
            ctx.emit({
              type: 'attrIgnored',
              attr: 'DMA_ATTR_WRITE_COMBINE',
              why: `no ARCH_HAS_DMA_WRITE_COMBINE on ${s.profile.name}: pgprot_dmacoherent (${prot.name})`,
            });
        }
      } else if (attrs.has('DMA_ATTR_WRITE_COMBINE') && b.kind === 'coherent') {
        if (!ctx.quiet)
          ctx.emit({
            type: 'attrIgnored',
            attr: 'DMA_ATTR_WRITE_COMBINE',
            why: 'coherent device: dma_pgprot() returns the VMA protection unchanged (cacheable)',
          });
      }
      if (!ctx.quiet)
        ctx.emit(
          { type: 'kernelMessage', level: 'info', text: `vma->vm_page_prot = ${prot.name}` },
          'dma_pgprot',
        );
      if (pgoff >= b.pages || count > b.pages - pgoff) {
        fail(
          'ENXIO',
          `${impl}: vm_pgoff ${pgoff} + ${count} pages exceeds the buffer's ${b.pages} pages: -ENXIO`,
        );
      }
      const spans = s.processes.get(proc)!;
      const startPage = findHighestFit(spans, 16, s.profile.mmapBase / ps, count, 1);
      if (startPage === null)
        fail('ENOMEM', `get_unmapped_area: no room for ${count} pages below mmap_base in ${proc}`);
      insertSpan(spans, { start: startPage, size: count, owner: id });
      const ranges = slicePages(b.extents, pgoff, count);
      const start = startPage * ps;
      const v: VmaRec = {
        id,
        name,
        process: proc,
        start,
        pages: count,
        memtype: prot.memtype,
        pgprot: prot.name,
        buffer: b.id,
        pgoff,
        ranges,
        live: true,
        fn: op,
      };
      s.vmas.add(id, v);
      s.buffers.set(b.id, { ...b, vmas: [...b.vmas, id] });
      const hex = hexAddr(s.profile, start);
      if (!ctx.quiet)
        ctx.emit(
          {
            type: 'vmaCreated',
            process: proc,
            start: hex,
            pages: count,
            memtype: prot.memtype,
            pgprot: prot.name,
            owner: b.id,
          },
          'mmap_region',
        );
      const mapFn = ranges.length > 1 ? 'vm_map_pages' : 'remap_pfn_range';
      if (!ctx.quiet)
        ctx.emit(
          {
            type: 'ptesWritten',
            space: 'user',
            start: hex,
            pages: count,
            ranges,
            memtype: prot.memtype,
            pgprot: prot.name,
            owner: b.id,
          },
          mapFn,
        );
      return {
        ok: true,
        value: { vma: id, start: hex, pages: count, memtype: prot.memtype, pgprot: prot.name },
      } as StepResult;
    });
  });
}

function sizeOfOrZero(v: unknown, what: string): number {
  return v === 0 || v === '0' ? 0 : sizeOf(v, what);
}

export function munmap(s: MachineState, ctx: Ctx, args: Args): StepResult {
  const ref = typeof args.vma === 'string' ? s.names.get(args.vma) : undefined;
  if (ref?.kind !== 'vma') fail('EINVAL', `vma: no VMA named ${JSON.stringify(args.vma)}`);
  const v = s.vmas.get(ref.id)!;
  if (!v.live) fail('EINVAL', `munmap: ${String(args.vma)} is already unmapped`);
  return ctx.within('munmap', () => {
    removeVma(s, ctx, v, 'do_vmi_munmap');
    const b = s.buffers.get(v.buffer);
    if (b) s.buffers.set(b.id, { ...b, vmas: b.vmas.filter((x) => x !== v.id) });
    return { ok: true, value: { vma: v.id } };
  });
}

/** dma_get_sgtable_attrs: the physical pages of a buffer as an sg_table (no state change). */
export function dmaGetSgtable(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const b = bufferOf(s, args.buf);
  attrsOf(args.attrs);
  if (!b.live) fail('EINVAL', `${b.name ?? b.id} was freed`);
  return ctx.within('dma_get_sgtable_attrs', () => {
    const dev = s.config.devices.find((d) => d.name === b.dev);
    const impl = dev?.iommu ? 'iommu_dma_get_sgtable' : 'dma_direct_get_sgtable';
    return ctx.within(impl, () => {
      const entries = b.extents.length > 1 ? b.extents : [{ pfn: b.extents[0]!.pfn, count: b.pages }];
      if (b.extents.length > 1) ctx.within('sg_alloc_table_from_pages', () => undefined);
      if (!ctx.quiet)
        ctx.message(
          'info',
          `${entries.length} scatterlist entr${entries.length === 1 ? 'y' : 'ies'}; the kernel calls this API "fundamentally unsafe" for coherent memory`,
        );
      return {
        ok: true,
        value: {
          nents: entries.length,
          entries: entries.map((r) => ({
            phys: hexAddr(s.profile, r.pfn * s.profile.pageSize),
            length: r.count * s.profile.pageSize,
          })),
        },
      } as StepResult;
    });
  });
}

export { iommuUnmap };
