// dma-direct: kernel/dma/direct.c (dma_direct_alloc, dma_direct_alloc_no_mapping,
// __dma_direct_alloc_pages, dma_direct_free, dma_direct_alloc_pages) with kernel/dma/pool.c
// (dma_direct_alloc_from_pool) and kernel/dma/contiguous.c (dma_alloc_contiguous).
// Facts: kernel-dma-facts.md §3, §4, §5, §6.
import { hexAddr } from '../arch/profiles';
import type { Ctx } from '../ctx';
import {
  allocPages,
  cmaAlloc,
  cmaRelease,
  freePages,
  isInCma,
  orderOf,
  poolAlloc,
  poolFree,
  vmap,
  vunmap,
} from '../mm/pages';
import type { BufferRec, MachineState } from '../state';
import { vmallocHex, vmallocVa, zoneOfPfn } from '../state';
import type { DeviceConfig, DmaAttr, PfnRange } from '../types';
import { armArchDmaAlloc } from './arm32';
import type { AllocOutcome } from './common';
import { isLowmem, linearAddr, pageCookie, physAddr, prepCoherent, zeroPages } from './common';
import { allowsBlocking, maskLimit, noteIgnored } from './request';

export interface AllocReq {
  readonly dev: DeviceConfig;
  readonly size: number;
  readonly pages: number;
  readonly flags: Set<string>;
  readonly attrs: ReadonlySet<DmaAttr>;
  readonly owner: string;
}

/** dma_coherent_ok(): the whole buffer lies below the device's coherent DMA mask. */
export function dmaCoherentOk(s: MachineState, dev: DeviceConfig, pfn: number, pages: number): boolean {
  return physAddr(s, pfn + pages) - 1 <= maskLimit(dev.dmaMaskBits);
}

/** dma_direct_optimal_gfp_mask(): the zone flag a device's coherent mask calls for. */
function optimalGfpZone(s: MachineState, dev: DeviceConfig): string | null {
  const limit = maskLimit(dev.dmaMaskBits);
  if (s.profile.zoneDmaLimit !== null && limit <= s.profile.zoneDmaLimit - 1) return '__GFP_DMA';
  if (s.profile.hasZoneDma32 && limit <= 2 ** 32 - 1) return '__GFP_DMA32';
  return null;
}

export interface GotPages {
  readonly pfn: number;
  readonly pagesHeld: number;
  readonly source: 'cma' | 'buddy';
}

/** __dma_direct_alloc_pages: CMA first (blocking, > 1 page), then the buddy allocator with zone fallback. */
export function directAllocPages(s: MachineState, ctx: Ctx, req: AllocReq): GotPages | null {
  return ctx.within('__dma_direct_alloc_pages', () => {
    const flags = new Set(req.flags);
    const zoneFlag = optimalGfpZone(s, req.dev);
    if (zoneFlag) flags.add(zoneFlag);
    if (allowsBlocking(flags) && s.cma && req.pages > 1) {
      const pfn = ctx.within('dma_alloc_contiguous', () =>
        cmaAlloc(s, ctx, req.pages, req.owner, flags.has('__GFP_NOWARN')),
      );
      if (pfn !== null) {
        if (dmaCoherentOk(s, req.dev, pfn, req.pages))
          return { pfn, pagesHeld: req.pages, source: 'cma' as const };
        if (!ctx.quiet)
          ctx.message(
            'info',
            'CMA pages lie above the coherent DMA mask: dma_free_contiguous, fall back to the page allocator',
            'dma_coherent_ok',
          );
        cmaRelease(s, ctx, pfn, req.pages, req.owner);
      }
    } else if (s.cma && req.pages <= 1) {
      if (!ctx.quiet)
        ctx.message(
          'info',
          'the default CMA area is not used for allocations of one page or less',
          'dma_alloc_contiguous',
        );
    }
    const order = orderOf(req.pages);
    const tried = new Set<string>();
    for (;;) {
      const got = ctx.within('alloc_pages_node', () => allocPages(s, ctx, flags, order, req.owner));
      if (!got) return null;
      if (dmaCoherentOk(s, req.dev, got.pfn, 1 << order))
        return { pfn: got.pfn, pagesHeld: 1 << order, source: 'buddy' as const };
      freePages(s, ctx, [{ pfn: got.pfn, count: 1 << order }], req.owner);
      if (!ctx.quiet)
        ctx.message(
          'info',
          `pages at ${hexAddr(s.profile, physAddr(s, got.pfn))} are beyond the DMA mask: retry in a lower zone`,
          'dma_coherent_ok',
        );
      tried.add(zoneFlag ?? 'none');
      if (s.profile.hasZoneDma32 && !flags.has('__GFP_DMA32') && !flags.has('__GFP_DMA'))
        flags.add('__GFP_DMA32');
      else if (s.profile.zoneDmaLimit !== null && !flags.has('__GFP_DMA')) {
        flags.delete('__GFP_DMA32');
        flags.add('__GFP_DMA');
      } else return null;
    }
  });
}

