// dma_mmap_attrs (kernel/dma/mapping.c → dma_direct_mmap / iommu_dma_mmap / arm_iommu_mmap_attrs)
// and munmap: the memory type of the user mapping on each path (fact sheet §11), top-down
// placement below mmap_base, and the -ENXIO bound on vm_pgoff. Each test also checks step-back.
import { describe, expect, it } from 'vitest';
import { eventsOf, run, stepBackMismatches } from '../testkit';
import type { MachineConfigInput, Op } from '../types';

const m = (arch: MachineConfigInput['arch'], d: Record<string, unknown>, more: MachineConfigInput = {}) =>
  ({ arch, ramMiB: 512, devices: [{ name: 'd', ...d }], ...more }) as MachineConfigInput;
const alloc = (extra: Record<string, unknown> = {}): Op =>
  ({ op: 'dma_alloc_attrs', dev: 'd', size: '16KiB', as: 'a', ...extra }) as Op;
const mmap = (extra: Record<string, unknown> = {}): Op =>
  ({ op: 'dma_mmap_attrs', buf: 'a', process: 'app', as: 'v', ...extra }) as Op;

function go(machine: MachineConfigInput, ops: Op[]) {
  const r = run(machine, ops);
  expect(stepBackMismatches(r)).toEqual([]);
  return r;
}
const vmaOf = (r: ReturnType<typeof go>, i = 1) => {
  const out = r.outs[i]!;
  if (!out.result.ok) throw new Error(out.result.error.message);
  return out.result.value as { start: string; pages: number; memtype: string; pgprot: string };
};

describe('dma_mmap_attrs', () => {
  it('dma_direct_mmap for a coherent device keeps the VMA prot (dma_pgprot returns it unchanged): cacheable, remap_pfn_range', () => {
    const r = go(m('x86_64', {}), [alloc(), mmap()]);
    expect(vmaOf(r).memtype).toBe('cached');
    expect(eventsOf(r.outs[1]!, 'ptesWritten')[0]!.fn).toBe('remap_pfn_range');
  });

  it('dma_direct_mmap for a non-coherent arm64 device uses pgprot_dmacoherent (Normal-NC)', () => {
    const r = go(m('arm64', { coherent: false }), [alloc(), mmap()]);
    expect(vmaOf(r).memtype).toBe('write-combine');
    expect(vmaOf(r).pgprot).toContain('MT_NORMAL_NC');
  });

  it('riscv non-coherent: dma_pgprot falls back to pgprot_noncached (Svpbmt IO)', () => {
    const r = go(m('riscv64', { coherent: false }), [alloc(), mmap()]);
    expect(vmaOf(r).memtype).toBe('uncached');
  });

  it('arm_iommu_mmap_attrs honours DMA_ATTR_WRITE_COMBINE (__get_dma_pgprot) and maps the page array with vm_map_pages', () => {
    const r = go(m('arm32', { coherent: false, iommu: true }), [
      alloc({ size: '1088KiB' }),
      mmap({ attrs: ['DMA_ATTR_WRITE_COMBINE'] }),
    ]);
    expect(vmaOf(r).pgprot).toContain('pgprot_writecombine');
    expect(eventsOf(r.outs[1]!, 'ptesWritten')[0]!.fn).toBe('vm_map_pages');
  });

  it('dma_mmap_wc on arm64 is dma_mmap_attrs with WRITE_COMBINE, which dma_pgprot cannot honour without ARCH_HAS_DMA_WRITE_COMBINE', () => {
    const r = go(m('arm64', { coherent: false }), [
      alloc(),
      { op: 'dma_mmap_wc', buf: 'a', process: 'app', as: 'v' } as Op,
    ]);
    expect(eventsOf(r.outs[1]!, 'attrIgnored').map((e) => e.attr)).toEqual(['DMA_ATTR_WRITE_COMBINE']);
  });

  it('a NO_KERNEL_MAPPING cookie can still be mapped: the PFNs come from the DMA handle', () => {
    const r = go(m('arm64', { coherent: false }), [
      alloc({ attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'] }),
      mmap({ attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'] }),
    ]);
    const b = r.last.buffers.get('b1')!;
    const v = [...r.last.vmas.values()][0]!;
    expect(v.ranges).toEqual(b.extents);
  });

  it('VMAs are placed top-down below mmap_base (STACK_TOP - 128 MiB), the second below the first', () => {
    const r = go(m('arm64', {}), [alloc(), mmap(), mmap({ as: 'w' })]);
    const first = BigInt(vmaOf(r, 1).start);
    const second = BigInt(vmaOf(r, 2).start);
    expect(first + 4n * 4096n).toBe(BigInt(r.last.profile.mmapBase));
    expect(second + 4n * 4096n).toBe(first);
  });

  it('vm_pgoff + pages beyond the buffer fails with -ENXIO (dma_direct_mmap bounds check); an in-bounds offset maps that slice', () => {
    const r = go(m('x86_64', {}), [
      alloc(),
      mmap({ offset: 8192, length: 12288 }),
      mmap({ offset: 8192, length: 8192, as: 'w' }),
    ]);
    const bad = r.outs[1]!;
    expect(bad.result.ok ? null : bad.result.error.code).toBe('ENXIO');
    const b = r.last.buffers.get('b1')!;
    const v = [...r.last.vmas.values()].find((x) => x.live)!;
    expect(v.ranges).toEqual([{ pfn: b.extents[0]!.pfn + 2, count: 2 }]);
  });

  it('munmap removes the VMA and clears its user PTEs (zap_page_range_single)', () => {
    const r = go(m('arm64', {}), [alloc(), mmap(), { op: 'munmap', vma: 'v' } as Op]);
    expect(eventsOf(r.outs[2]!, 'ptesCleared')[0]!.space).toBe('user');
    expect(r.last.processes.get('app')).toEqual([]);
    expect(r.last.buffers.get('b1')!.vmas).toEqual([]);
  });
});
