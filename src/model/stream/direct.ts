// Streaming DMA without an IOMMU: kernel/dma/direct.h (dma_direct_map_page, dma_direct_unmap_page,
// dma_direct_sync_single_for_device/cpu), kernel/dma/direct.c (dma_direct_map_sg,
// dma_direct_map_resource), swiotlb_map, and the arch hooks arch_sync_dma_for_device/cpu with
// each architecture's cache operations (profile.cacheOps). Facts: §3.5, §3.6, §6.4, §6.5, §7.5.
import { hexAddr } from '../arch/profiles';
import type { Ctx } from '../ctx';
import { cacheMaintBytes } from '../dma/common';
import { maskLimit } from '../dma/request';
import type { MachineState, StreamSeg } from '../state';
import type { DeviceConfig, DmaDirection } from '../types';
import { kmallocSizeRoundup } from './slab';
import {
  swiotlbSyncForCpu,
  swiotlbSyncForDevice,
  swiotlbTblMapSingle,
  swiotlbTblUnmapSingle,
} from './swiotlb';

/** A segment being mapped: the CPU's physical range and the buffer it belongs to. */
export interface SegIn {
  readonly buffer: string | null;
  readonly phys: number;
  readonly len: number;
}

/** What one segment's map produced (its DMA address is filled in by the path). */
export type SegOut = Omit<StreamSeg, 'dma'>;

/**
 * arch_sync_dma_for_device / arch_sync_dma_for_cpu: the profile's cache operation on the
 * linear alias of [phys, phys + size). `wrapped` = reached through the generic arch hook
 * (dma-direct, dma-iommu); arm32's arm_iommu ops call __dma_page_cpu_to_dev directly.
 */
export function archSync(
  s: MachineState,
  ctx: Ctx,
  toCpu: boolean,
  phys: number,
  size: number,
  dir: DmaDirection,
  bounce: boolean,
  wrapped = true,
): void {
  const ops = s.profile.cacheOps;
  const op = toCpu ? ops.forCpu(dir) : ops.forDevice(dir);
  const fn = toCpu ? ops.forCpuFn : ops.forDeviceFn;
  const run = () => {
    if (op) cacheMaintBytes(s, ctx, op, bounce ? 'bounce' : 'linear', phys, size, fn);
  };
  if (wrapped) ctx.within(toCpu ? 'arch_sync_dma_for_cpu' : 'arch_sync_dma_for_device', run);
  else ctx.within(fn, run);
}

/** dma_capable(): the end of the range lies below min_not_zero(dma_mask, bus_dma_limit). */
export function dmaCapable(dev: DeviceConfig, addr: number, size: number): boolean {
  return addr + size - 1 <= maskLimit(dev.dmaMaskBits);
}

/** dma_kmalloc_needs_bounce(): a size that may be a small, not DMA-aligned kmalloc object. */
export function kmallocNeedsBounce(
  s: MachineState,
  dev: DeviceConfig,
  size: number,
  dir: DmaDirection,
): boolean {
  if (!s.profile.bouncesUnalignedKmalloc || dev.coherent || dir === 'DMA_TO_DEVICE') return false;
  const a = s.profile.dmaMinAlign;
  return !(size >= 2 * a || kmallocSizeRoundup(s, size) % a === 0);
}

function overflowMessage(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  what: string,
  addr: number,
  size: number,
) {
  ctx.message(
    'warn',
    `${dev.name}: ${what} ${hexAddr(s.profile, addr)}+${size} overflow (mask ${maskLimit(dev.dmaMaskBits).toString(16)}, bus limit 0).`,
  );
}

/** swiotlb_map: bounce, check the bounce address is reachable, clean the bounce for a non-coherent device. */
export function swiotlbMap(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  seg: SegIn,
  dir: DmaDirection,
  attrs: readonly string[],
  owner: string,
): SegOut | null {
  return ctx.within('swiotlb_map', () => {
    const r = swiotlbTblMapSingle(s, ctx, dev.name, seg.phys, seg.len, attrs, owner);
    if (!r) return null;
    if (!dmaCapable(dev, r.devPhys, seg.len)) {
      swiotlbTblUnmapSingle(s, ctx, seg.phys, r.devPhys, seg.len, dir, true, r.slot, owner);
      overflowMessage(s, ctx, dev, 'swiotlb addr', r.devPhys, seg.len);
      return null;
    }
    if (!dev.coherent && !attrs.includes('DMA_ATTR_SKIP_CPU_SYNC'))
      archSync(s, ctx, false, r.devPhys, seg.len, dir, true);
    return { ...seg, devPhys: r.devPhys, slot: r.slot };
  });
}