/** dma_free_contiguous / __free_pages for pages that __dma_direct_alloc_pages returned. */
export function directFreePages(s: MachineState, ctx: Ctx, b: BufferRec): void {
  ctx.within('__dma_direct_free_pages', () =>
    ctx.within('dma_free_contiguous', () => {
      const first = b.extents[0]!;
      if (isInCma(s, first.pfn)) cmaRelease(s, ctx, first.pfn, b.pagesHeld, b.id);
      else freePages(s, ctx, [{ pfn: first.pfn, count: b.pagesHeld }], b.id);
    }),
  );
}

function outcomeBase(
  s: MachineState,
  got: GotPages,
  req: AllocReq,
): Omit<AllocOutcome, 'cpu' | 'path' | 'zeroed'> {
  return {
    source: got.source,
    extents: [{ pfn: got.pfn, count: req.pages }],
    pagesHeld: got.pagesHeld,
    zone: zoneOfPfn(s, got.pfn)?.name ?? null,
    vmallocPage: null,
    linearRewrite: null,
    pool: null,
    dmaAddr: physAddr(s, got.pfn),
    iommu: null,
  };
}

/** dma_direct_alloc_from_pool → dma_alloc_from_pool: a chunk of a pre-mapped atomic pool. */
export function allocFromGenericPool(
  s: MachineState,
  ctx: Ctx,
  req: AllocReq,
  path: string,
): AllocOutcome | null {
  return ctx.within('dma_direct_alloc_from_pool', () =>
    ctx.within('dma_alloc_from_pool', () => {
      const zoneFlag = optimalGfpZone(s, req.dev);
      const first =
        zoneFlag === '__GFP_DMA'
          ? 'atomic_pool_dma'
          : zoneFlag === '__GFP_DMA32'
            ? 'atomic_pool_dma32'
            : 'atomic_pool_kernel';
      const order = [first, 'atomic_pool_kernel', 'atomic_pool_dma32', 'atomic_pool_dma'];
      for (const name of [...new Set(order)]) {
        const pool = s.pools.find((p) => p.name === name);
        if (!pool) continue;
        if (!dmaCoherentOk(s, req.dev, pool.basePfn, pool.pages)) continue;
        const off = ctx.within('gen_pool_alloc', () => poolAlloc(pool, req.pages, req.owner));
        if (off === null) continue;
        const pfn = pool.basePfn + off;
        if (!ctx.quiet)
          ctx.emit(
            { type: 'poolAllocated', pool: pool.name, offset: off, size: req.pages, owner: req.owner },
            'gen_pool_alloc',
          );
        zeroPages(ctx, 'pool', [{ pfn, count: req.pages }]);
        return {
          path,
          source: 'atomic_pool' as const,
          extents: [{ pfn, count: req.pages }],
          pagesHeld: req.pages,
          zone: pool.zone,
          cpu: {
            kind: 'pool' as const,
            address: hexAddr(
              s.profile,
              vmallocVa(s, pool.vmallocPage ?? 0) + BigInt(off * s.profile.pageSize),
            ),
            memtype: pool.memtype,
            pgprot: pool.pgprot,
          },
          vmallocPage: null,
          linearRewrite: null,
          pool: { name: pool.name, offsetPages: off, pages: req.pages },
          dmaAddr: physAddr(s, pfn),
          iommu: null,
          zeroed: true,
        };
      }
      ctx.message('warn', `WARNING: Failed to get suitable pool for ${req.dev.name}`);
      return null;
    }),
  );
}

export function freeToGenericPool(s: MachineState, ctx: Ctx, b: BufferRec): void {
  ctx.within('dma_free_from_pool', () => {
    const pool = s.pools.find((p) => p.name === b.pool!.name)!;
    poolFree(pool, b.pool!.offsetPages);
    if (!ctx.quiet)
      ctx.emit(
        { type: 'poolFreed', pool: pool.name, offset: b.pool!.offsetPages, size: b.pool!.pages, owner: b.id },
        'gen_pool_free',
      );
  });
}

