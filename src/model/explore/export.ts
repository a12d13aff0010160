// The attribute matrix as text (issue 7, item 4): one table (header names as in the issue, a
// stable column order) shared by CSV, Markdown and the CLI, so every export says the same thing.
import type { ArchName } from '../types';
import { formatSize } from '../units';
import type { Workload } from './cost';
import { COST_MODEL_LABEL, rowCost } from './cost';
import type { AttributeMatrix, MatrixOutcome, MatrixRow } from './matrix';
import { shortAttr } from './matrix';

/** Columns in their fixed order; the cost column is added only when a workload is chosen. */
export const MATRIX_COLUMNS = [
  'group',
  'gfp',
  'attributes',
  'direction',
  'succeeded or error',
  'kernel mapping kind',
  'kernel memory type',
  'user mapping memory type',
  'vmalloc bytes',
  'physically contiguous',
  'IOVA used (bytes)',
  'pages taken',
  'pages from',
  'cache maintenance at allocation (bytes)',
  'cache maintenance per transfer (bytes)',
  'zeroed',
  'bounce copy per transfer (bytes)',
  'IOMMU prot',
] as const;
export const COST_COLUMN = 'cost per second (illustrative units)';

export interface MatrixTable {
  readonly headers: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

const yesNo = (v: boolean | null) => (v === null ? '' : v ? 'yes' : 'no');

export function groupLabel(index: number): string {
  return `G${index + 1}`;
}

/** The cells that describe an outcome (from "succeeded or error" on). */
export function outcomeCells(o: MatrixOutcome): string[] {
  return [
    o.ok ? 'ok' : `${o.error!.code} in ${o.error!.op}: ${o.error!.message}`,
    o.kernelMapping ?? '',
    o.kernelMemtype ?? '',
    o.userMemtype ?? (o.userMapError ? `failed: ${o.userMapError}` : ''),
    String(o.vmallocBytes),
    yesNo(o.physContiguous),
    String(o.iovaBytes),
    String(o.pages),
    Object.entries(o.pagesFrom)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([src, n]) => `${src}:${n}`)
      .join(' '),
    String(o.cacheBytesAtAlloc),
    String(o.cacheBytesPerTransfer),
    yesNo(o.zeroed),
    String(o.bounceBytesPerTransfer),
    o.iommuProt.join('|'),
  ];
}

export function attrsCell(row: Pick<MatrixRow, 'attrs'>): string {
  return row.attrs.map(shortAttr).join('+') || '0';
}

function costCell(m: AttributeMatrix, o: MatrixOutcome, w: Workload): string {
  const c = rowCost(m.arch as ArchName, m.size, o, w);
  return c === null ? '' : String(Math.round(c.total));
}

/** Every row of the matrix as table cells. */
export function matrixTable(m: AttributeMatrix, workload?: Workload): MatrixTable {
  const headers: string[] = [...MATRIX_COLUMNS];
  if (workload) headers.push(COST_COLUMN);
  const rows = m.rows.map((r) => {
    const cells = [groupLabel(r.group), r.gfp ?? '', attrsCell(r), r.dir ?? '', ...outcomeCells(r.outcome)];
    if (workload) cells.push(costCell(m, r.outcome, workload));
    return cells;
  });
  return { headers, rows };
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** RFC 4180 CSV, one line per row, with a header line. */
export function matrixToCsv(m: AttributeMatrix, workload?: Workload): string {
  const t = matrixTable(m, workload);
  return `${[t.headers, ...t.rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function mdCell(v: string): string {
  return v.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A one-line description of what the matrix explored. */
export function matrixTitle(m: AttributeMatrix): string {
  const d = m.device;
  return `${m.call}, ${formatSize(m.size)}, on ${m.arch}, device ${d.name} (${d.coherent ? 'coherent' : 'non-coherent'}, ${d.iommu ? 'behind an IOMMU' : 'no IOMMU'}, ${d.dmaMaskBits}-bit mask)`;
}

/** Markdown: a title, the row table, then the groups and what each attribute changed. */
export function matrixToMarkdown(m: AttributeMatrix, workload?: Workload): string {
  const t = matrixTable(m, workload);
  const lines = [`### Attribute matrix: ${matrixTitle(m)}`, ''];
  for (const n of m.notes) lines.push(`> ${n}`, '');
  lines.push(`| ${t.headers.map(mdCell).join(' | ')} |`, `|${t.headers.map(() => ' --- |').join('')}`);
  for (const r of t.rows) lines.push(`| ${r.map(mdCell).join(' | ')} |`);
  lines.push('', '#### Groups (rows with the same outcome)', '');
  m.groups.forEach((g, i) => {
    lines.push(`- **${groupLabel(i)}** (${g.rows.length} rows, e.g. \`${g.rows[0]}\`)`);
    for (const nd of g.noDifference)
      lines.push(
        `  - ${shortAttr(nd.attr)} made no difference${nd.why.length ? `: ${nd.why.map(mdCell).join('; ')}` : ''}`,
      );
  });
  lines.push('', '#### What each attribute changed', '');
  for (const e of m.attrEffects)
    lines.push(
      `- ${shortAttr(e.attr)}: ${e.effect === 'none' ? 'no effect' : e.effect === 'always' ? 'changed every row' : `changed ${e.rowsChanged} of ${e.rowsWith} rows`}${e.effect !== 'always' && e.why.length ? ` (${e.why.map(mdCell).join('; ')})` : ''}`,
    );
  if (workload) lines.push('', `Cost: ${workload.title}; ${COST_MODEL_LABEL}. See docs/cost-model.md.`);
  return `${lines.join('\n')}\n`;
}
