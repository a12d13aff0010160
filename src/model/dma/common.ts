// Pieces every allocation path shares: the outcome a path returns, cache maintenance on an alias,
// zeroing, and the linear-map address of lowmem pages.
import { hexAddr } from '../arch/profiles';
import { applyCacheOp, emitLines } from '../cache/cache';
import type { Ctx } from '../ctx';
import { pagesOf } from '../mm/pages';
import type { CpuAddr, IommuMapping, MachineState } from '../state';
import { linearHex } from '../state';
import type { AddressSpace, CacheOpKind, PageSource, PfnRange, ZoneName } from '../types';

/** What an allocation path made; mapping.ts turns it into a buffer record. */
export interface AllocOutcome {
  readonly path: string;
  readonly source: PageSource;
  readonly extents: readonly PfnRange[];
  readonly pagesHeld: number;
  readonly zone: ZoneName | null;
  readonly cpu: CpuAddr;
  readonly vmallocPage: number | null;
  readonly linearRewrite: { readonly memtype: CpuAddr['memtype'] & string; readonly pgprot: string } | null;
  readonly pool: { readonly name: string; readonly offsetPages: number; readonly pages: number } | null;
  readonly dmaAddr: number;
  readonly iommu: IommuMapping | null;
  readonly zeroed: boolean;
}

export type CacheHook = (s: MachineState, ctx: Ctx, op: CacheOpKind, ranges: readonly PfnRange[]) => void;

/** Model II installs a hook here so that maintenance also changes the simulated cache lines. */
const cacheHooks: CacheHook[] = [];
export function onCacheMaintenance(hook: CacheHook): void {
  if (!cacheHooks.includes(hook)) cacheHooks.push(hook);
}

/** Cache maintenance by physical range on a kernel alias (dcache_clean_poc and friends). */
export function cacheMaint(
  s: MachineState,
  ctx: Ctx,
  op: CacheOpKind,
  alias: AddressSpace | 'pool' | 'bounce',
  ranges: readonly PfnRange[],
  fn: string,
  bytes = pagesOf(ranges) * s.profile.pageSize,
): void {
  if (!ctx.quiet) ctx.emit({ type: 'cacheMaintained', op, alias, ranges, bytes }, fn);
  countCacheBytes(s, op, bytes);
  const ps = s.profile.pageSize;
  for (const r of ranges) {
    const n = applyCacheOp(s, op, r.pfn * ps, r.count * ps);
    emitLines(s, ctx, op, r.pfn * ps, r.count * ps, n, fn);
  }
  for (const h of cacheHooks) h(s, ctx, op, ranges);
}

/** Cache maintenance of the exact bytes [phys, phys + size) (arch_sync_dma_for_device/cpu). */
export function cacheMaintBytes(
  s: MachineState,
  ctx: Ctx,
  op: CacheOpKind,
  alias: AddressSpace | 'pool' | 'bounce',
  phys: number,
  size: number,
  fn: string,
): void {
  const ps = s.profile.pageSize;
  const first = Math.floor(phys / ps);
  const ranges = [{ pfn: first, count: Math.ceil((phys + size) / ps) - first }];
  if (!ctx.quiet) ctx.emit({ type: 'cacheMaintained', op, alias, ranges, bytes: size }, fn);
  countCacheBytes(s, op, size);
  emitLines(s, ctx, op, phys, size, applyCacheOp(s, op, phys, size), fn);
  for (const h of cacheHooks) h(s, ctx, op, ranges);
}

function countCacheBytes(s: MachineState, op: CacheOpKind, bytes: number): void {
  if (op === 'clean') s.counters.cacheCleanBytes += bytes;
  else if (op === 'invalidate') s.counters.cacheInvalidateBytes += bytes;
  else s.counters.cacheFlushBytes += bytes;
}

/** arch_dma_prep_coherent on the linear alias: clean (arm64), flush (riscv), or nothing (x86, arm32). */
export function prepCoherent(
  s: MachineState,
  ctx: Ctx,
  ranges: readonly PfnRange[],
  devCoherent = true,
): void {
  const op = s.profile.cacheOps.prepCoherent;
  const fn = s.profile.cacheOps.prepFn;
  ctx.within(fn, () => {
    if (op) cacheMaint(s, ctx, op, 'linear', ranges, fn);
    else if (devCoherent) {
      if (!ctx.quiet)
        ctx.message('info', `${fn} is an empty stub on ${s.profile.name} (no ARCH_HAS_DMA_PREP_COHERENT)`);
    } else {
      ctx.message(
        'warn',
        `${fn} is an empty stub on ${s.profile.name} (no ARCH_HAS_DMA_PREP_COHERENT): dirty lines of the cacheable linear alias are NOT written back for this non-coherent device`,
      );
    }
  });
}

export function zeroPages(
  ctx: Ctx,
  via: AddressSpace | 'pool',
  ranges: readonly PfnRange[],
  fn = 'memset',
): void {
  if (!ctx.quiet) ctx.emit({ type: 'pagesZeroed', via, ranges }, fn);
}

export function isLowmem(s: MachineState, pfn: number): boolean {
  return pfn < s.lowmemEndPfn;
}

export function linearAddr(s: MachineState, pfn: number): string {
  return linearHex(s, pfn);
}

/** The `struct page *` value the kernel would hand out as a cookie: vmemmap + pfn * 64. */
export function pageCookie(s: MachineState, pfn: number): string {
  const vmemmap = s.profile.addrHexDigits === 8 ? 0xef000000n : 0xfffffc0000000000n;
  return hexAddr(s.profile, vmemmap + BigInt(pfn) * 64n);
}

export function physAddr(s: MachineState, pfn: number): number {
  return pfn * s.profile.pageSize;
}