/** dma_direct_alloc: the generic coherent allocator of every dma-direct architecture. */
export function dmaDirectAlloc(s: MachineState, ctx: Ctx, req: AllocReq): AllocOutcome | null {
  return ctx.within('dma_direct_alloc', () => {
    if (req.attrs.has('DMA_ATTR_NO_WARN')) req.flags.add('__GFP_NOWARN');
    if (req.attrs.has('DMA_ATTR_NO_KERNEL_MAPPING')) return directAllocNoMapping(s, ctx, req);
    const coherent = req.dev.coherent;
    if (!coherent && s.profile.noncoherentAlloc === 'arm-arch-dma-alloc') {
      return armArchDmaAlloc(s, ctx, req);
    }
    if (coherent) {
      noteIgnored(
        ctx,
        req.attrs,
        'DMA_ATTR_WRITE_COMBINE',
        'coherent device: dma_pgprot() keeps the cacheable protection; write-combine is not applied',
      );
    } else {
      noteIgnored(
        ctx,
        req.attrs,
        'DMA_ATTR_WRITE_COMBINE',
        `${s.profile.name} does not select ARCH_HAS_DMA_WRITE_COMBINE: dma_pgprot() returns pgprot_dmacoherent (${s.profile.pgprot.dmacoherent.name})`,
      );
      if (!allowsBlocking(req.flags)) return allocFromGenericPool(s, ctx, req, 'dma-direct atomic pool');
    }
    const got = directAllocPages(s, ctx, req);
    if (!got) return null;
    const ranges: PfnRange[] = [{ pfn: got.pfn, count: req.pages }];
    // "dma_alloc_contiguous can return highmem pages ... These need to be remapped": remap = true.
    const remap = !coherent || !isLowmem(s, got.pfn);
    if (!remap) {
      zeroPages(ctx, 'linear', ranges);
      return {
        ...outcomeBase(s, got, req),
        path: 'dma-direct',
        cpu: {
          kind: 'linear',
          address: linearAddr(s, got.pfn),
          memtype: s.profile.pgprot.kernel.memtype,
          pgprot: s.profile.pgprot.kernel.name,
        },
        zeroed: true,
      };
    }
    // The remap branch: dma_pgprot (PAGE_KERNEL for a coherent device, pgprot_dmacoherent
    // otherwise); arch_dma_prep_coherent cleans the cacheable linear alias of a non-coherent one.
    if (!coherent) prepCoherent(s, ctx, ranges, false);
    const prot = coherent ? s.profile.pgprot.kernel : s.profile.pgprot.dmacoherent;
    const page = ctx.within('dma_common_contiguous_remap', () =>
      vmap(s, ctx, ranges, prot.memtype, prot.name, req.owner),
    );
    if (page === null) {
      directFreePages(s, ctx, {
        id: req.owner,
        extents: ranges,
        pagesHeld: got.pagesHeld,
      } as unknown as BufferRec);
      return null;
    }
    zeroPages(ctx, 'vmalloc', ranges);
    return {
      ...outcomeBase(s, got, req),
      path: coherent ? 'dma-direct remap (highmem CMA pages)' : 'dma-direct remap',
      cpu: {
        kind: 'vmalloc',
        address: vmallocHex(s, page),
        memtype: prot.memtype,
        pgprot: prot.name,
      },
      vmallocPage: page,
      zeroed: true,
    };
  });
}

/** dma_direct_alloc_no_mapping: pages without zeroing, linear alias cleaned, a struct page * cookie. */
function directAllocNoMapping(s: MachineState, ctx: Ctx, req: AllocReq): AllocOutcome | null {
  return ctx.within('dma_direct_alloc_no_mapping', () => {
    const got = directAllocPages(s, ctx, {
      ...req,
      flags: new Set([...req.flags].filter((f) => f !== '__GFP_ZERO')),
    });
    if (!got) return null;
    if (isLowmem(s, got.pfn)) prepCoherent(s, ctx, [{ pfn: got.pfn, count: req.pages }], req.dev.coherent);
    return {
      ...outcomeBase(s, got, req),
      path: 'dma-direct no kernel mapping',
      cpu: {
        kind: 'cookie',
        address: pageCookie(s, got.pfn),
        memtype: null,
        pgprot: null,
        cookie: 'struct page *',
      },
      zeroed: false,
    };
  });
}

/** dma_direct_free: undo in reverse: pool chunk, or vunmap the remap, then the pages. */
export function dmaDirectFree(s: MachineState, ctx: Ctx, b: BufferRec): void {
  ctx.within('dma_direct_free', () => {
    if (b.cpu.kind === 'pool') {
      freeToGenericPool(s, ctx, b);
      return;
    }
    if (b.vmallocPage !== null) vunmap(s, ctx, b.vmallocPage, b.id);
    directFreePages(s, ctx, b);
  });
}

/** dma_direct_alloc_pages (dma_alloc_pages / dma_alloc_noncoherent): cacheable pages, zeroed, no remap. */
export function dmaDirectAllocPages(s: MachineState, ctx: Ctx, req: AllocReq): AllocOutcome | null {
  return ctx.within('dma_direct_alloc_pages', () => {
    const got = directAllocPages(s, ctx, req);
    if (!got) return null;
    const ranges = [{ pfn: got.pfn, count: req.pages }];
    zeroPages(ctx, 'linear', ranges);
    return {
      ...outcomeBase(s, got, req),
      path: 'dma-direct pages',
      cpu: {
        kind: 'linear',
        address: linearAddr(s, got.pfn),
        memtype: s.profile.pgprot.kernel.memtype,
        pgprot: s.profile.pgprot.kernel.name,
      },
      zeroed: true,
    };
  });
}

export function dmaDirectFreePages(s: MachineState, ctx: Ctx, b: BufferRec): void {
  ctx.within('dma_direct_free_pages', () => directFreePages(s, ctx, b));
}
