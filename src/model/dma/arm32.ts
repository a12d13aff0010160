// 32-bit ARM's own coherent allocators: arch/arm/mm/dma-mapping.c (__dma_alloc and its
// cma_allocator, remap_allocator and pool_allocator; __arm_dma_free). Since v6.0 dma-direct
// calls them through arch_dma_alloc for non-coherent devices (ARCH_HAS_DMA_ALLOC).
// Here arm32 CMA rewrites the linear map (__dma_remap), so a CMA buffer has ONE mapping, while
// the remap allocator leaves the cacheable linear alias next to a non-cacheable vmalloc alias.
// Facts: kernel-dma-facts.md §7.2-§7.4, §12.
import { hexAddr } from '../arch/profiles';
import type { Ctx } from '../ctx';
import {
  allocPages,
  cmaAlloc,
  cmaRelease,
  freePages,
  orderOf,
  poolAlloc,
  poolFree,
  vmap,
  vunmap,
} from '../mm/pages';
import { insertSpan, removeSpan } from '../mm/spans';
import type { BufferRec, MachineState } from '../state';
import { vmallocHex, vmallocVa, zoneOfPfn } from '../state';
import type { PfnRange } from '../types';
import type { AllocOutcome } from './common';
import { cacheMaint, isLowmem, linearAddr, physAddr, zeroPages } from './common';
import type { AllocReq } from './direct';
import { allowsBlocking } from './request';

/** __get_dma_pgprot: write-combine if asked, else pgprot_dmacoherent. */
export function armDmaPgprot(s: MachineState, req: Pick<AllocReq, 'attrs'>) {
  return req.attrs.has('DMA_ATTR_WRITE_COMBINE')
    ? s.profile.pgprot.writecombine
    : s.profile.pgprot.dmacoherent;
}

/** __dma_clear_buffer: zero through the linear map, then flush inner (dmac_flush_range) and outer caches. */
function clearBuffer(s: MachineState, ctx: Ctx, ranges: readonly PfnRange[]): void {
  ctx.within('__dma_clear_buffer', () => {
    zeroPages(ctx, 'linear', ranges);
    cacheMaint(s, ctx, 'flush', 'linear', ranges, 'dmac_flush_range');
  });
}

/** arch_dma_alloc → __dma_alloc: choose cma, remap or pool allocator as the kernel does. */
export function armArchDmaAlloc(s: MachineState, ctx: Ctx, req: AllocReq): AllocOutcome | null {
  return ctx.within('arch_dma_alloc', () =>
    ctx.within('__dma_alloc', () => {
      const prot = armDmaPgprot(s, req);
      const blocking = allowsBlocking(req.flags);
      if (blocking && s.cma)
        return ctx.within('__alloc_from_contiguous', () => armCmaAlloc(s, ctx, req, prot));
      if (blocking) return ctx.within('__alloc_remap_buffer', () => armRemapAlloc(s, ctx, req, prot));
      return ctx.within('__alloc_from_pool', () => armPoolAlloc(s, ctx, req));
    }),
  );
}

