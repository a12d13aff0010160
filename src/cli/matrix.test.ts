import { describe, expect, it } from 'vitest';
import { MATRIX_COLUMNS } from '../model';
import { matrix, matrixCommand } from './matrix';

const ARGS = [
  '--arch',
  'arm64',
  '--device',
  '{"coherent": false}',
  '--call',
  'dma_alloc_attrs',
  '--size',
  '2MiB',
];

describe('sim matrix', () => {
  it('prints the groups as text', () => {
    const r = matrixCommand(ARGS);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'Attribute matrix: dma_alloc_attrs, 2 MiB, on arm64, device dev0 (non-coherent, no IOMMU, 32-bit mask)',
    );
    expect(lines[1]).toBe('256 rows in 5 groups (--csv or --md list every row)');
    expect(r.stdout).toContain('G1: 64 rows, e.g. "GFP_KERNEL 0"');
    expect(r.stdout).toMatch(/kernel mapping kind\s+vmalloc/);
    expect(r.stdout).toMatch(/no difference: WEAK_ORDERING \(no mainline DMA path/);
    expect(r.stdout).toContain('  NO_KERNEL_MAPPING: changed every row');
  });

  it('--json is the whole matrix', () => {
    const r = matrixCommand([...ARGS, '--json', '--workload', 'frame60']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.rows).toHaveLength(256);
    expect(doc.groups).toHaveLength(5);
    expect(doc.device).toEqual({
      name: 'dev0',
      coherent: false,
      iommu: false,
      dmaMaskBits: 32,
      driver: 'dev',
    });
    expect(doc.rows[0].outcome.vmallocBytes).toBe(2 * 1024 * 1024 + 4096);
    expect(doc.rows[0].cost.label).toMatch(/illustrative/);
  });

  it('--csv has the fixed header and a line per row', () => {
    const r = matrixCommand([...ARGS, '--csv']);
    const lines = r.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe(MATRIX_COLUMNS.join(','));
    expect(lines).toHaveLength(257);
    expect(lines[1]!.startsWith('G1,GFP_KERNEL,0,,ok,vmalloc,write-combine,write-combine,2101248,')).toBe(
      true,
    );
  });

  it('--md is a Markdown table', () => {
    const r = matrixCommand([...ARGS, '--md', '--workload', 'capture60']);
    expect(r.stdout).toContain('| group | gfp | attributes |');
    expect(r.stdout).toContain('cost per second (illustrative units)');
  });

  it('wrong usage exits 2 with a usage line; a bad machine exits 1', () => {
    for (const argv of [
      ['--bogus'],
      ['--arch', 'arm64'],
      [...ARGS, '--json', '--csv'],
      ['--size', '1MiB', '--device', '{not json'],
      ['--size', '1MiB', '--call', 'dma_map_sg'],
      ['--size', '1MiB', '--workload', 'nope'],
      ['--size'],
    ]) {
      const r = matrixCommand(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage: npm run sim -- matrix --arch ARCH');
    }
    const bad = matrixCommand(['--size', '1MiB', '--machine', '{"ramMiB": 1}']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('machine.ramMiB');
  });

  it('adapts to the sim command table', () => {
    let out = '';
    const code = matrix.main([...ARGS, '--csv'], {
      out: (t) => (out += t),
      err: () => {},
      readFile: () => '',
    });
    expect(code).toBe(0);
    expect(out.split('\r\n')).toHaveLength(258);
  });
});
