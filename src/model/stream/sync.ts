// dma_sync_single_for_cpu/_for_device and dma_sync_sg_for_cpu/_for_device
// (include/linux/dma-mapping.h inline wrappers, kernel/dma/mapping.c __dma_sync_*), dispatched to
// dma-direct, dma-iommu or arm_iommu, then checked by dma-debug. The wrappers do nothing when
// dma_dev_need_sync() is false: a coherent device that never bounced, with dma-debug off. Facts: §2.4, §3.6.
import type { Ctx } from '../ctx';
import { fail } from '../ctx';
import { checkSync } from '../debug/debug';
import { bufferOf, dirOf, sizeOf } from '../dma/request';
import type { MachineState, StreamMapping } from '../state';
import type { DeviceConfig, DmaDirection, StepResult } from '../types';
import { archSync, syncSegForCpu, syncSegForDevice } from './direct';
import { mappingOf, offsetOf, segmentsIn } from './mapping';

type Args = Readonly<Record<string, unknown>>;

/** dma_dev_need_sync(): !dev->dma_skip_sync || CONFIG_DMA_API_DEBUG. */
function needSync(s: MachineState, dev: DeviceConfig, m: StreamMapping): boolean {
  if (s.config.dmaDebug || m.armOps) return true;
  return !dev.coherent || s.bouncedDevs.has(dev.name);
}

function syncPath(dev: DeviceConfig, m: StreamMapping, toCpu: boolean, sg: boolean): string {
  const what = `sync_${sg ? 'sg' : 'single'}_for_${toCpu ? 'cpu' : 'device'}`;
  return m.armOps ? `arm_iommu_${what}` : dev.iommu ? `iommu_dma_${what}` : `dma_direct_${what}`;
}

function syncRange(
  s: MachineState,
  ctx: Ctx,
  dev: DeviceConfig,
  m: StreamMapping,
  parts: ReturnType<typeof segmentsIn>,
  dir: DmaDirection,
  toCpu: boolean,
): void {
  for (const p of parts) {
    if (m.armOps) {
      if (!dev.coherent) archSync(s, ctx, toCpu, p.seg.phys + p.off, p.len, dir, false, false);
    } else if (toCpu) syncSegForCpu(s, ctx, dev, p.seg, p.off, p.len, dir);
    else syncSegForDevice(s, ctx, dev, p.seg, p.off, p.len, dir);
  }
}

/**
 * A dma_alloc_pages / dma_alloc_noncoherent buffer seen as the streaming entry dma-debug keeps for
 * it, so that `buf` can be synced as dma-api.rst asks ("just like for streaming DMA mappings").
 */
function ownedBuffer(s: MachineState, args: Args): StreamMapping {
  const b = bufferOf(s, args.buf);
  if ((b.kind !== 'noncoherent' && b.kind !== 'pages') || b.dmaAddr === null || b.dev === null)
    fail(
      'EINVAL',
      `buf: ${b.name ?? b.id} is not from dma_alloc_pages/dma_alloc_noncoherent; sync a streaming mapping with "map"`,
    );
  const phys = b.extents[0]!.pfn * s.profile.pageSize;
  return {
    id: b.id,
    name: b.name,
    dev: b.dev,
    fn: b.allocFn,
    type: 'single',
    dir: b.dir ?? 'DMA_BIDIRECTIONAL',
    attrs: [],
    size: b.size,
    segs: [{ buffer: b.id, phys, len: b.size, devPhys: phys, slot: null, dma: b.dmaAddr }],
    dmaSegs: [{ dma: b.dmaAddr, len: b.size }],
    iovas: [],
    prot: b.iommu?.prot ?? null,
    armOps: s.profile.iommu.ops === 'arm-iommu' && s.config.devices.some((d) => d.name === b.dev && d.iommu),
    checked: true,
    live: b.live,
    createdAt: b.createdAt,
  };
}

/** dma_sync_single_for_cpu / dma_sync_single_for_device: `offset`/`size` inside the mapping (default all). */
export function dmaSyncSingle(s: MachineState, ctx: Ctx, op: string, args: Args): StepResult {
  const m = args.map === undefined && args.buf !== undefined ? ownedBuffer(s, args) : mappingOf(s, args.map);
  const dev = s.config.devices.find((d) => d.name === m.dev)!;
  const toCpu = op.endsWith('_for_cpu');
  const dir = dirOf(args.dir, m.dir);
  const offset = offsetOf(args.offset);
  const size = args.size === undefined ? m.size - offset : sizeOf(args.size);
  return ctx.within(op, () => {
    if (!needSync(s, dev, m)) {
      if (!ctx.quiet)
        ctx.message(
          'info',
          `${op}: dma_dev_need_sync() is false (coherent device, no bounce, no dma-debug): nothing to do`,
        );
      return { ok: true, value: { mapping: m.id, skipped: true } };
    }
    ctx.within(toCpu ? '__dma_sync_single_for_cpu' : '__dma_sync_single_for_device', () => {
      if (m.live)
        ctx.within(syncPath(dev, m, toCpu, false), () =>
          syncRange(s, ctx, dev, m, segmentsIn(m, offset, size), dir, toCpu),
        );
      const addr = (m.dmaSegs[0]?.dma ?? 0) + offset;
      ctx.within(toCpu ? 'debug_dma_sync_single_for_cpu' : 'debug_dma_sync_single_for_device', () =>
        checkSync(s, ctx, m, addr, offset + size, size, dir, toCpu),
      );
    });
    return { ok: true, value: { mapping: m.id } };
  });
}

/** dma_sync_sg_for_cpu / dma_sync_sg_for_device: every entry; `nents` defaults to the mapped count. */
export function dmaSyncSg(s: MachineState, ctx: Ctx, op: string, args: Args): StepResult {
  const m = mappingOf(s, args.map);
  const dev = s.config.devices.find((d) => d.name === m.dev)!;
  const toCpu = op.endsWith('_for_cpu');
  const dir = dirOf(args.dir, m.dir);
  const nents = args.nents === undefined ? m.segs.length : Number(args.nents);
  return ctx.within(op, () => {
    if (!needSync(s, dev, m)) {
      if (!ctx.quiet)
        ctx.message(
          'info',
          `${op}: dma_dev_need_sync() is false (coherent device, no bounce, no dma-debug): nothing to do`,
        );
      return { ok: true, value: { mapping: m.id, skipped: true } };
    }
    ctx.within(toCpu ? '__dma_sync_sg_for_cpu' : '__dma_sync_sg_for_device', () => {
      if (m.live)
        ctx.within(syncPath(dev, m, toCpu, true), () =>
          syncRange(s, ctx, dev, m, segmentsIn(m, 0, m.size), dir, toCpu),
        );
      ctx.within(toCpu ? 'debug_dma_sync_sg_for_cpu' : 'debug_dma_sync_sg_for_device', () =>
        checkSync(s, ctx, m, m.dmaSegs[0]?.dma ?? 0, m.size, m.size, dir, toCpu, nents),
      );
    });
    return { ok: true, value: { mapping: m.id } };
  });
}