/** dma_direct_map_page: bounce if out of reach or a small kmalloc buffer, else clean for the device. */
export function dmaDirectMapPage(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  seg: SegIn,
  dir: DmaDirection,
  attrs: readonly string[],
  owner: string,
): SegOut | null {
  return ctx.within('dma_direct_map_page', () => {
    if (!dmaCapable(dev, seg.phys, seg.len) || kmallocNeedsBounce(s, dev, seg.len, dir)) {
      if (s.swiotlb) return swiotlbMap(s, ctx, dev, seg, dir, attrs, owner);
      overflowMessage(s, ctx, dev, 'DMA addr', seg.phys, seg.len);
      return null;
    }
    if (!dev.coherent && !attrs.includes('DMA_ATTR_SKIP_CPU_SYNC'))
      archSync(s, ctx, false, seg.phys, seg.len, dir, false);
    return { ...seg, devPhys: seg.phys, slot: null };
  });
}

/**
 * dma_direct_unmap_page: unless SKIP_CPU_SYNC the whole dma_direct_sync_single_for_cpu (invalidate,
 * swiotlb copy back), then the slots are released with SKIP_CPU_SYNC added (no second copy).
 */
export function dmaDirectUnmapPage(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  seg: StreamSeg,
  size: number,
  dir: DmaDirection,
  attrs: readonly string[],
  owner: string,
): void {
  ctx.within('dma_direct_unmap_page', () => {
    if (!attrs.includes('DMA_ATTR_SKIP_CPU_SYNC'))
      ctx.within('dma_direct_sync_single_for_cpu', () => syncSegForCpu(s, ctx, dev, seg, 0, size, dir));
    if (seg.slot) swiotlbTblUnmapSingle(s, ctx, seg.phys, seg.devPhys, size, dir, true, seg.slot, owner);
  });
}

/** iommu_dma_unmap_page's CPU side: arch sync unless SKIP, the IOMMU unmap, then swiotlb copy back + release. */
export function unmapSeg(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  seg: StreamSeg,
  size: number,
  dir: DmaDirection,
  attrs: readonly string[],
  owner: string,
  afterSync?: () => void,
): void {
  const skip = attrs.includes('DMA_ATTR_SKIP_CPU_SYNC');
  if (!dev.coherent && !skip) archSync(s, ctx, true, seg.devPhys, size, dir, seg.slot !== null);
  afterSync?.();
  if (seg.slot) swiotlbTblUnmapSingle(s, ctx, seg.phys, seg.devPhys, size, dir, skip, seg.slot, owner);
}

/** dma_direct_sync_single_for_device: swiotlb copy first, then clean (non-coherent). */
export function syncSegForDevice(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  seg: StreamSeg,
  off: number,
  size: number,
  dir: DmaDirection,
): void {
  if (seg.slot) swiotlbSyncForDevice(s, ctx, seg.phys + off, seg.devPhys + off, size, dir);
  if (!dev.coherent) archSync(s, ctx, false, seg.devPhys + off, size, dir, seg.slot !== null);
}

/** dma_direct_sync_single_for_cpu: invalidate (non-coherent) first, then the swiotlb copy back. */
export function syncSegForCpu(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  seg: StreamSeg,
  off: number,
  size: number,
  dir: DmaDirection,
): void {
  if (!dev.coherent) archSync(s, ctx, true, seg.devPhys + off, size, dir, seg.slot !== null);
  if (seg.slot) swiotlbSyncForCpu(s, ctx, seg.phys + off, seg.devPhys + off, size, dir);
}

/** dma_direct_map_sg: each segment mapped on its own (no merging); a failure unmaps the rest with SKIP. */
export function dmaDirectMapSg(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  segs: readonly SegIn[],
  dir: DmaDirection,
  attrs: readonly string[],
  owner: string,
): StreamSeg[] | null {
  return ctx.within('dma_direct_map_sg', () => {
    const out: StreamSeg[] = [];
    for (const seg of segs) {
      const r = dmaDirectMapPage(s, ctx, dev, seg, dir, attrs, owner);
      if (!r) {
        const skip = [...attrs, 'DMA_ATTR_SKIP_CPU_SYNC'];
        for (const done of out) dmaDirectUnmapPage(s, ctx, dev, done, done.len, dir, skip, owner);
        return null;
      }
      out.push({ ...r, dma: r.devPhys });
    }
    return out;
  });
}

/** dma_direct_map_resource: the MMIO address is the DMA address; only a reachability check. */
export function dmaDirectMapResource(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  phys: number,
  size: number,
): number | null {
  return ctx.within('dma_direct_map_resource', () => {
    if (!dmaCapable(dev, phys, size)) {
      overflowMessage(s, ctx, dev, 'DMA addr', phys, size);
      return null;
    }
    return phys;
  });
}
