// Coherent allocations behind an IOMMU: drivers/iommu/dma-iommu.c (iommu_dma_alloc and its
// scattered "remap" path and contiguous path, iommu_dma_free) and, on 32-bit ARM,
// arch/arm/mm/dma-mapping.c's arm_iommu ops (arm_iommu_alloc_attrs, __iommu_alloc_buffer,
// __iommu_create_mapping). Facts: kernel-dma-facts.md §7.6, §8.
import { hexAddr } from '../arch/profiles';
import type { Ctx } from '../ctx';
import { allocIovaArm, allocIovaFast, freeIova } from '../iommu/iova';
import { appendRun, MAX_PAGE_ORDER } from '../mm/buddy';
import {
  allocPages,
  cmaAlloc,
  cmaRelease,
  freePages,
  gfpZone,
  isInCma,
  mergeRanges,
  orderOf,
  pagesOf,
  takeFromZonelist,
  takePagesFromZonelist,
  vmap,
  vunmap,
} from '../mm/pages';
import type { BufferRec, IovaDomain, MachineState } from '../state';
import { vmallocHex, zoneOfPfn } from '../state';
import type { DeviceConfig, PfnRange } from '../types';
import { armArchDmaAlloc, armArchDmaFree, armDmaPgprot } from './arm32';
import type { AllocOutcome } from './common';
import { cacheMaint, isLowmem, linearAddr, pageCookie, prepCoherent, zeroPages } from './common';
import type { AllocReq } from './direct';
import { allocFromGenericPool, freeToGenericPool } from './direct';
import { allowsBlocking, maskLimit, noteIgnored } from './request';

/** dma_info_to_prot (dma-iommu) / __dma_info_to_prot (arm32): IOMMU_READ/WRITE/CACHE/PRIV. */
export function iommuProt(
  _s: MachineState,
  dev: DeviceConfig,
  dir: string,
  privileged: boolean,
  armOps: boolean,
): readonly string[] {
  // A handful of distinct lists: each is made once and shared by every mapping that has it.
  const key = `${dev.coherent && !armOps ? 'c' : ''}${privileged ? 'p' : ''}${dir}`;
  let prot = PROTS.get(key);
  if (!prot) {
    const list: string[] = [];
    if (dev.coherent && !armOps) list.push('IOMMU_CACHE');
    if (privileged) list.push('IOMMU_PRIV');
    if (dir === 'DMA_BIDIRECTIONAL') list.push('IOMMU_READ', 'IOMMU_WRITE');
    else if (dir === 'DMA_TO_DEVICE') list.push('IOMMU_READ');
    else if (dir === 'DMA_FROM_DEVICE') list.push('IOMMU_WRITE');
    prot = Object.freeze(list);
    PROTS.set(key, prot);
  }
  return prot;
}
const PROTS = new Map<string, readonly string[]>();

function domainOf(s: MachineState, dev: DeviceConfig): IovaDomain {
  return s.domains.get(dev.name)!;
}

/** __iommu_dma_map / __iommu_create_mapping: one IOVA range, page-table entries for the runs. */
export function iommuMapRanges(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  ranges: readonly PfnRange[],
  prot: readonly string[],
  owner: string,
  armOps: boolean,
): { pfn: number; pages: number } | null {
  const dom = domainOf(s, dev);
  const pages = pagesOf(ranges);
  const iova = armOps
    ? ctx.within('__alloc_iova', () => allocIovaArm(dom, pages, owner))
    : ctx.within('iommu_dma_alloc_iova', () =>
        ctx.within('alloc_iova_fast', () =>
          allocIovaFast(dom, pages, Math.floor(maskLimit(dev.dmaMaskBits) / s.profile.pageSize) + 1, owner),
        ),
      );
  if (!iova) {
    ctx.message(
      'warn',
      `${dev.name}: IOVA space exhausted (${pages} pages below the DMA mask): mapping fails`,
    );
    return null;
  }
  const addr = ctx.quiet ? '' : hexAddr(s.profile, iova.pfn * s.profile.pageSize);
  if (!ctx.quiet)
    ctx.emit(
      { type: 'iovaReserved', dev: dev.name, iova: addr, size: iova.pages * s.profile.pageSize, owner },
      armOps ? '__alloc_iova' : 'alloc_iova',
    );
  const merged = mergeRanges(ranges);
  dom.ptes.set(iova.pfn, { ranges: merged, prot, owner });
  if (!ctx.quiet)
    ctx.emit(
      { type: 'iommuMapped', dev: dev.name, iova: addr, ranges: merged, prot, owner },
      armOps ? 'iommu_map' : 'iommu_map_sg',
    );
  return iova;
}

