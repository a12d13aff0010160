// The streaming entry points (kernel/dma/mapping.c, include/linux/dma-mapping.h) on each path:
// the vmalloc refusal of dma_map_single, dma-iommu's one IOVA per sg list with __finalise_sg
// merging, arm_iommu's chunks, IOMMU prot enforcement, dma_map_resource, and the driver-memory
// operations (kmalloc caches, alloc_pages). Each test checks step-back.
import { describe, expect, it } from 'vitest';
import { eventsOf, messagesOf, run, stepBackMismatches } from '../testkit';
import type { MachineConfigInput, Op } from '../types';
import { metricsOf, pageRuns } from '../views';

const o = (op: string, args: Record<string, unknown> = {}): Op => ({ op, ...args }) as Op;

function go(machine: MachineConfigInput, ops: Op[]) {
  const r = run(machine, ops);
  expect(stepBackMismatches(r)).toEqual([]);
  return r;
}

const value = (r: ReturnType<typeof go>, i: number) => {
  const res = r.outs[i]!.result;
  if (!res.ok) throw new Error(`step ${i}: ${res.error.message}`);
  return res.value as Record<string, unknown>;
};

const iommuArm64: MachineConfigInput = {
  arch: 'arm64',
  ramMiB: 1024,
  devices: [{ name: 'gpu', coherent: false, iommu: true, dmaMaskBits: 64 }],
};

describe('dma_map_single_attrs', () => {
  it('refuses a vmalloc address: "rejecting DMA map of vmalloc memory" and DMA_MAPPING_ERROR', () => {
    const r = go({ arch: 'x86_64', devices: [{ name: 'd' }] }, [
      o('vmalloc', { size: 8192, as: 'v' }),
      o('dma_map_single', { dev: 'd', buf: 'v', dir: 'DMA_TO_DEVICE', as: 'm' }),
    ]);
    const out = r.outs[1]!;
    expect(out.result.ok).toBe(false);
    if (!out.result.ok) expect(out.result.error.code).toBe('DMA_MAPPING_ERROR');
    expect(messagesOf(out)).toContain('d: rejecting DMA map of vmalloc memory');
    expect(out.calls).not.toContain('dma_map_page_attrs');
  });

  it('refuses the vmalloc address of a coherent buffer on non-coherent arm64 (dma_common_contiguous_remap)', () => {
    const r = go({ arch: 'arm64', ramMiB: 1024, devices: [{ name: 'd', coherent: false }] }, [
      o('dma_alloc_coherent', { dev: 'd', size: 4096, as: 'c' }),
      o('dma_map_single', { dev: 'd', buf: 'c', dir: 'DMA_TO_DEVICE', as: 'm' }),
    ]);
    expect(r.outs[1]!.result.ok).toBe(false);
  });
});

describe('dma-iommu streaming (iommu_dma_map_sg, iommu_dma_map_page)', () => {
  it('one IOVA range for the whole sg list; page-aligned entries merge in __finalise_sg', () => {
    const r = go(iommuArm64, [
      o('alloc_pages', { order: 0, as: 'a' }),
      o('alloc_pages', { order: 1, as: 'b' }),
      o('dma_map_sg', { dev: 'gpu', bufs: ['a', 'b'], dir: 'DMA_TO_DEVICE', as: 'sg' }),
      o('dma_unmap_sg', { map: 'sg' }),
    ]);
    const v = value(r, 2);
    expect(v.nents).toBe(2);
    expect(v.dmaSegments).toEqual([{ dma: expect.any(String), len: 3 * 4096 }]);
    expect(eventsOf(r.outs[2]!, 'iovaReserved')).toHaveLength(1);
    expect(eventsOf(r.outs[2]!, 'cacheMaintained').map((e) => e.op)).toEqual(['clean', 'clean']);
    expect(r.last.domains.get('gpu')!.spans).toEqual([]);
  });

  it('entries that do not start on an IOVA page boundary stay separate DMA segments', () => {
    const r = go(iommuArm64, [
      o('kmalloc', { size: 512, as: 'a' }),
      o('kmalloc', { size: 512, as: 'b' }),
      o('dma_map_sg', { dev: 'gpu', bufs: ['a', 'b'], dir: 'DMA_TO_DEVICE', as: 'sg' }),
    ]);
    expect((value(r, 2).dmaSegments as unknown[]).length).toBe(2);
    expect(eventsOf(r.outs[2]!, 'iovaReserved')).toHaveLength(1);
  });

  it('a device write through a DMA_TO_DEVICE mapping is an IOMMU fault (no IOMMU_WRITE); memory is untouched', () => {
    const r = go(iommuArm64, [
      o('alloc_pages', { order: 0, as: 'a' }),
      o('dma_map_page', { dev: 'gpu', buf: 'a', dir: 'DMA_TO_DEVICE', as: 'm' }),
      o('device_write', { map: 'm', value: 3 }),
      o('cpu_read', { via: 'a' }),
    ]);
    const out = r.outs[2]!;
    expect(out.result.ok).toBe(false);
    expect(eventsOf(out, 'iommuFault')).toEqual([
      expect.objectContaining({ dev: 'gpu', access: 'write', prot: ['IOMMU_READ'] }),
    ]);
    expect(value(r, 3)).toMatchObject({ value: 0, stale: false });
  });

  it('dma_map_page_attrs returns iova + the offset inside the page', () => {
    const r = go(iommuArm64, [
      o('alloc_pages', { order: 0, as: 'a' }),
      o('dma_map_page', { dev: 'gpu', buf: 'a', offset: 256, size: 512, dir: 'DMA_BIDIRECTIONAL', as: 'm' }),
    ]);
    expect(Number(value(r, 1).dmaAddr) % 4096).toBe(256);
  });

  it('dma_map_resource adds IOMMU_MMIO and does no cache maintenance', () => {
    const r = go(iommuArm64, [
      o('dma_map_resource', {
        dev: 'gpu',
        phys: '0x10000000',
        size: 4096,
        dir: 'DMA_BIDIRECTIONAL',
        as: 'r',
      }),
      o('dma_unmap_resource', { map: 'r' }),
    ]);
    expect(eventsOf(r.outs[0]!, 'iommuMapped')[0]!.prot).toContain('IOMMU_MMIO');
    expect(eventsOf(r.outs[0]!, 'cacheMaintained')).toEqual([]);
    expect(r.last.domains.get('gpu')!.spans).toEqual([]);
  });
});

