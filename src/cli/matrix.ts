// `npm run sim -- matrix`: the attribute matrix of issue 7 on the command line. Pure apart from
// returning text: matrixCommand(argv) → { code, stdout, stderr }; `matrix` adapts it to sim.ts's
// command table. Exit codes as sim.ts: 0 printed, 1 invalid machine or device, 2 wrong usage.
import type {
  ArchName,
  AttributeMatrix,
  DeviceConfig,
  MachineConfigInput,
  MatrixCall,
  Workload,
} from '../model';
import {
  ARCH_NAMES,
  attributeMatrix,
  COST_MODEL_LABEL,
  formatSize,
  groupLabel,
  MATRIX_CALLS,
  matrixTitle,
  matrixToCsv,
  matrixToMarkdown,
  outcomeCells,
  rowCost,
  shortAttr,
  WORKLOADS,
} from '../model';
import type { CliIo } from './sim';

export const MATRIX_USAGE =
  'matrix --arch ARCH --device \'{"coherent": false}\' --call CALL --size SIZE [--machine JSON] [--workload NAME] [--json | --csv | --md]';

export interface CommandOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const VALUE_FLAGS = ['--arch', '--device', '--call', '--size', '--machine', '--workload'] as const;
const FORMAT_FLAGS = ['--json', '--csv', '--md'] as const;

function usage(message: string): CommandOutput {
  return {
    code: 2,
    stdout: '',
    stderr: `sim matrix: ${message}\nusage: npm run sim -- ${MATRIX_USAGE}\n  ARCH: ${ARCH_NAMES.join(', ')}\n  CALL: ${MATRIX_CALLS.join(', ')}\n  NAME: ${Object.keys(WORKLOADS).join(', ')}\n`,
  };
}

function parseJsonObject(flag: string, text: string): Record<string, unknown> | string {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to the message below
  }
  return `${flag}: expected a JSON object, e.g. '{"coherent": false}', got ${text}`;
}

/** The text view: one block per group of rows with the same outcome, then what each attribute did. */
export function matrixText(m: AttributeMatrix, workload?: Workload): string {
  const out = [`Attribute matrix: ${matrixTitle(m)}`];
  for (const n of m.notes) out.push(`note: ${n}`);
  out.push(`${m.rows.length} rows in ${m.groups.length} groups (--csv or --md list every row)`, '');
  const labels = [
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
  ];
  const width = Math.max(...labels.map((l) => l.length));
  m.groups.forEach((g, i) => {
    out.push(`${groupLabel(i)}: ${g.rows.length} row${g.rows.length === 1 ? '' : 's'}, e.g. "${g.rows[0]}"`);
    outcomeCells(g.outcome).forEach((cell, k) => {
      if (cell !== '') out.push(`  ${labels[k]!.padEnd(width)}  ${cell}`);
    });
    if (workload) {
      const c = rowCost(m.arch as ArchName, m.size, g.outcome, workload);
      if (c)
        out.push(
          `  ${'cost per second'.padEnd(width)}  ${Math.round(c.total)} units, ~${(c.coreShare * 100).toFixed(2)}% of a core (${COST_MODEL_LABEL})`,
        );
    }
    for (const nd of g.noDifference)
      out.push(`  no difference: ${shortAttr(nd.attr)}${nd.why.length ? ` (${nd.why.join('; ')})` : ''}`);
    out.push('');
  });
  out.push('What each attribute changed:');
  for (const e of m.attrEffects)
    out.push(
      `  ${shortAttr(e.attr)}: ${e.effect === 'none' ? 'no effect on any row' : e.effect === 'always' ? 'changed every row' : `changed ${e.rowsChanged} of ${e.rowsWith} rows`}`,
    );
  if (workload) out.push('', `Workload ${workload.id}: ${workload.title}.`);
  return `${out.join('\n')}\n`;
}

/** The --json document: the matrix (each row priced when a workload was chosen). */
export function matrixJson(m: AttributeMatrix, workload?: Workload) {
  return {
    ...m,
    sizeText: formatSize(m.size),
    workload: workload ?? null,
  };
}

/** `matrix ...`: parses argv, computes the matrix and renders it as text, JSON, CSV or Markdown. */
export function matrixCommand(argv: readonly string[]): CommandOutput {
  const values: Partial<Record<(typeof VALUE_FLAGS)[number], string>> = {};
  const formats: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if ((FORMAT_FLAGS as readonly string[]).includes(flag)) {
      formats.push(flag);
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(flag)) return usage(`unknown argument "${a}"`);
    const value = eq > 0 && flag !== a ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) return usage(`${flag} needs a value`);
    values[flag as (typeof VALUE_FLAGS)[number]] = value;
  }
  if (formats.length > 1) return usage(`choose one of ${FORMAT_FLAGS.join(', ')}`);
  if (values['--size'] === undefined) return usage('--size is required (e.g. 2MiB)');
  const call = values['--call'] ?? 'dma_alloc_attrs';
  if (!(MATRIX_CALLS as readonly string[]).includes(call))
    return usage(`--call: "${call}" is not one of ${MATRIX_CALLS.join(', ')}`);
  const arch = values['--arch'];
  if (arch !== undefined && !(ARCH_NAMES as readonly string[]).includes(arch))
    return usage(`--arch: "${arch}" is not one of ${ARCH_NAMES.join(', ')}`);
  let workload: Workload | undefined;
  if (values['--workload'] !== undefined) {
    workload = Object.hasOwn(WORKLOADS, values['--workload']) ? WORKLOADS[values['--workload']] : undefined;
    if (!workload) return usage(`--workload: "${values['--workload']}" is not a known workload`);
  }
  const machine = parseJsonObject('--machine', values['--machine'] ?? '{}');
  if (typeof machine === 'string') return usage(machine);
  const device = parseJsonObject('--device', values['--device'] ?? '{}');
  if (typeof device === 'string') return usage(device);

  const result = attributeMatrix({
    machine: {
      ...(machine as MachineConfigInput),
      ...(arch ? { arch: arch as MachineConfigInput['arch'] } : {}),
    },
    dev: device as Partial<DeviceConfig>,
    call: call as MatrixCall,
    size: values['--size'],
    ...(workload ? { workload } : {}),
  });
  if (!result.ok) return { code: 1, stdout: '', stderr: `sim matrix: ${result.problems.join('\n')}\n` };
  const m = result.matrix;
  const format = formats[0];
  const stdout =
    format === '--json'
      ? `${JSON.stringify(matrixJson(m, workload), null, 2)}\n`
      : format === '--csv'
        ? matrixToCsv(m, workload)
        : format === '--md'
          ? matrixToMarkdown(m, workload)
          : matrixText(m, workload);
  return { code: 0, stdout, stderr: '' };
}

/** The command as sim.ts's table expects it. */
export const matrix = {
  usage: MATRIX_USAGE,
  summary: 'the attribute matrix: every attribute and gfp combination of one call, grouped by outcome',
  main(args: readonly string[], io: CliIo): number {
    const r = matrixCommand(args);
    if (r.stdout) io.out(r.stdout);
    if (r.stderr) io.err(r.stderr);
    return r.code;
  },
};