function armCmaAlloc(
  s: MachineState,
  ctx: Ctx,
  req: AllocReq,
  prot: { name: string; memtype: 'cached' | 'write-combine' | 'uncached' },
): AllocOutcome | null {
  const pfn = ctx.within('dma_alloc_from_contiguous', () =>
    cmaAlloc(s, ctx, req.pages, req.owner, req.flags.has('__GFP_NOWARN')),
  );
  if (pfn === null) return null;
  const ranges = [{ pfn, count: req.pages }];
  clearBuffer(s, ctx, ranges);
  const base = {
    source: 'cma' as const,
    extents: ranges,
    pagesHeld: req.pages,
    zone: zoneOfPfn(s, pfn)?.name ?? null,
    pool: null,
    dmaAddr: physAddr(s, pfn),
    iommu: null,
    zeroed: true,
  };
  if (isLowmem(s, pfn)) {
    ctx.within('__dma_remap', () => {
      insertSpan(s.linearRewrites, { start: pfn, size: req.pages, owner: req.owner });
      if (!ctx.quiet)
        ctx.emit(
          { type: 'linearPtesChanged', ranges, memtype: prot.memtype, pgprot: prot.name },
          'apply_to_page_range',
        );
      if (!ctx.quiet)
        ctx.emit(
          {
            type: 'kernelMessage',
            level: 'info',
            text: 'flush_tlb_kernel_range: the linear map now has one mapping of these pages, non-cacheable',
          },
          'flush_tlb_kernel_range',
        );
    });
    return {
      ...base,
      path: 'arm __dma_alloc: cma_allocator (linear map rewritten)',
      cpu: { kind: 'linear', address: linearAddr(s, pfn), memtype: prot.memtype, pgprot: prot.name },
      vmallocPage: null,
      linearRewrite: { memtype: prot.memtype, pgprot: prot.name },
    };
  }
  const page = ctx.within('dma_common_contiguous_remap', () =>
    vmap(s, ctx, ranges, prot.memtype, prot.name, req.owner),
  );
  if (page === null) {
    cmaRelease(s, ctx, pfn, req.pages, req.owner);
    return null;
  }
  return {
    ...base,
    path: 'arm __dma_alloc: cma_allocator (highmem, remapped)',
    cpu: {
      kind: 'vmalloc',
      address: vmallocHex(s, page),
      memtype: prot.memtype,
      pgprot: prot.name,
    },
    vmallocPage: page,
    linearRewrite: null,
  };
}

/** __dma_alloc_buffer: alloc_pages(order), split_page, free the pages beyond the size. */
function armAllocBuffer(s: MachineState, ctx: Ctx, req: AllocReq): number | null {
  return ctx.within('__dma_alloc_buffer', () => {
    const order = orderOf(req.pages);
    const got = allocPages(s, ctx, req.flags, order, req.owner);
    if (!got) return null;
    if (1 << order > req.pages) {
      ctx.within('split_page', () =>
        freePages(
          s,
          ctx,
          [{ pfn: got.pfn + req.pages, count: (1 << order) - req.pages }],
          req.owner,
          '__free_page',
        ),
      );
    }
    clearBuffer(s, ctx, [{ pfn: got.pfn, count: req.pages }]);
    return got.pfn;
  });
}

function armRemapAlloc(
  s: MachineState,
  ctx: Ctx,
  req: AllocReq,
  prot: { name: string; memtype: 'cached' | 'write-combine' | 'uncached' },
): AllocOutcome | null {
  const pfn = armAllocBuffer(s, ctx, req);
  if (pfn === null) return null;
  const ranges = [{ pfn, count: req.pages }];
  const page = ctx.within('dma_common_contiguous_remap', () =>
    vmap(s, ctx, ranges, prot.memtype, prot.name, req.owner),
  );
  if (page === null) {
    ctx.within('__dma_free_buffer', () => freePages(s, ctx, ranges, req.owner));
    return null;
  }
  return {
    path: 'arm __dma_alloc: remap_allocator',
    source: 'buddy',
    extents: ranges,
    pagesHeld: req.pages,
    zone: zoneOfPfn(s, pfn)?.name ?? null,
    cpu: {
      kind: 'vmalloc',
      address: vmallocHex(s, page),
      memtype: prot.memtype,
      pgprot: prot.name,
    },
    vmallocPage: page,
    linearRewrite: null,
    pool: null,
    dmaAddr: physAddr(s, pfn),
    iommu: null,
    zeroed: true,
  };
}

