// Driver memory for streaming DMA: kmalloc/kfree (mm/slub.c: kmalloc caches carved from slab
// pages, so small objects share pages and cache lines), kmalloc_large above KMALLOC_MAX_CACHE_SIZE,
// alloc_pages/__free_pages (mm/page_alloc.c) and vmalloc/vfree (mm/vmalloc.c, to show that
// dma_map_single refuses vmalloc memory).
import { hexAddr } from '../arch/profiles';
import { zeroData } from '../cache/cache';
import type { Ctx } from '../ctx';
import { fail } from '../ctx';
import { linearAddr } from '../dma/common';
import { bufferOf, claimName, gfpOf, newId, sizeOf } from '../dma/request';
import { allocPages, freePages, orderOf, vmap, vunmap } from '../mm/pages';
import type { BufferRec, MachineState, SlabRec } from '../state';
import { retireRecord, vmallocHex, zoneOfPfn } from '../state';
import type { PfnRange, StepResult } from '../types';

type Args = Readonly<Record<string, unknown>>;

/** KMALLOC_MAX_CACHE_SIZE with SLUB: two pages; larger requests go to the page allocator. */
const KMALLOC_MAX_CACHE_SIZE = 8192;

/** The kmalloc size classes of this architecture: kmalloc-96/-192 exist only below their alignment. */
export function kmallocClasses(s: MachineState): number[] {
  const min = s.profile.kmallocMinAlign;
  const out: number[] = [];
  for (const c of [8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192]) {
    if (c < min) continue;
    if (c === 96 && min > 32) continue;
    if (c === 192 && min > 64) continue;
    out.push(c);
  }
  return out;
}

/** kmalloc_size_roundup(): the object size kmalloc really hands out. */
export function kmallocSizeRoundup(s: MachineState, size: number): number {
  if (size > KMALLOC_MAX_CACHE_SIZE) return Math.ceil(size / s.profile.pageSize) * s.profile.pageSize;
  return kmallocClasses(s).find((c) => c >= size)!;
}

/** Slab order: at least 8 objects per slab, at most order 3 (SLUB's calculate_order, simplified). */
function slabOrder(s: MachineState, objSize: number): number {
  return Math.min(3, orderOf(Math.ceil((objSize * 8) / s.profile.pageSize)));
}

function pageRunsOf(s: MachineState, phys: number, size: number): PfnRange[] {
  const ps = s.profile.pageSize;
  const first = Math.floor(phys / ps);
  return [{ pfn: first, count: Math.ceil((phys + size) / ps) - first }];
}

function driverBuffer(
  s: MachineState,
  ctx: Ctx,
  id: string,
  name: string | null,
  fields: Pick<BufferRec, 'kind' | 'size' | 'allocFn' | 'gfp' | 'path' | 'extents' | 'pagesHeld' | 'cpu'> & {
    vmallocPage?: number;
    byteOffset?: number;
  },
): BufferRec {
  const first = fields.extents[0]!;
  const b: BufferRec = {
    id,
    name,
    dev: null,
    attrs: [],
    source: 'buddy',
    pages: fields.extents.reduce((n, r) => n + r.count, 0),
    zone: zoneOfPfn(s, first.pfn)?.name ?? null,
    vmallocPage: fields.vmallocPage ?? null,
    linearRewrite: null,
    hasLinearAlias: first.pfn < s.lowmemEndPfn,
    pool: null,
    dmaAddr: null,
    iommu: null,
    zeroed: false,
    live: true,
    dir: null,
    vmas: [],
    createdAt: ctx.stepIndex,
    kind: fields.kind,
    size: fields.size,
    allocFn: fields.allocFn,
    gfp: fields.gfp,
    path: fields.path,
    extents: fields.extents,
    pagesHeld: fields.pagesHeld,
    cpu: fields.cpu,
    ...(fields.byteOffset !== undefined ? { byteOffset: fields.byteOffset } : {}),
  };
  s.buffers.add(id, b);
  if (!ctx.quiet) ctx.emit({ type: 'bufferCreated', buffer: id }, fields.allocFn);
  return b;
}