export function iommuUnmap(
  s: MachineState,
  ctx: Ctx,
  dev: string,
  iovaPfn: number,
  owner: string,
  armOps: boolean,
): void {
  const dom = s.domains.get(dev)!;
  const entry = dom.ptes.get(iovaPfn);
  dom.ptes.delete(iovaPfn);
  const span = dom.spans.find((x) => x.start === iovaPfn);
  freeIova(dom, iovaPfn);
  const addr = ctx.quiet ? '' : hexAddr(s.profile, iovaPfn * s.profile.pageSize);
  const size = (span?.size ?? pagesOf(entry?.ranges ?? [])) * s.profile.pageSize;
  if (!ctx.quiet) ctx.emit({ type: 'iommuUnmapped', dev, iova: addr, size, owner }, 'iommu_unmap');
  if (!ctx.quiet)
    ctx.emit({ type: 'iovaFreed', dev, iova: addr, size, owner }, armOps ? '__free_iova' : 'free_iova_fast');
}

/** The allowed orders, largest first (one array per distinct list: they come from the profile). */
const orderMasks = new Map<string, readonly number[]>();
function descendingOrders(orders: readonly number[]): readonly number[] {
  const key = orders.join();
  let mask = orderMasks.get(key);
  if (!mask) {
    mask = orders.filter((o) => o <= MAX_PAGE_ORDER).sort((a, b) => b - a);
    orderMasks.set(key, mask);
  }
  return mask;
}

/**
 * __iommu_dma_alloc_pages: largest allowed orders first, __GFP_NORETRY while smaller remain; an
 * order that fails is dropped from the mask for good. Each alloc_pages_node call takes one block
 * through the zonelist (takeFromZonelist); the calls are shown as one event per order.
 */
function allocScattered(s: MachineState, ctx: Ctx, req: AllocReq, orders: number[]): PfnRange[] | null {
  return ctx.within('__iommu_dma_alloc_pages', () => {
    // With __GFP_HIGHMEM added, every call has the same highest zone (__GFP_NORETRY and
    // __GFP_NOWARN change only whether the allocator retries and warns).
    const flags = new Set(req.flags);
    flags.add('__GFP_NOWARN');
    flags.add('__GFP_HIGHMEM');
    const top = gfpZone(s, flags);
    const mask = descendingOrders(orders);
    const dropped = mask.map(() => false);
    // Physically consecutive blocks merged as they come (what mergeRanges would give).
    const got: { pfn: number; count: number }[] = [];
    const calls = mask.map(() => 0);
    const perOrder: PfnRange[][] | null = ctx.quiet ? null : mask.map(() => []);
    let count = req.pages;
    const single = mask.indexOf(0);
    while (count > 0) {
      // Once order 0 is the only order left that fits, the remaining calls are all
      // alloc_pages_node(order 0): take them in one pass (the same pages, in the same order).
      if (single >= 0 && !dropped[single] && mask.every((o, i) => o === 0 || dropped[i] || 1 << o > count)) {
        let n: number;
        if (perOrder) {
          const runs: { pfn: number; count: number }[] = [];
          n = takePagesFromZonelist(s, top, count, runs);
          for (const r of runs) {
            perOrder[single]!.push({ pfn: r.pfn, count: r.count });
            appendRun(got, r.pfn, r.count);
          }
        } else n = takePagesFromZonelist(s, top, count, got);
        calls[single]! += n;
        count -= n;
        if (count > 0) {
          if (got.length > 0) freePages(s, ctx, got, req.owner);
          return null;
        }
        break;
      }
      let taken = -1;
      for (let i = 0; i < mask.length; i++) {
        if (dropped[i] || 1 << mask[i]! > count) continue;
        const pfn = takeFromZonelist(s, top, mask[i]!);
        if (pfn < 0) {
          dropped[i] = true;
          continue;
        }
        const size = 1 << mask[i]!;
        calls[i]!++;
        if (perOrder) perOrder[i]!.push({ pfn, count: size });
        appendRun(got, pfn, size);
        count -= size;
        taken = i;
        break;
      }
      if (taken < 0) {
        if (got.length > 0) freePages(s, ctx, got, req.owner);
        return null;
      }
    }
    mask.forEach((order, i) => {
      const n = calls[i]!;
      if (n === 0) return;
      ctx.within('alloc_pages_node', () => {
        // `calls` keeps every call the kernel makes; the event stands for all of them.
        for (let j = 1; j < n; j++) ctx.calls.push('alloc_pages_node');
        if (!perOrder) return;
        const ranges = perOrder[i]!;
        if (!ctx.quiet)
          ctx.emit(
            {
              type: 'pagesAllocated',
              source: 'buddy',
              zone: zoneOfPfn(s, ranges[0]!.pfn)?.name ?? null,
              ranges: mergeRanges(ranges),
              order,
              owner: req.owner,
              allocations: n,
            },
            '__alloc_pages',
          );
        if (n > 1) {
          const split = order > 0 ? '; split_page() splits each block into single pages' : '';
          if (!ctx.quiet) ctx.message('info', `alloc_pages_node(order ${order}) called ${n} times${split}`);
        }
      });
    });
    return got;
  });
}

