// The attribute matrix as the view lays it out: the model's table (export.ts, the same cells the
// CSV and Markdown carry) cut into outcome groups, with byte counts made readable, columns that
// are empty for this call dropped, and each group's "made no difference" list in words.
import type { AttributeMatrix, CostEstimate, MatrixRow, Workload } from '../../model';
import { COST_COLUMN, groupLabel, matrixTable, shortAttr } from '../../model';
import { fmtBytes } from '../format';

export interface MatrixColumn {
  /** The model's header (the CSV's), so tests and exports agree on names. */
  readonly header: string;
  /** Right-aligned, monospace. */
  readonly numeric: boolean;
  /** Index into the model table's cells. */
  readonly index: number;
}

export interface ShapedRow {
  readonly row: MatrixRow;
  /** Display cells, one per column. */
  readonly cells: readonly string[];
}

export interface ShapedGroup {
  readonly label: string;
  readonly ok: boolean;
  /** One line on what the group's calls gave, e.g. "ok · vmalloc write-combine · 2 MiB vmalloc". */
  readonly summary: string;
  readonly rows: readonly ShapedRow[];
  /** The group's illustrative workload cost (every row of a group has the same outcome), or null. */
  readonly cost: CostEstimate | null;
  readonly noDifference: ReadonlyArray<{ readonly attr: string; readonly why: string }>;
}

export interface ShapedMatrix {
  readonly columns: readonly MatrixColumn[];
  readonly groups: readonly ShapedGroup[];
  readonly effects: ReadonlyArray<{ readonly attr: string; readonly effect: string; readonly why: string }>;
}

/** Columns holding byte counts: shown as "2 MiB", exported as plain bytes. */
const BYTE_COLUMNS = new Set([
  'vmalloc bytes',
  'IOVA used (bytes)',
  'cache maintenance at allocation (bytes)',
  'cache maintenance per transfer (bytes)',
  'bounce copy per transfer (bytes)',
]);
const NUMERIC_COLUMNS = new Set([...BYTE_COLUMNS, 'pages taken', COST_COLUMN]);
/** Columns dropped when every row leaves them empty (a coherent call has no direction). */
const OPTIONAL_COLUMNS = new Set(['direction', 'IOMMU prot']);
/** Shown in the group heading instead of on every row. */
const GROUP_COLUMN = 'group';

function displayCell(header: string, v: string): string {
  if (BYTE_COLUMNS.has(header) && /^\d+$/.test(v)) return v === '0' ? '0' : fmtBytes(Number(v));
  if (header === COST_COLUMN && /^\d+$/.test(v)) return Number(v).toLocaleString('en-US');
  return v;
}

function summaryOf(m: AttributeMatrix, g: AttributeMatrix['groups'][number]): string {
  const o = g.outcome;
  if (!o.ok) return `${o.error?.code ?? 'error'} in ${o.error?.op ?? m.call}`;
  const parts = ['ok'];
  parts.push(
    o.kernelMapping === 'cookie'
      ? 'no kernel mapping'
      : `${o.kernelMapping ?? '?'} ${o.kernelMemtype ?? ''}`.trim(),
  );
  if (o.userMemtype) parts.push(`user ${o.userMemtype}`);
  parts.push(`${fmtBytes(o.vmallocBytes)} vmalloc`);
  if (o.cacheBytesPerTransfer > 0)
    parts.push(`${fmtBytes(o.cacheBytesPerTransfer)} maintenance per transfer`);
  if (o.bounceBytesPerTransfer > 0) parts.push(`${fmtBytes(o.bounceBytesPerTransfer)} bounced per transfer`);
  return parts.join(' · ');
}

const effectText = (e: AttributeMatrix['attrEffects'][number]) =>
  e.effect === 'none'
    ? 'no difference on any row'
    : e.effect === 'always'
      ? 'changed every row'
      : `changed ${e.rowsChanged} of ${e.rowsWith} rows`;

export function shapeMatrix(m: AttributeMatrix, workload?: Workload): ShapedMatrix {
  const t = matrixTable(m, workload);
  const columns: MatrixColumn[] = t.headers
    .map((header, index) => ({ header, index, numeric: NUMERIC_COLUMNS.has(header) }))
    .filter((c) => c.header !== GROUP_COLUMN)
    .filter((c) => !OPTIONAL_COLUMNS.has(c.header) || t.rows.some((r) => (r[c.index] ?? '') !== ''));
  const cellsOf = (i: number) => columns.map((c) => displayCell(c.header, t.rows[i]?.[c.index] ?? ''));
  const indexOf = new Map(m.rows.map((r, i) => [r.id, i]));
  const groups: ShapedGroup[] = m.groups.map((g, gi) => ({
    label: groupLabel(gi),
    ok: g.outcome.ok,
    summary: summaryOf(m, g),
    rows: g.rows.map((id) => {
      const i = indexOf.get(id) ?? 0;
      return { row: m.rows[i] as MatrixRow, cells: cellsOf(i) };
    }),
    cost: m.rows[indexOf.get(g.rows[0] ?? '') ?? 0]?.cost ?? null,
    noDifference: g.noDifference.map((n) => ({ attr: shortAttr(n.attr), why: n.why.join('; ') })),
  }));
  const effects = m.attrEffects.map((e) => ({
    attr: shortAttr(e.attr),
    effect: effectText(e),
    why: e.effect === 'always' ? '' : e.why.join('; '),
  }));
  return { columns, groups, effects };
}

/** The file name of an export: dmaviz-matrix-arm64-dma_alloc_attrs-2MiB.csv. */
export function exportFileName(m: AttributeMatrix, ext: 'csv' | 'md'): string {
  return `dmaviz-matrix-${m.arch}-${m.device.name}-${m.call}-${fmtBytes(m.size).replace(/\s/g, '')}.${ext}`;
}