function linearCpu(s: MachineState, phys: number): BufferRec['cpu'] {
  const k = s.profile.pgprot.kernel;
  const pfn = Math.floor(phys / s.profile.pageSize);
  const va = BigInt(linearAddr(s, pfn)) + BigInt(phys % s.profile.pageSize);
  return { kind: 'linear', address: hexAddr(s.profile, va), memtype: k.memtype, pgprot: k.name };
}

function enomem(fn: string, size: number): never {
  fail('ENOMEM', `${fn}(${size}) returned NULL`);
}

/** kmalloc(size, gfp): an object of the smallest fitting kmalloc cache, lowest free slot first. */
export function kmalloc(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const size = sizeOf(args.size);
  const gfp = gfpOf(args.gfp);
  const zero = gfp.has('__GFP_ZERO');
  const id = newId(s, 'k');
  const name = claimName(s, args.as, 'buffer', id);
  return ctx.within('kmalloc', () => {
    const gfpText = [...gfp].join(' | ');
    if (size > KMALLOC_MAX_CACHE_SIZE) {
      const order = orderOf(Math.ceil(size / s.profile.pageSize));
      const got = ctx.within('kmalloc_large', () => allocPages(s, ctx, gfp, order, id));
      if (!got) enomem('kmalloc', size);
      const phys = got.pfn * s.profile.pageSize;
      if (zero) zeroData(s, phys, size);
      const b = driverBuffer(s, ctx, id, name, {
        kind: 'kmalloc',
        size,
        allocFn: 'kmalloc',
        gfp: gfpText,
        path: 'kmalloc_large',
        extents: pageRunsOf(s, phys, size),
        pagesHeld: 1 << order,
        cpu: linearCpu(s, phys),
      });
      return { ok: true, value: { buffer: b.id, cpuAddr: b.cpu.address, cache: 'kmalloc_large' } };
    }
    const objSize = kmallocSizeRoundup(s, size);
    const cacheName = `kmalloc-${objSize >= 1024 ? `${objSize / 1024}k` : objSize}`;
    const slabs = (s.slabs.get(objSize) ?? []).slice();
    let idx = slabs.findIndex((sl) => sl.used.length < sl.objects);
    if (idx < 0) {
      const order = slabOrder(s, objSize);
      const got = ctx.within('allocate_slab', () => allocPages(s, ctx, gfp, order, cacheName));
      if (!got) enomem('kmalloc', size);
      const objects = Math.floor((s.profile.pageSize << order) / objSize);
      slabs.push({ pfn: got.pfn, order, objects, used: [] });
      slabs.sort((a, b) => a.pfn - b.pfn);
      idx = slabs.findIndex((sl) => sl.pfn === got.pfn);
    }
    const slab = slabs[idx]!;
    let obj = 0;
    while (slab.used.includes(obj)) obj++;
    const next: SlabRec = { ...slab, used: [...slab.used, obj].sort((a, b) => a - b) };
    slabs[idx] = next;
    s.slabs.set(objSize, slabs);
    const byte = obj * objSize;
    const ps = s.profile.pageSize;
    const phys = slab.pfn * ps + byte;
    if (zero) zeroData(s, phys, size);
    if (!ctx.quiet)
      ctx.emit(
        {
          type: 'slabObjectAllocated',
          cache: cacheName,
          phys: hexAddr(s.profile, phys),
          size: objSize,
          owner: id,
        },
        'slab_alloc_node',
      );
    const b = driverBuffer(s, ctx, id, name, {
      kind: 'kmalloc',
      size,
      allocFn: 'kmalloc',
      gfp: gfpText,
      path: cacheName,
      extents: pageRunsOf(s, phys, size),
      pagesHeld: 0,
      cpu: linearCpu(s, phys),
      byteOffset: phys % ps,
    });
    return { ok: true, value: { buffer: b.id, cpuAddr: b.cpu.address, cache: cacheName } };
  });
}