/** iommu_dma_alloc: scattered pages stitched into one IOVA range, or the contiguous/pool paths. */
export function iommuDmaAlloc(s: MachineState, ctx: Ctx, req: AllocReq): AllocOutcome | null {
  return ctx.within('iommu_dma_alloc', () => {
    noteIgnored(
      ctx,
      req.attrs,
      'DMA_ATTR_NO_KERNEL_MAPPING',
      'iommu_dma_alloc does not look at it: a kernel mapping is made anyway',
    );
    const prot = iommuProt(s, req.dev, 'DMA_BIDIRECTIONAL', req.attrs.has('DMA_ATTR_PRIVILEGED'), false);
    const pg = req.dev.coherent ? s.profile.pgprot.kernel : s.profile.pgprot.dmacoherent;
    noteIgnored(
      ctx,
      req.attrs,
      'DMA_ATTR_WRITE_COMBINE',
      req.dev.coherent
        ? 'coherent device: dma_pgprot() keeps the cacheable protection'
        : `dma_pgprot() gives pgprot_dmacoherent on ${s.profile.name}`,
    );
    const blocking = allowsBlocking(req.flags);
    if (blocking && !req.attrs.has('DMA_ATTR_FORCE_CONTIGUOUS')) {
      return ctx.within('iommu_dma_alloc_remap', () => {
        const single = req.attrs.has('DMA_ATTR_ALLOC_SINGLE_PAGES');
        const sizes = s.profile.iommu.pageSizes.map((x) => orderOf(x / s.profile.pageSize));
        const orders = single ? [Math.min(...sizes)] : sizes;
        const ranges = ctx.within('__iommu_dma_alloc_noncontiguous', () =>
          allocScattered(s, ctx, req, orders),
        );
        if (!ranges) return null;
        zeroPages(ctx, 'linear', ranges, '__GFP_ZERO');
        if (!req.dev.coherent) prepCoherent(s, ctx, ranges, false);
        const iova = iommuMapRanges(s, ctx, req.dev, ranges, prot, req.owner, false);
        if (!iova) {
          freePages(s, ctx, ranges, req.owner);
          return null;
        }
        const page = ctx.within('dma_common_pages_remap', () =>
          vmap(s, ctx, ranges, pg.memtype, pg.name, req.owner),
        );
        if (page === null) {
          iommuUnmap(s, ctx, req.dev.name, iova.pfn, req.owner, false);
          freePages(s, ctx, ranges, req.owner);
          return null;
        }
        return {
          path: 'dma-iommu scattered (iommu_dma_alloc_remap)',
          source: 'buddy' as const,
          extents: ranges,
          pagesHeld: req.pages,
          zone: zoneOfPfn(s, ranges[0]!.pfn)?.name ?? null,
          cpu: {
            kind: 'vmalloc' as const,
            address: vmallocHex(s, page),
            memtype: pg.memtype,
            pgprot: pg.name,
          },
          vmallocPage: page,
          linearRewrite: null,
          pool: null,
          dmaAddr: iova.pfn * s.profile.pageSize,
          iommu: { dev: req.dev.name, iovaPfn: iova.pfn, pages: iova.pages, prot },
          zeroed: true,
        };
      });
    }
    let out: AllocOutcome | null;
    if (!blocking && !req.dev.coherent && s.profile.genericAtomicPools) {
      out = allocFromGenericPool(s, ctx, req, 'dma-iommu atomic pool');
    } else {
      out = ctx.within('iommu_dma_alloc_pages', () => iommuAllocContiguous(s, ctx, req));
    }
    if (!out) return null;
    const iova = ctx.within('__iommu_dma_map', () =>
      iommuMapRanges(s, ctx, req.dev, out.extents, prot, req.owner, false),
    );
    if (!iova) {
      iommuDmaFreeBacking(s, ctx, { ...out, id: req.owner } as unknown as BufferRec);
      return null;
    }
    return {
      ...out,
      dmaAddr: iova.pfn * s.profile.pageSize,
      iommu: { dev: req.dev.name, iovaPfn: iova.pfn, pages: iova.pages, prot },
    };
  });
}

