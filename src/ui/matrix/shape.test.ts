import { describe, expect, it } from 'vitest';
import { attributeMatrix, MATRIX_COLUMNS, WORKLOADS } from '../../model';
import { exportFileName, shapeMatrix } from './shape';

function matrix(call: 'dma_alloc_attrs' | 'dma_map_single', workload = true) {
  const r = attributeMatrix({
    machine: { arch: 'arm64' },
    dev: { coherent: false },
    call,
    size: '2MiB',
    ...(workload ? { workload: WORKLOADS.frame60 } : {}),
  });
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.matrix;
}

describe('shapeMatrix', () => {
  const m = matrix('dma_alloc_attrs');
  const shaped = shapeMatrix(m, WORKLOADS.frame60);

  it('keeps the issue’s columns in the model’s order, drops the empty direction column, adds the cost', () => {
    const headers = shaped.columns.map((c) => c.header);
    expect(headers).not.toContain('group');
    expect(headers).not.toContain('direction');
    expect(headers.slice(0, 2)).toEqual(['gfp', 'attributes']);
    for (const h of MATRIX_COLUMNS.filter((c) => !['group', 'direction', 'IOMMU prot'].includes(c)))
      expect(headers).toContain(h);
    expect(headers.at(-1)).toBe('cost per second (illustrative units)');
    expect(shaped.columns.find((c) => c.header === 'vmalloc bytes')?.numeric).toBe(true);
  });

  it('groups every row once, and the NO_KERNEL_MAPPING group spends no vmalloc', () => {
    expect(shaped.groups.reduce((n, g) => n + g.rows.length, 0)).toBe(m.rows.length);
    const col = shaped.columns.findIndex((c) => c.header === 'vmalloc bytes');
    const plain = shaped.groups[0];
    expect(plain?.rows[0]?.row.attrs).toEqual([]);
    expect(plain?.rows[0]?.cells[col]).toMatch(/MiB$/);
    const nkm = shaped.groups.find((g) => g.rows[0]?.row.attrs.includes('DMA_ATTR_NO_KERNEL_MAPPING'));
    expect(nkm?.summary).toContain('no kernel mapping');
    expect(nkm?.rows.every((r) => r.cells[col] === '0')).toBe(true);
    expect(nkm?.noDifference.map((n) => n.attr)).toContain('WEAK_ORDERING');
    expect(nkm?.noDifference.find((n) => n.attr === 'WEAK_ORDERING')?.why).toMatch(/\S/);
    expect(nkm?.cost?.label).toMatch(/illustrative/);
  });

  it('names what each attribute changed', () => {
    const e = new Map(shaped.effects.map((x) => [x.attr, x]));
    expect(e.get('WEAK_ORDERING')?.effect).toBe('no difference on any row');
    expect(e.get('NO_KERNEL_MAPPING')?.effect).toBe('changed every row');
    expect(e.get('NO_KERNEL_MAPPING')?.why).toBe('');
  });

  it('shows the direction for streaming calls, and no cost column without a workload', () => {
    const s = shapeMatrix(matrix('dma_map_single', false));
    const headers = s.columns.map((c) => c.header);
    expect(headers).toContain('direction');
    expect(headers).not.toContain('cost per second (illustrative units)');
    expect(s.groups.every((g) => g.cost === null)).toBe(true);
  });

  it('names export files after the matrix', () => {
    expect(exportFileName(m, 'csv')).toBe('dmaviz-matrix-arm64-dev0-dma_alloc_attrs-2MiB.csv');
    expect(exportFileName(m, 'md')).toMatch(/\.md$/);
  });
});