/** kfree: the object returns to its slab; an empty slab goes back to the page allocator (discard_slab). */
export function kfree(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const b = bufferOf(s, args.buf);
  if (b.kind !== 'kmalloc') fail('EINVAL', `${b.name ?? b.id} was not made by kmalloc`);
  if (!b.live) fail('EINVAL', `kfree of ${b.name ?? b.id} twice: a double free corrupts the slab`);
  return ctx.within('kfree', () => {
    const ps = s.profile.pageSize;
    if (b.byteOffset === undefined) {
      freePages(s, ctx, [{ pfn: b.extents[0]!.pfn, count: b.pagesHeld }], b.id, 'free_large_kmalloc');
    } else {
      const objSize = kmallocSizeRoundup(s, b.size);
      const phys = b.extents[0]!.pfn * ps + b.byteOffset;
      const slabs = (s.slabs.get(objSize) ?? []).slice();
      const idx = slabs.findIndex((sl) => phys >= sl.pfn * ps && phys < (sl.pfn + (1 << sl.order)) * ps);
      const slab = slabs[idx]!;
      const obj = (phys - slab.pfn * ps) / objSize;
      const used = slab.used.filter((o) => o !== obj);
      const cacheName = `kmalloc-${objSize >= 1024 ? `${objSize / 1024}k` : objSize}`;
      if (!ctx.quiet)
        ctx.emit(
          {
            type: 'slabObjectFreed',
            cache: cacheName,
            phys: hexAddr(s.profile, phys),
            size: objSize,
            owner: b.id,
          },
          'slab_free',
        );
      if (used.length === 0) {
        slabs.splice(idx, 1);
        ctx.within('discard_slab', () =>
          freePages(s, ctx, [{ pfn: slab.pfn, count: 1 << slab.order }], cacheName),
        );
      } else slabs[idx] = { ...slab, used };
      s.slabs.set(objSize, slabs);
    }
    retireRecord(s, s.buffers, b);
    if (!ctx.quiet) ctx.emit({ type: 'bufferFreed', buffer: b.id }, 'kfree');
    return { ok: true, value: { buffer: b.id } };
  });
}

function orderArg(s: MachineState, args: Args): number {
  if (args.order !== undefined) {
    const o = args.order;
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || o > 10)
      fail('EINVAL', 'order: a whole number from 0 to 10 (MAX_PAGE_ORDER) is required');
    return o;
  }
  if (args.size !== undefined) return orderOf(Math.ceil(sizeOf(args.size) / s.profile.pageSize));
  return 0;
}

/** alloc_pages(gfp, order): a naturally aligned block of 2^order pages for the driver. */
export function driverAllocPages(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const order = orderArg(s, args);
  const gfp = gfpOf(args.gfp);
  const id = newId(s, 'p');
  const name = claimName(s, args.as, 'buffer', id);
  return ctx.within('alloc_pages', () => {
    const got = allocPages(s, ctx, gfp, order, id);
    if (!got) fail('ENOMEM', `alloc_pages(order ${order}) returned NULL`);
    const size = s.profile.pageSize << order;
    const phys = got.pfn * s.profile.pageSize;
    if (gfp.has('__GFP_ZERO')) zeroData(s, phys, size);
    const lowmem = got.pfn < s.lowmemEndPfn;
    const b = driverBuffer(s, ctx, id, name, {
      kind: 'driver_pages',
      size,
      allocFn: 'alloc_pages',
      gfp: [...gfp].join(' | '),
      path: `alloc_pages order ${order}`,
      extents: [{ pfn: got.pfn, count: 1 << order }],
      pagesHeld: 1 << order,
      cpu: lowmem
        ? linearCpu(s, phys)
        : {
            kind: 'cookie',
            address: '(highmem: kmap it)',
            memtype: null,
            pgprot: null,
            cookie: 'struct page *',
          },
    });
    return { ok: true, value: { buffer: b.id, phys: hexAddr(s.profile, phys), cpuAddr: b.cpu.address } };
  });
}