function armPoolAlloc(s: MachineState, ctx: Ctx, req: AllocReq): AllocOutcome | null {
  const pool = s.pools.find((p) => p.name === 'arm_atomic_pool');
  if (!pool) {
    ctx.message('warn', 'WARNING: coherent pool not initialised!');
    return null;
  }
  const off = ctx.within('gen_pool_alloc', () => poolAlloc(pool, req.pages, req.owner));
  if (off === null) {
    if (!ctx.quiet)
      ctx.message(
        'info',
        `gen_pool_alloc found no ${req.pages}-page chunk in the ${s.config.atomicPoolKiB} KiB atomic pool; __alloc_from_pool returns NULL without a message (enlarge it with coherent_pool=)`,
      );
    return null;
  }
  const pfn = pool.basePfn + off;
  if (!ctx.quiet)
    ctx.emit(
      { type: 'poolAllocated', pool: pool.name, offset: off, size: req.pages, owner: req.owner },
      'gen_pool_alloc',
    );
  zeroPages(ctx, 'pool', [{ pfn, count: req.pages }]);
  const base = pool.mappedAt === 'linear' ? BigInt(0) : vmallocVa(s, pool.vmallocPage ?? 0);
  const address =
    pool.mappedAt === 'linear'
      ? linearAddr(s, pfn)
      : hexAddr(s.profile, base + BigInt(off * s.profile.pageSize));
  if (req.attrs.has('DMA_ATTR_WRITE_COMBINE')) {
    if (!ctx.quiet)
      ctx.emit({
        type: 'attrIgnored',
        attr: 'DMA_ATTR_WRITE_COMBINE',
        why: 'the atomic pool was mapped once at boot with pgprot_dmacoherent',
      });
  }
  return {
    path: 'arm __dma_alloc: pool_allocator',
    source: 'arm_atomic_pool',
    extents: [{ pfn, count: req.pages }],
    pagesHeld: req.pages,
    zone: pool.zone,
    cpu: { kind: 'pool', address, memtype: pool.memtype, pgprot: pool.pgprot },
    vmallocPage: null,
    linearRewrite: null,
    pool: { name: pool.name, offsetPages: off, pages: req.pages },
    dmaAddr: physAddr(s, pfn),
    iommu: null,
    zeroed: true,
  };
}

/** arch_dma_free → __arm_dma_free: the allocator's own free, in reverse. */
export function armArchDmaFree(s: MachineState, ctx: Ctx, b: BufferRec): void {
  ctx.within('arch_dma_free', () =>
    ctx.within('__arm_dma_free', () => {
      const first = b.extents[0]!;
      if (b.pool) {
        ctx.within('__free_from_pool', () => {
          const pool = s.pools.find((p) => p.name === b.pool!.name)!;
          poolFree(pool, b.pool!.offsetPages);
          if (!ctx.quiet)
            ctx.emit(
              {
                type: 'poolFreed',
                pool: pool.name,
                offset: b.pool!.offsetPages,
                size: b.pool!.pages,
                owner: b.id,
              },
              'gen_pool_free',
            );
        });
      } else if (b.source === 'cma') {
        ctx.within('__free_from_contiguous', () => {
          if (b.linearRewrite) {
            ctx.within('__dma_remap', () => {
              removeSpan(s.linearRewrites, first.pfn);
              if (!ctx.quiet)
                ctx.emit(
                  {
                    type: 'linearPtesChanged',
                    ranges: b.extents,
                    memtype: s.profile.pgprot.kernel.memtype,
                    pgprot: s.profile.pgprot.kernel.name,
                  },
                  'apply_to_page_range',
                );
            });
          } else if (b.vmallocPage !== null) vunmap(s, ctx, b.vmallocPage, b.id);
          ctx.within('dma_release_from_contiguous', () => cmaRelease(s, ctx, first.pfn, b.pagesHeld, b.id));
        });
      } else {
        ctx.within('__free_remap_buffer', () => {
          if (b.vmallocPage !== null)
            ctx.within('dma_common_free_remap', () => vunmap(s, ctx, b.vmallocPage!, b.id));
          ctx.within('__dma_free_buffer', () => freePages(s, ctx, b.extents, b.id));
        });
      }
    }),
  );
}
