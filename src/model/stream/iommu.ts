// Streaming DMA through an IOMMU: drivers/iommu/dma-iommu.c (iommu_dma_map_page with its swiotlb
// bounce for unaligned small kmalloc buffers, iommu_dma_map_sg with one IOVA range per list and
// __finalise_sg merging, iommu_dma_map_resource) and 32-bit ARM's arm_iommu ops
// (arm_iommu_map_page, arm_iommu_map_sg with one IOVA per __map_sg_chunk). Facts: §7.6, §8.4.
import type { Ctx } from '../ctx';
import { iommuMapRanges, iommuProt, iommuUnmap } from '../dma/iommu';
import type { MachineState, StreamMapping, StreamSeg } from '../state';
import type { DeviceConfig, DmaDirection, PfnRange } from '../types';
import type { SegIn } from './direct';
import { archSync, kmallocNeedsBounce, unmapSeg } from './direct';
import { swiotlbTblMapSingle, swiotlbTblUnmapSingle } from './swiotlb';

/** dma_get_max_seg_size() without dma_parms. */
export const DEFAULT_MAX_SEG_SIZE = 65536;

export interface IommuMapOut {
  readonly segs: StreamSeg[];
  readonly dmaSegs: Array<{ dma: number; len: number }>;
  readonly iovas: Array<{ pfn: number; pages: number }>;
  readonly prot: readonly string[];
}

function pagesCovering(s: MachineState, phys: number, len: number): PfnRange {
  const ps = s.profile.pageSize;
  const pfn = Math.floor(phys / ps);
  return { pfn, count: Math.ceil((phys + len) / ps) - pfn };
}

function protOf(
  s: MachineState,
  dev: DeviceConfig,
  dir: DmaDirection,
  attrs: readonly string[],
  arm: boolean,
) {
  return iommuProt(s, dev, dir, attrs.includes('DMA_ATTR_PRIVILEGED'), arm);
}

/** iommu_dma_map_page: maybe bounce (granule-unaligned small kmalloc buffer), clean, one IOVA. */
export function iommuDmaMapPage(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  seg: SegIn,
  dir: DmaDirection,
  attrs: readonly string[],
  owner: string,
): IommuMapOut | null {
  return ctx.within('iommu_dma_map_page', () => {
    const granule = s.profile.iommu.pageSizes[0]!;
    let devPhys = seg.phys;
    let slot: StreamSeg['slot'] = null;
    if (kmallocNeedsBounce(s, dev, seg.len, dir) && (seg.phys % granule !== 0 || seg.len % granule !== 0)) {
      if (!s.swiotlb) {
        ctx.message(
          'warn',
          `${dev.name}: DMA bounce buffers are inactive, unable to map unaligned transaction.`,
        );
        return null;
      }
      const r = swiotlbTblMapSingle(s, ctx, dev.name, seg.phys, seg.len, attrs, owner);
      if (!r) return null;
      devPhys = r.devPhys;
      slot = r.slot;
    }
    if (!dev.coherent && !attrs.includes('DMA_ATTR_SKIP_CPU_SYNC'))
      archSync(s, ctx, false, devPhys, seg.len, dir, slot !== null);
    const prot = protOf(s, dev, dir, attrs, false);
    const iova = ctx.within('__iommu_dma_map', () =>
      iommuMapRanges(s, ctx, dev, [pagesCovering(s, devPhys, seg.len)], prot, owner, false),
    );
    if (!iova) {
      if (slot) swiotlbTblUnmapSingle(s, ctx, seg.phys, devPhys, seg.len, dir, true, slot, owner);
      return null;
    }
    const dma = iova.pfn * s.profile.pageSize + (devPhys % s.profile.pageSize);
    return {
      segs: [{ ...seg, devPhys, slot, dma }],
      dmaSegs: [{ dma, len: seg.len }],
      iovas: [iova],
      prot,
    };
  });
}