/** iommu_dma_alloc_pages: CMA then the page allocator; remapped if non-coherent. */
function iommuAllocContiguous(s: MachineState, ctx: Ctx, req: AllocReq): AllocOutcome | null {
  let pfn: number | null = null;
  let held = req.pages;
  let source: 'cma' | 'buddy' = 'cma';
  if (allowsBlocking(req.flags) && s.cma && req.pages > 1) {
    pfn = ctx.within('dma_alloc_contiguous', () =>
      cmaAlloc(s, ctx, req.pages, req.owner, req.flags.has('__GFP_NOWARN')),
    );
  }
  if (pfn === null) {
    source = 'buddy';
    const order = orderOf(req.pages);
    held = 1 << order;
    pfn = ctx.within('alloc_pages_node', () => allocPages(s, ctx, req.flags, order, req.owner))?.pfn ?? null;
  }
  if (pfn === null) return null;
  const ranges = [{ pfn, count: req.pages }];
  const base = {
    path: 'dma-iommu contiguous (iommu_dma_alloc_pages)',
    source,
    extents: ranges,
    pagesHeld: held,
    zone: zoneOfPfn(s, pfn)?.name ?? null,
    linearRewrite: null,
    pool: null,
    dmaAddr: 0,
    iommu: null,
    zeroed: true,
  };
  if (!req.dev.coherent || !isLowmem(s, pfn)) {
    const pg = s.profile.pgprot.dmacoherent;
    const page = ctx.within('dma_common_contiguous_remap', () =>
      vmap(s, ctx, ranges, pg.memtype, pg.name, req.owner),
    );
    if (page === null) {
      if (source === 'cma') cmaRelease(s, ctx, pfn, req.pages, req.owner);
      else freePages(s, ctx, [{ pfn, count: held }], req.owner);
      return null;
    }
    if (!req.dev.coherent) prepCoherent(s, ctx, ranges, false);
    zeroPages(ctx, 'vmalloc', ranges);
    return {
      ...base,
      cpu: {
        kind: 'vmalloc',
        address: vmallocHex(s, page),
        memtype: pg.memtype,
        pgprot: pg.name,
      },
      vmallocPage: page,
    };
  }
  zeroPages(ctx, 'linear', ranges);
  return {
    ...base,
    cpu: {
      kind: 'linear',
      address: linearAddr(s, pfn),
      memtype: s.profile.pgprot.kernel.memtype,
      pgprot: s.profile.pgprot.kernel.name,
    },
    vmallocPage: null,
  };
}

/** The backing half of iommu_dma_free: pool chunk, or vunmap + the pages (each page, or CMA). */
function iommuDmaFreeBacking(s: MachineState, ctx: Ctx, b: BufferRec): void {
  if (b.pool) {
    freeToGenericPool(s, ctx, b);
    return;
  }
  if (b.vmallocPage !== null) ctx.within('dma_common_free_remap', () => vunmap(s, ctx, b.vmallocPage!, b.id));
  const first = b.extents[0]!;
  if (b.source === 'cma' && isInCma(s, first.pfn))
    ctx.within('dma_free_contiguous', () => cmaRelease(s, ctx, first.pfn, b.pagesHeld, b.id));
  else if (b.extents.length === 1 && b.pagesHeld > pagesOf(b.extents)) {
    ctx.within('dma_free_contiguous', () =>
      freePages(s, ctx, [{ pfn: first.pfn, count: b.pagesHeld }], b.id),
    );
  } else ctx.within('__iommu_dma_free_pages', () => freePages(s, ctx, b.extents, b.id, '__free_page'));
}

export function iommuDmaFree(s: MachineState, ctx: Ctx, b: BufferRec): void {
  ctx.within('iommu_dma_free', () => {
    if (b.iommu)
      ctx.within('__iommu_dma_unmap', () => iommuUnmap(s, ctx, b.iommu!.dev, b.iommu!.iovaPfn, b.id, false));
    iommuDmaFreeBacking(s, ctx, b);
  });
}