/** __free_pages(page, order). */
export function driverFreePages(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const b = bufferOf(s, args.buf);
  if (b.kind !== 'driver_pages') fail('EINVAL', `${b.name ?? b.id} was not made by alloc_pages`);
  if (!b.live) fail('EINVAL', `__free_pages of ${b.name ?? b.id} twice: the page allocator would corrupt`);
  return ctx.within('__free_pages', () => {
    freePages(s, ctx, b.extents, b.id);
    retireRecord(s, s.buffers, b);
    if (!ctx.quiet) ctx.emit({ type: 'bufferFreed', buffer: b.id }, '__free_pages');
    return { ok: true, value: { buffer: b.id } };
  });
}

/** Where a task's kernel stack lives with CONFIG_VMAP_STACK (default on every profile): the vmalloc area. */
export const STACK_PATH = 'task stack (CONFIG_VMAP_STACK)';

/**
 * vmalloc(size): order-0 pages gathered anywhere and mapped contiguously in the vmalloc area.
 * `stack_buffer` is the same memory seen as a local array on the task's vmapped kernel stack.
 */
export function driverVmalloc(s: MachineState, ctx: Ctx, op: string, args: Args): StepResult {
  const size = sizeOf(args.size);
  const id = newId(s, 'v');
  const name = claimName(s, args.as, 'buffer', id);
  const stack = op === 'stack_buffer';
  return ctx.within(stack ? 'alloc_thread_stack_node' : 'vmalloc', () => {
    const pages = Math.ceil(size / s.profile.pageSize);
    const got: PfnRange[] = [];
    const flags = new Set(['GFP_KERNEL', '__GFP_HIGHMEM']);
    for (let i = 0; i < pages; i++) {
      const p = allocPages(s, ctx, flags, 0, id);
      if (!p) {
        if (got.length) freePages(s, ctx, got, id);
        enomem('vmalloc', size);
      }
      got.push({ pfn: p.pfn, count: 1 });
    }
    const k = s.profile.pgprot.kernel;
    const page = vmap(s, ctx, got, k.memtype, k.name, id);
    if (page === null) {
      freePages(s, ctx, got, id);
      enomem('vmalloc', size);
    }
    const b = driverBuffer(s, ctx, id, name, {
      kind: 'vmalloc',
      size,
      allocFn: stack ? 'stack_buffer' : 'vmalloc',
      gfp: 'GFP_KERNEL | __GFP_HIGHMEM',
      path: stack ? STACK_PATH : 'vmalloc',
      extents: got,
      pagesHeld: pages,
      vmallocPage: page,
      cpu: {
        kind: 'vmalloc',
        address: vmallocHex(s, page),
        memtype: k.memtype,
        pgprot: k.name,
      },
    });
    return { ok: true, value: { buffer: b.id, cpuAddr: b.cpu.address } };
  });
}

export function driverVfree(s: MachineState, ctx: Ctx, _op: string, args: Args): StepResult {
  const b = bufferOf(s, args.buf);
  if (b.kind !== 'vmalloc' || !b.live) fail('EINVAL', `${b.name ?? b.id} is not live vmalloc memory`);
  return ctx.within('vfree', () => {
    vunmap(s, ctx, b.vmallocPage!, b.id);
    freePages(s, ctx, b.extents, b.id);
    retireRecord(s, s.buffers, b);
    if (!ctx.quiet) ctx.emit({ type: 'bufferFreed', buffer: b.id }, 'vfree');
    return { ok: true, value: { buffer: b.id } };
  });
}