/** __finalise_sg: segments that became IOVA-contiguous merge, within the max segment size. */
function finaliseSg(
  s: MachineState,
  segs: readonly SegIn[],
  base: number,
): { dmas: number[]; dmaSegs: Array<{ dma: number; len: number }> } {
  const ps = s.profile.pageSize;
  const dmas: number[] = [];
  const dmaSegs: Array<{ dma: number; len: number }> = [];
  let addr = base;
  let curLen = 0;
  for (const seg of segs) {
    const off = seg.phys % ps;
    const iovaLen = Math.ceil((off + seg.len) / ps) * ps;
    dmas.push(addr + off);
    const cur = dmaSegs[dmaSegs.length - 1];
    if (cur && curLen && off === 0 && DEFAULT_MAX_SEG_SIZE - curLen >= seg.len) {
      cur.len += seg.len;
      curLen += seg.len;
    } else {
      dmaSegs.push({ dma: addr + off, len: seg.len });
      curLen = seg.len;
    }
    addr += iovaLen;
    if (seg.len + off < iovaLen) curLen = 0;
  }
  return { dmas, dmaSegs };
}

/** iommu_dma_map_sg: clean every segment, one IOVA range for the whole list, then merge. */
export function iommuDmaMapSg(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  segs: readonly SegIn[],
  dir: DmaDirection,
  attrs: readonly string[],
  owner: string,
): IommuMapOut | null {
  return ctx.within('iommu_dma_map_sg', () => {
    if (segs.some((g) => kmallocNeedsBounce(s, dev, g.len, dir))) {
      // iommu_dma_map_sg_swiotlb: each segment through iommu_dma_map_page, no merging.
      return ctx.within('iommu_dma_map_sg_swiotlb', () => {
        const out: { -readonly [K in keyof IommuMapOut]: IommuMapOut[K] } = {
          segs: [],
          dmaSegs: [],
          iovas: [],
          prot: [],
        };
        for (const g of segs) {
          const r = iommuDmaMapPage(s, ctx, dev, g, dir, attrs, owner);
          if (!r) {
            iommuDmaUnmap(s, ctx, dev, {
              ...out,
              dir,
              attrs: [...attrs, 'DMA_ATTR_SKIP_CPU_SYNC'],
              id: owner,
            });
            return null;
          }
          out.segs.push(...r.segs);
          out.dmaSegs.push(...r.dmaSegs);
          out.iovas.push(...r.iovas);
          out.prot = r.prot;
        }
        return out;
      });
    }
    if (!dev.coherent && !attrs.includes('DMA_ATTR_SKIP_CPU_SYNC'))
      ctx.within('iommu_dma_sync_sg_for_device', () => {
        for (const g of segs) archSync(s, ctx, false, g.phys, g.len, dir, false);
      });
    const prot = protOf(s, dev, dir, attrs, false);
    const ranges = segs.map((g) => pagesCovering(s, g.phys, g.len));
    const iova = iommuMapRanges(s, ctx, dev, ranges, prot, owner, false);
    if (!iova) return null;
    const { dmas, dmaSegs } = ctx.within('__finalise_sg', () =>
      finaliseSg(s, segs, iova.pfn * s.profile.pageSize),
    );
    return {
      segs: segs.map((g, i) => ({ ...g, devPhys: g.phys, slot: null, dma: dmas[i]! })),
      dmaSegs,
      iovas: [iova],
      prot,
    };
  });
}

/** iommu_dma_unmap_page / iommu_dma_unmap_sg: CPU sync unless SKIP, unmap each IOVA, release bounces. */
export function iommuDmaUnmap(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  m: Pick<StreamMapping, 'segs' | 'iovas' | 'dir' | 'attrs' | 'id'>,
  size?: number,
): void {
  const single = m.iovas.length === 1 && m.segs.length === 1;
  ctx.within(single ? 'iommu_dma_unmap_page' : 'iommu_dma_unmap_sg', () => {
    let unmapped = false;
    const unmapIovas = () => {
      if (unmapped) return;
      unmapped = true;
      ctx.within('__iommu_dma_unmap', () => {
        for (const v of m.iovas) iommuUnmap(s, ctx, dev.name, v.pfn, m.id, false);
      });
    };
    for (const seg of m.segs)
      unmapSeg(
        s,
        ctx,
        dev,
        seg,
        single && size !== undefined ? Math.min(size, seg.len) : seg.len,
        m.dir,
        m.attrs,
        m.id,
        unmapIovas,
      );
    unmapIovas();
  });
}