// --- 32-bit ARM: arm_iommu ops ------------------------------------------------------------------

const IOMMU_ORDER_ARRAY = [9, 8, 4, 0];

/** __iommu_alloc_buffer: CMA if FORCE_CONTIGUOUS, else orders 9, 8, 4, 0 dropping a notch on failure. */
function armIommuAllocBuffer(
  s: MachineState,
  ctx: Ctx,
  req: AllocReq,
): { ranges: PfnRange[]; source: 'cma' | 'buddy' } | null {
  return ctx.within('__iommu_alloc_buffer', () => {
    if (req.attrs.has('DMA_ATTR_FORCE_CONTIGUOUS')) {
      const pfn = ctx.within('dma_alloc_from_contiguous', () =>
        cmaAlloc(s, ctx, req.pages, req.owner, req.flags.has('__GFP_NOWARN')),
      );
      if (pfn === null) return null;
      const ranges = [{ pfn, count: req.pages }];
      ctx.within('__dma_clear_buffer', () => {
        zeroPages(ctx, 'linear', ranges);
        cacheMaint(s, ctx, 'flush', 'linear', ranges, 'dmac_flush_range');
      });
      return { ranges, source: 'cma' as const };
    }
    const flags = new Set([...req.flags, '__GFP_NOWARN', '__GFP_HIGHMEM']);
    let idx = req.attrs.has('DMA_ATTR_ALLOC_SINGLE_PAGES') ? IOMMU_ORDER_ARRAY.length - 1 : 0;
    let count = req.pages;
    const got: PfnRange[] = [];
    while (count > 0) {
      const order = IOMMU_ORDER_ARRAY[idx]!;
      if (1 << order > count) {
        idx++;
        continue;
      }
      const f = new Set(flags);
      if (order > 0) f.add('__GFP_NORETRY');
      const pfn = allocPages(s, ctx, f, order, req.owner)?.pfn ?? null;
      if (pfn === null) {
        if (order > 0) {
          idx++;
          continue;
        }
        if (got.length > 0) freePages(s, ctx, got, req.owner);
        return null;
      }
      const r = { pfn, count: 1 << order };
      ctx.within('__dma_clear_buffer', () => {
        zeroPages(ctx, 'linear', [r]);
        cacheMaint(s, ctx, 'flush', 'linear', [r], 'dmac_flush_range');
      });
      got.push(r);
      count -= 1 << order;
    }
    return { ranges: got, source: 'buddy' as const };
  });
}

export function armIommuAlloc(s: MachineState, ctx: Ctx, req: AllocReq): AllocOutcome | null {
  return ctx.within('arm_iommu_alloc_attrs', () => {
    const prot = iommuProt(s, req.dev, 'DMA_BIDIRECTIONAL', req.attrs.has('DMA_ATTR_PRIVILEGED'), true);
    if (req.dev.coherent || !allowsBlocking(req.flags)) return armIommuAllocSimple(s, ctx, req, prot);
    const buf = armIommuAllocBuffer(s, ctx, req);
    if (!buf) return null;
    const iova = ctx.within('__iommu_create_mapping', () =>
      iommuMapRanges(s, ctx, req.dev, buf.ranges, prot, req.owner, true),
    );
    if (!iova) {
      freeArmBuffer(s, ctx, req.owner, buf.ranges, buf.source);
      return null;
    }
    const base = {
      source: buf.source,
      extents: buf.ranges,
      pagesHeld: req.pages,
      zone: zoneOfPfn(s, buf.ranges[0]!.pfn)?.name ?? null,
      linearRewrite: null,
      pool: null,
      dmaAddr: iova.pfn * s.profile.pageSize,
      iommu: { dev: req.dev.name, iovaPfn: iova.pfn, pages: iova.pages, prot },
      zeroed: true,
    };
    if (req.attrs.has('DMA_ATTR_NO_KERNEL_MAPPING')) {
      return {
        ...base,
        path: 'arm_iommu no kernel mapping',
        cpu: {
          kind: 'cookie',
          address: pageCookie(s, buf.ranges[0]!.pfn),
          memtype: null,
          pgprot: null,
          cookie: 'struct page **',
        },
        vmallocPage: null,
      };
    }
    const pg = armDmaPgprot(s, req);
    const page = ctx.within('dma_common_pages_remap', () =>
      vmap(s, ctx, buf.ranges, pg.memtype, pg.name, req.owner),
    );
    if (page === null) {
      ctx.within('__iommu_remove_mapping', () => iommuUnmap(s, ctx, req.dev.name, iova.pfn, req.owner, true));
      freeArmBuffer(s, ctx, req.owner, buf.ranges, buf.source);
      return null;
    }
    return {
      ...base,
      path: 'arm_iommu remap',
      cpu: {
        kind: 'vmalloc',
        address: vmallocHex(s, page),
        memtype: pg.memtype,
        pgprot: pg.name,
      },
      vmallocPage: page,
    };
  });
}