describe('arm32 arm_iommu ops (arm_iommu_map_sg)', () => {
  it('one IOVA per __map_sg_chunk: page-aligned entries share a chunk, an entry with an offset starts a new one', () => {
    const m: MachineConfigInput = {
      arch: 'arm32',
      ramMiB: 512,
      devices: [{ name: 'vpu', coherent: false, iommu: true }],
    };
    const r = go(m, [
      o('alloc_pages', { order: 0, as: 'a' }),
      o('alloc_pages', { order: 0, as: 'b' }),
      o('kmalloc', { size: 512, as: 'k' }),
      o('kmalloc', { size: 512, as: 'k2' }),
      o('dma_map_sg', { dev: 'vpu', bufs: ['a', 'b', 'k2'], dir: 'DMA_FROM_DEVICE', as: 'sg' }),
      o('dma_unmap_sg', { map: 'sg' }),
    ]);
    expect(eventsOf(r.outs[4]!, 'iovaReserved')).toHaveLength(2);
    expect(r.outs[4]!.calls).toContain('__map_sg_chunk');
    expect(eventsOf(r.outs[4]!, 'cacheMaintained').map((e) => [e.op, e.fn])).toEqual([
      ['invalidate', '__dma_page_cpu_to_dev'],
      ['invalidate', '__dma_page_cpu_to_dev'],
      ['invalidate', '__dma_page_cpu_to_dev'],
    ]);
    expect(r.last.domains.get('vpu')!.spans).toEqual([]);
  });
});

describe('driver memory: kmalloc caches and alloc_pages', () => {
  it('small kmalloc objects share a slab page and, below the cache line, a line', () => {
    const r = go({ arch: 'x86_64', devices: [{ name: 'd' }] }, [
      o('kmalloc', { size: 32, as: 'a' }),
      o('kmalloc', { size: 20, as: 'b' }),
      o('kmalloc', { size: 100, as: 'c' }),
      o('kfree', { buf: 'a' }),
      o('kfree', { buf: 'b' }),
      o('kfree', { buf: 'c' }),
    ]);
    const a = r.states[3]!.buffers.get(String(value(r, 0).buffer))!;
    const b = r.states[3]!.buffers.get(String(value(r, 1).buffer))!;
    expect(a.extents[0]!.pfn).toBe(b.extents[0]!.pfn);
    expect(b.byteOffset! - a.byteOffset!).toBe(32);
    expect(value(r, 2).cache).toBe('kmalloc-128');
    expect(r.last.slabs.get(32)).toEqual([]);
    expect(metricsOf(r.last).ramUsedBytes).toBe(metricsOf(r.states[0]!).ramUsedBytes);
  });

  it('arm32 kmalloc starts at kmalloc-64 (ARCH_KMALLOC_MINALIGN = cache line): no two objects share a line', () => {
    const r = go({ arch: 'arm32', ramMiB: 512, devices: [{ name: 'd' }] }, [
      o('kmalloc', { size: 8, as: 'a' }),
    ]);
    expect(value(r, 0).cache).toBe('kmalloc-64');
  });

  it('the page map shows a slab once, not once per object', () => {
    const r = go({ arch: 'x86_64', devices: [{ name: 'd' }] }, [
      o('kmalloc', { size: 32, as: 'a' }),
      o('kmalloc', { size: 32, as: 'b' }),
    ]);
    const runs = pageRuns(r.last);
    expect(runs.filter((x) => x.owner === 'kmalloc-32')).toHaveLength(1);
    const total = runs.reduce((n, x) => n + x.count, 0);
    expect(total).toBe(r.last.ramEndPfn - r.last.ramStartPfn);
  });

  it('alloc_pages / __free_pages give the block back', () => {
    const r = go({ arch: 'arm64', ramMiB: 1024, devices: [{ name: 'd' }] }, [
      o('alloc_pages', { order: 3, as: 'p' }),
      o('__free_pages', { buf: 'p' }),
    ]);
    expect(metricsOf(r.last).ramUsedBytes).toBe(metricsOf(r.states[0]!).ramUsedBytes);
  });
});