/** arm_iommu_map_page / arm_iommu_map_sg: __dma_page_cpu_to_dev, then one IOVA per chunk. */
export function armIommuMap(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  segs: readonly SegIn[],
  dir: DmaDirection,
  attrs: readonly string[],
  owner: string,
  sg: boolean,
): IommuMapOut | null {
  return ctx.within(sg ? 'arm_iommu_map_sg' : 'arm_iommu_map_page', () => {
    const ps = s.profile.pageSize;
    // Chunks: a new chunk starts at a segment with an offset, after a size that is not page
    // aligned, or when the chunk would exceed the max segment size.
    const chunks: SegIn[][] = [];
    let size = 0;
    for (const g of segs) {
      const cur = chunks[chunks.length - 1];
      if (!cur || g.phys % ps !== 0 || size % ps !== 0 || size + g.len > DEFAULT_MAX_SEG_SIZE) {
        chunks.push([g]);
        size = (g.phys % ps) + g.len;
      } else {
        cur.push(g);
        size += g.len;
      }
    }
    const prot = protOf(s, dev, dir, attrs, true);
    const out: IommuMapOut = { segs: [], dmaSegs: [], iovas: [], prot };
    for (const chunk of chunks) {
      const r = ctx.within(sg ? '__map_sg_chunk' : 'arm_iommu_map_page', () => {
        if (!dev.coherent && !attrs.includes('DMA_ATTR_SKIP_CPU_SYNC'))
          for (const g of chunk) archSync(s, ctx, false, g.phys, g.len, dir, false, false);
        return iommuMapRanges(
          s,
          ctx,
          dev,
          chunk.map((g) => pagesCovering(s, g.phys, g.len)),
          prot,
          owner,
          true,
        );
      });
      if (!r) {
        for (const v of out.iovas) iommuUnmap(s, ctx, dev.name, v.pfn, owner, true);
        return null;
      }
      let addr = r.pfn * ps;
      const first = chunk[0]!;
      out.dmaSegs.push({ dma: addr + (first.phys % ps), len: chunk.reduce((n, g) => n + g.len, 0) });
      for (const g of chunk) {
        out.segs.push({ ...g, devPhys: g.phys, slot: null, dma: addr + (g.phys % ps) });
        addr += Math.ceil(((g.phys % ps) + g.len) / ps) * ps;
      }
      out.iovas.push(r);
    }
    return out;
  });
}

/** arm_iommu_unmap_page / arm_iommu_unmap_sg: __dma_page_dev_to_cpu unless SKIP, then __iommu_remove_mapping. */
export function armIommuUnmap(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  m: Pick<StreamMapping, 'segs' | 'iovas' | 'dir' | 'attrs' | 'id'>,
): void {
  ctx.within(m.segs.length > 1 ? 'arm_iommu_unmap_sg' : 'arm_iommu_unmap_page', () => {
    if (!dev.coherent && !m.attrs.includes('DMA_ATTR_SKIP_CPU_SYNC'))
      for (const g of m.segs) archSync(s, ctx, true, g.phys, g.len, m.dir, false, false);
    ctx.within('__iommu_remove_mapping', () => {
      for (const v of m.iovas) iommuUnmap(s, ctx, dev.name, v.pfn, m.id, true);
    });
  });
}

/** iommu_dma_map_resource / arm_iommu_map_resource: IOMMU_MMIO added, no cache work, no bounce. */
export function iommuMapResource(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  phys: number,
  size: number,
  dir: DmaDirection,
  attrs: readonly string[],
  owner: string,
  arm: boolean,
): IommuMapOut | null {
  return ctx.within(arm ? 'arm_iommu_map_resource' : 'iommu_dma_map_resource', () => {
    const prot = [...protOf(s, { ...dev, coherent: false }, dir, attrs, arm), 'IOMMU_MMIO'];
    const iova = iommuMapRanges(s, ctx, dev, [pagesCovering(s, phys, size)], prot, owner, arm);
    if (!iova) return null;
    const dma = iova.pfn * s.profile.pageSize + (phys % s.profile.pageSize);
    return {
      segs: [{ buffer: null, phys, len: size, devPhys: phys, slot: null, dma }],
      dmaSegs: [{ dma, len: size }],
      iovas: [iova],
      prot,
    };
  });
}