/** __iommu_alloc_simple: one contiguous block (coherent: simple buffer; atomic: the ARM pool), mapped. */
function armIommuAllocSimple(
  s: MachineState,
  ctx: Ctx,
  req: AllocReq,
  prot: readonly string[],
): AllocOutcome | null {
  return ctx.within('__iommu_alloc_simple', () => {
    let out: AllocOutcome | null;
    if (req.dev.coherent) {
      out = ctx.within('__alloc_simple_buffer', () => {
        const order = orderOf(req.pages);
        const got = allocPages(s, ctx, req.flags, order, req.owner);
        if (!got) return null;
        if (1 << order > req.pages) {
          freePages(
            s,
            ctx,
            [{ pfn: got.pfn + req.pages, count: (1 << order) - req.pages }],
            req.owner,
            '__free_page',
          );
        }
        const ranges = [{ pfn: got.pfn, count: req.pages }];
        zeroPages(ctx, 'linear', ranges);
        const k = s.profile.pgprot.kernel;
        return {
          path: 'arm_iommu simple (coherent)',
          source: 'buddy' as const,
          extents: ranges,
          pagesHeld: req.pages,
          zone: got.zone.name,
          cpu: {
            kind: 'linear' as const,
            address: linearAddr(s, got.pfn),
            memtype: k.memtype,
            pgprot: k.name,
          },
          vmallocPage: null,
          linearRewrite: null,
          pool: null,
          dmaAddr: 0,
          iommu: null,
          zeroed: true,
        };
      });
    } else {
      out = armArchDmaAlloc(s, ctx, req);
    }
    if (!out) return null;
    const iova = ctx.within('__iommu_create_mapping', () =>
      iommuMapRanges(s, ctx, req.dev, out.extents, prot, req.owner, true),
    );
    if (!iova) {
      if (out.pool) armArchDmaFree(s, ctx, { ...out, id: req.owner } as unknown as BufferRec);
      else freePages(s, ctx, out.extents, req.owner);
      return null;
    }
    return {
      ...out,
      dmaAddr: iova.pfn * s.profile.pageSize,
      iommu: { dev: req.dev.name, iovaPfn: iova.pfn, pages: iova.pages, prot },
    };
  });
}

function freeArmBuffer(
  s: MachineState,
  ctx: Ctx,
  owner: string,
  ranges: readonly PfnRange[],
  source: string,
): void {
  ctx.within('__iommu_free_buffer', () => {
    if (source === 'cma')
      ctx.within('dma_release_from_contiguous', () =>
        cmaRelease(s, ctx, ranges[0]!.pfn, pagesOf(ranges), owner),
      );
    else freePages(s, ctx, ranges, owner, '__free_pages');
  });
}

export function armIommuFree(s: MachineState, ctx: Ctx, b: BufferRec): void {
  ctx.within('arm_iommu_free_attrs', () => {
    if (b.path.startsWith('arm_iommu simple') || b.pool) {
      if (b.iommu)
        ctx.within('__iommu_remove_mapping', () =>
          iommuUnmap(s, ctx, b.iommu!.dev, b.iommu!.iovaPfn, b.id, true),
        );
      if (b.pool) armArchDmaFree(s, ctx, b);
      else ctx.within('__dma_free_buffer', () => freePages(s, ctx, b.extents, b.id));
      return;
    }
    if (b.vmallocPage !== null)
      ctx.within('dma_common_free_remap', () => vunmap(s, ctx, b.vmallocPage!, b.id));
    if (b.iommu)
      ctx.within('__iommu_remove_mapping', () =>
        iommuUnmap(s, ctx, b.iommu!.dev, b.iommu!.iovaPfn, b.id, true),
      );
    freeArmBuffer(s, ctx, b.id, b.extents, b.source);
  });
}
