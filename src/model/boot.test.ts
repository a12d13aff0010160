// Booting a machine (boot.ts): zones, the kernel image, the default CMA area, swiotlb, atomic
// pools and IOMMU domains, each as the kernel sets them up (fact sheet §3.3, §5, §7.4, §13).
import { describe, expect, it } from 'vitest';
import { boot } from './testkit';
import { metricsOf, pageRuns } from './views';

describe('bootMachine', () => {
  it('x86_64: ZONE_DMA < 16 MiB, ZONE_DMA32 < 4 GiB, ZONE_NORMAL above; no CMA (CONFIG_CMA_SIZE_MBYTES = 0 on x86); swiotlb only beyond 4 GiB', () => {
    const small = boot({ arch: 'x86_64', ramMiB: 2048 });
    expect(small.zones.map((z) => z.name)).toEqual(['DMA', 'DMA32']);
    expect(small.cma).toBeNull();
    expect(small.swiotlb).toBeNull();
    const big = boot({ arch: 'x86_64', ramMiB: 8192 });
    expect(big.zones.map((z) => [z.name, z.endPfn * 4096])).toEqual([
      ['DMA', 16 << 20],
      ['DMA32', 4 * 2 ** 30],
      ['Normal', 8 * 2 ** 30],
    ]);
    expect(big.swiotlb?.slots).toBe((64 << 20) / 2048);
    expect(big.pools).toEqual([]);
  });

  it('arm64: default 16 MiB CMA below the ZONE_DMA limit, and dma_atomic_pool_init makes kernel/dma/dma32 pools of 128 KiB per GiB, each vmapped (N + 1 pages)', () => {
    const s = boot({ arch: 'arm64', ramMiB: 2048 });
    expect(s.cma!.pages).toBe(4096);
    expect((s.cma!.basePfn + s.cma!.pages) * 4096).toBeLessThanOrEqual(4 * 2 ** 30);
    expect(s.pools.map((p) => [p.name, p.pages, p.source])).toEqual([
      ['atomic_pool_kernel', 64, 'cma'],
      ['atomic_pool_dma', 64, 'cma'],
      ['atomic_pool_dma32', 64, 'cma'],
    ]);
    expect(metricsOf(s).vmallocUsedBytes).toBe(3 * 65 * 4096);
  });

  it('the generic pool is rounded to its get_order() block (atomic_pool_expand): 5 GiB asks 640 KiB and gets 1 MiB', () => {
    const s = boot({ arch: 'arm64', ramMiB: 5120, cmaMiB: 0 });
    expect(s.pools.every((p) => p.pages === 256)).toBe(true);
  });

  it('arm32 (3G/1G, vmalloc=240M): lowmem ends at 768 MiB, VMALLOC_START = 0xf0800000, 256 KiB atomic pool', () => {
    const s = boot({ arch: 'arm32', ramMiB: 1024 });
    expect((s.lowmemEndPfn - s.ramStartPfn) * 4096).toBe(768 << 20);
    expect(s.vmalloc.start).toBe(0xf0800000n);
    expect(s.vmalloc.totalPages * 4096).toBe(240 << 20);
    expect(s.zones.map((z) => z.name)).toEqual(['Normal', 'HighMem']);
    expect(s.pools.map((p) => [p.name, p.pages])).toEqual([['arm_atomic_pool', 64]]);
  });

  it('arm32 with all RAM in lowmem: the CMA area is lowmem and the atomic pool comes from it with the linear map rewritten', () => {
    const s = boot({ arch: 'arm32', ramMiB: 512 });
    expect(s.cma!.basePfn + s.cma!.pages).toBeLessThanOrEqual(s.lowmemEndPfn);
    expect(s.pools[0]!.mappedAt).toBe('linear');
    expect(s.linearRewrites.map((x) => x.owner)).toEqual(['arm_atomic_pool']);
  });

  it('every RAM page appears exactly once in the page map at boot, with the 16 MiB kernel image reserved', () => {
    for (const arch of ['x86_64', 'arm64', 'arm32', 'riscv64'] as const) {
      const s = boot({ arch, ramMiB: 1024 });
      let cursor = s.ramStartPfn;
      for (const r of pageRuns(s)) {
        expect(r.pfn).toBe(cursor);
        cursor += r.count;
      }
      expect(cursor).toBe(s.ramEndPfn);
      expect(s.reserved.find((r) => r.owner === 'kernel')?.size).toBe(4096);
    }
  });

  it('one IOVA domain per IOMMU device, empty at boot', () => {
    const s = boot({ arch: 'arm64', devices: [{ name: 'a', iommu: true }, { name: 'b' }] });
    expect([...s.domains.keys()]).toEqual(['a']);
    expect(s.domains.get('a')!.spans).toEqual([]);
  });
});
