import { describe, expect, it } from 'vitest';
import { ARCH_NAMES } from '../arch/profiles';
import { MATRIX_COLUMNS, matrixToCsv, matrixToMarkdown } from './export';
import type { AttributeMatrix } from './matrix';
import { attributeMatrix } from './matrix';

function matrixOf(input: Parameters<typeof attributeMatrix>[0]): AttributeMatrix {
  const r = attributeMatrix(input);
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.matrix;
}

const effect = (m: AttributeMatrix, attr: string) => m.attrEffects.find((e) => e.attr === attr)!;

describe('attribute matrix grouping', () => {
  const devices = [
    { coherent: true, iommu: false },
    { coherent: false, iommu: false },
    { coherent: false, iommu: true },
  ];
  for (const arch of ARCH_NAMES)
    for (const dev of devices)
      it(`WEAK_ORDERING is ignored on ${arch} ${JSON.stringify(dev)}`, () => {
        const m = matrixOf({ machine: { arch }, dev, call: 'dma_alloc_attrs', size: '1MiB' });
        expect(effect(m, 'DMA_ATTR_WEAK_ORDERING').effect).toBe('none');
        expect(effect(m, 'DMA_ATTR_WEAK_ORDERING').why.join(' ')).toMatch(/honours it/);
        for (const g of m.groups)
          expect(g.noDifference.map((d) => d.attr)).toContain('DMA_ATTR_WEAK_ORDERING');
        // Grouping halves the rows at least: the attribute never splits a group.
        expect(m.groups.length).toBeLessThanOrEqual(m.rows.length / 2);
      });

  it('WRITE_COMBINE is ignored on a coherent x86_64 device, with the model reason', () => {
    const m = matrixOf({ machine: { arch: 'x86_64' }, dev: {}, call: 'dma_alloc_attrs', size: '2MiB' });
    const wc = effect(m, 'DMA_ATTR_WRITE_COMBINE');
    expect(wc.effect).toBe('none');
    expect(wc.why.join(' ')).toMatch(/coherent device/);
    for (const r of m.rows)
      if (r.attrs.includes('DMA_ATTR_WRITE_COMBINE')) expect(r.noEffect).toContain('DMA_ATTR_WRITE_COMBINE');
    for (const r of m.rows.filter((x) => x.outcome.ok)) expect(r.outcome.userMemtype).toBe('cached');
  });

  it('NO_KERNEL_MAPPING spends no vmalloc on arm64 with a non-coherent device, while the remap does', () => {
    const m = matrixOf({
      machine: { arch: 'arm64' },
      dev: { coherent: false },
      call: 'dma_alloc_attrs',
      size: '2MiB',
    });
    const okRows = m.rows.filter((r) => r.outcome.ok);
    const nkm = okRows.filter((r) => r.attrs.includes('DMA_ATTR_NO_KERNEL_MAPPING'));
    expect(nkm.length).toBe(128);
    for (const r of nkm) {
      expect(r.outcome.vmallocBytes).toBe(0);
      expect(r.outcome.kernelMapping).toBe('cookie');
      expect(r.outcome.zeroed).toBe(false);
    }
    const remap = okRows.find((r) => r.id === 'GFP_KERNEL 0')!;
    expect(remap.outcome.kernelMapping).toBe('vmalloc');
    expect(remap.outcome.vmallocBytes).toBe(2 * 1024 * 1024 + 4096);
    expect(effect(m, 'DMA_ATTR_NO_KERNEL_MAPPING').effect).toBe('always');
  });

  it('IOMMU attributes split groups: PRIVILEGED sets IOMMU_PRIV, FORCE_CONTIGUOUS takes CMA', () => {
    const m = matrixOf({
      machine: { arch: 'arm64' },
      dev: { coherent: false, iommu: true },
      call: 'dma_alloc_attrs',
      size: '1MiB',
      gfps: ['GFP_KERNEL'],
    });
    const priv = m.rows.find((r) => r.id === 'GFP_KERNEL PRIVILEGED')!;
    expect(priv.outcome.iommuProt).toContain('IOMMU_PRIV');
    expect(effect(m, 'DMA_ATTR_PRIVILEGED').effect).toBe('always');
    expect(m.rows.find((r) => r.id === 'GFP_KERNEL FORCE_CONTIGUOUS')!.outcome.pagesFrom).toEqual({
      cma: 256,
    });
  });

  it('rows carry the ops that replay them, and restrictions shrink the axes', () => {
    const m = matrixOf({
      machine: { arch: 'arm32' },
      dev: { coherent: false },
      call: 'dma_alloc_attrs',
      size: '64KiB',
      attrs: ['DMA_ATTR_WRITE_COMBINE'],
      gfps: ['GFP_KERNEL'],
    });
    expect(m.rows.map((r) => r.id)).toEqual(['GFP_KERNEL 0', 'GFP_KERNEL WRITE_COMBINE']);
    expect(m.rows[1]!.ops).toEqual([
      {
        op: 'dma_alloc_attrs',
        dev: 'dev0',
        size: '64KiB',
        gfp: 'GFP_KERNEL',
        attrs: ['DMA_ATTR_WRITE_COMBINE'],
        as: 'buf',
      },
      { op: 'dma_mmap_attrs', buf: 'buf', process: 'app', attrs: ['DMA_ATTR_WRITE_COMBINE'] },
    ]);
  });

  it('streaming rows cover every direction and SKIP_CPU_SYNC', () => {
    const m = matrixOf({
      machine: { arch: 'arm64' },
      dev: { coherent: false },
      call: 'dma_map_single',
      size: '4KiB',
    });
    expect(m.rows.length).toBe(4 * 3);
    expect(new Set(m.rows.map((r) => r.dir))).toEqual(
      new Set(['DMA_TO_DEVICE', 'DMA_FROM_DEVICE', 'DMA_BIDIRECTIONAL']),
    );
    expect(
      m.rows.every(
        (r) => r.gfp === null && r.ops.map((o) => o.op).join() === 'kmalloc,dma_map_single,dma_unmap_single',
      ),
    ).toBe(true);
  });

  it('bad input is a list of problems', () => {
    const r = attributeMatrix({
      machine: { arch: 'arm64' },
      dev: 'nope',
      call: 'dma_alloc_attrs',
      size: '1MiB',
    });
    expect(r.ok).toBe(false);
    expect(attributeMatrix({ machine: {}, dev: {}, call: 'dma_alloc_attrs', size: 'lots' }).ok).toBe(false);
  });
});

describe('matrix export', () => {
  const m = matrixOf({
    machine: { arch: 'arm64' },
    dev: { coherent: false },
    call: 'dma_alloc_attrs',
    size: '2MiB',
    attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'],
  });
  it('CSV: the fixed header, one line per row', () => {
    const lines = matrixToCsv(m).trimEnd().split('\r\n');
    expect(lines[0]).toBe(MATRIX_COLUMNS.join(','));
    expect(lines.length).toBe(m.rows.length + 1);
    expect(lines[1]).toBe(
      'G1,GFP_KERNEL,0,,ok,vmalloc,write-combine,write-combine,2101248,yes,0,512,cma:512,2097152,0,yes,0,',
    );
    expect(lines[3]).toMatch(
      /^G3,GFP_ATOMIC,0,,"ENOMEM in dma_alloc_attrs: dma_direct_alloc\(dev0, 2 MiB\) returned NULL",/,
    );
  });
  it('Markdown: a table with the same header and the group notes', () => {
    const md = matrixToMarkdown(m);
    expect(md).toContain(`| ${MATRIX_COLUMNS.join(' | ')} |`);
    expect(md).toContain('#### Groups');
    expect(md).toContain('- NO_KERNEL_MAPPING: changed every row');
  });
});
