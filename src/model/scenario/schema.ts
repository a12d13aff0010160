// The scenario file format "dmaviz-scenario/1": a machine and a list of steps, as JSON. This is a
// public contract (issue 3, docs/scenario-format.md): names are added, never renamed or dropped.
// parseScenario lists every problem of a file with its JSON path, so a user fixes them in one go.
// Semantics (does the buffer exist, is the device right for this call) belong to the model,
// which answers them as the kernel would: a failing step is a result, not an invalid file.
import { z } from 'zod';
import { ARCH_NAMES } from '../arch/profiles';
import { resolveMachineConfig } from '../config';
import { knownOps } from '../machine';
import type { MachineConfigInput } from '../types';
import { DMA_ATTRS, GFP_FLAGS } from '../types';
import { parseSize } from '../units';
import { locateJsonError } from './jsonError';

export const SCENARIO_FORMAT = 'dmaviz-scenario/1';

/** Attributes the kernel once had: named with the release that removed them. */
const REMOVED_ATTRS: Readonly<Record<string, string>> = {
  DMA_ATTR_NON_CONSISTENT: 'removed in v5.10: use dma_alloc_noncoherent()',
  DMA_ATTR_WRITE_BARRIER: 'removed in v5.5',
};

/** The directions of enum dma_data_direction (DMA_NONE is accepted here; the model refuses it). */
const DIRECTION_NAMES = ['DMA_BIDIRECTIONAL', 'DMA_TO_DEVICE', 'DMA_FROM_DEVICE', 'DMA_NONE'] as const;

const name = (what: string) =>
  z.string({ error: `expected the name of ${what} (a string)` }).min(1, { error: `${what}: empty name` });

/** A size: whole bytes, or a string such as "8MiB", "2M", "SZ_4K". */
const size = z.custom<number | string>(
  (v) => (typeof v === 'number' || typeof v === 'string') && (parseSize(v) ?? -1) >= 0,
  {
    error: (iss) =>
      `expected a size (whole bytes, or a string such as "8MiB", "2M", "SZ_4K"), got ${JSON.stringify(iss.input)}`,
  },
);

const gfp = z
  .union([z.string(), z.array(z.string())], {
    error: 'expected gfp flags: a string such as "GFP_KERNEL | __GFP_NOWARN" or a list of flag names',
  })
  .superRefine((v, ctx) => {
    const flags = (typeof v === 'string' ? v.split('|') : v).map((f) => f.trim());
    for (const f of flags) {
      if (!(GFP_FLAGS as readonly string[]).includes(f)) {
        ctx.addIssue({ code: 'custom', message: `unknown gfp flag "${f}" (known: ${GFP_FLAGS.join(', ')})` });
      }
    }
  });

const attr = z
  .string({ error: 'expected an attribute name such as "DMA_ATTR_WRITE_COMBINE"' })
  .superRefine((a, ctx) => {
    if ((DMA_ATTRS as readonly string[]).includes(a)) return;
    const removed = REMOVED_ATTRS[a];
    ctx.addIssue({
      code: 'custom',
      message: removed
        ? `${a} was ${removed}`
        : `unknown attribute "${a}"${suggest(a, DMA_ATTRS)} (known: ${DMA_ATTRS.join(', ')})`,
    });
  });

const opName = z
  .string({ error: 'expected the name of a kernel function or model operation' })
  .superRefine((op, ctx) => {
    // Read at validation time: model II registers its operations when src/model/index.ts loads.
    const ops = knownOps();
    if (!ops.includes(op)) {
      ctx.addIssue({ code: 'custom', message: `unknown operation "${op}"${suggest(op, ops)}` });
    }
  });

/** A value the CPU or device writes or expects to read. */
const datum = z.union([z.number(), z.string(), z.boolean(), z.null()], {
  error: 'expected a number, a string, true/false or null',
});

/**
 * One step. Known arguments are type-checked; any other key is kept and handed to the model
 * as-is, so operations added later (model II and beyond) need no change here.
 */
export const stepSchema = z.looseObject({
  op: opName,
  dev: name('a device').optional(),
  size: size.optional(),
  gfp: gfp.optional(),
  attrs: z
    .array(attr, { error: 'expected a list of attribute names, e.g. ["DMA_ATTR_WRITE_COMBINE"]' })
    .optional(),
  dir: z
    .enum(DIRECTION_NAMES, { error: `expected a direction: ${DIRECTION_NAMES.slice(0, 3).join(', ')}` })
    .optional(),
  buf: name('a buffer made by an earlier "as"').optional(),
  bufs: z
    .array(name('a buffer made by an earlier "as"'), { error: 'expected a list of buffer names' })
    .optional(),
  map: name('a mapping made by an earlier "as"').optional(),
  vma: name('a user mapping made by an earlier "as"').optional(),
  process: name('a process').optional(),
  via: name('a buffer, kmalloc buffer or user mapping').optional(),
  value: datum.optional(),
  expect: datum.optional(),
  offset: size.optional(),
  length: size.optional(),
  seed: z.int({ error: 'expected a whole number' }).optional(),
  percent: z.number({ error: 'expected a number from 0 to 100' }).min(0).max(100).optional(),
  as: name('what the step creates').optional(),
  say: z.string({ error: 'expected narration text' }).optional(),
  note: z.string({ error: 'expected a note (text)' }).optional(),
});

const deviceSchema = z.strictObject({
  name: z.string({ error: 'a device needs a name (a string)' }),
  coherent: z.boolean({ error: 'expected true or false' }).optional(),
  iommu: z.boolean({ error: 'expected true or false' }).optional(),
  dmaMaskBits: z.int({ error: 'expected a whole number of bits' }).optional(),
  driver: z.string({ error: 'expected the driver name (a string)' }).optional(),
});

const mib = z.int({ error: 'expected a whole number' }).nonnegative();

/** The machine: every key optional; omitted keys take the kernel's defaults for `arch`. */
export const machineSchema = z.strictObject({
  arch: z
    .enum(ARCH_NAMES as [string, ...string[]], { error: `expected one of ${ARCH_NAMES.join(', ')}` })
    .optional(),
  ramMiB: mib.optional(),
  ramBase: z.int({ error: 'expected a physical address (a whole number)' }).nonnegative().optional(),
  cmaMiB: mib.optional(),
  vmallocMiB: mib.optional(),
  swiotlbMiB: mib.optional(),
  atomicPoolKiB: mib.optional(),
  dmaDebug: z.boolean({ error: 'expected true or false' }).optional(),
  devices: z.array(deviceSchema, { error: 'expected a list of devices' }).optional(),
  processes: z
    .array(z.string({ error: 'expected a process name' }), { error: 'expected a list of names' })
    .optional(),
});

export const scenarioSchema = z.looseObject({
  format: z.literal(SCENARIO_FORMAT, { error: `expected "${SCENARIO_FORMAT}"` }),
  title: z.string({ error: 'expected a title (text)' }).min(1, { error: 'the title is empty' }),
  /** A paragraph shown before the first step. */
  summary: z.string({ error: 'expected text' }).optional(),
  /** Kernel releases whose behaviour the scenario shows, e.g. ["v6.12"]. */
  kernelVersions: z.array(z.string({ error: 'expected a release such as "v6.12"' })).optional(),
  /** Sources a reader can follow: kernel docs, LWN, mailing-list threads. */
  references: z
    .array(
      z.strictObject({
        title: z.string({ error: 'expected text' }),
        url: z.url({ error: 'expected an absolute URL' }),
      }),
    )
    .optional(),
  tags: z.array(z.string({ error: 'expected a tag (text)' })).optional(),
  machine: machineSchema.default({}),
  steps: z.array(stepSchema, { error: 'expected a list of steps' }),
});

export type ScenarioStep = z.infer<typeof stepSchema>;
export type ScenarioMachine = z.infer<typeof machineSchema>;
export type Scenario = z.infer<typeof scenarioSchema>;

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: string[] };

/** Parses a scenario file's text: malformed JSON, schema problems and machine problems, all listed. */
export function parseScenario(text: string): ParseResult {
  let data: unknown;
  try {
    // A byte-order mark (editors on Windows add one) is not JSON; skip it.
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, problems: [jsonProblem(text, e)] };
  }
  return validateScenario(data);
}

/** Validates an already parsed value (the UI's editor, tests, scenarios built in code). */
export function validateScenario(data: unknown): ParseResult {
  const r = scenarioSchema.safeParse(data, { reportInput: true });
  const problems = r.success ? [] : r.error.issues.flatMap(issueMessages);
  // Numbers the schema accepts can still break a kernel rule (CMA beyond half the RAM, ...):
  // checked whenever the machine itself is well-formed, so every problem is listed at once.
  const machine = machineSchema.default({}).safeParse((data as { machine?: unknown } | null)?.machine);
  if (machine.success) {
    const c = resolveMachineConfig(machine.data as MachineConfigInput);
    if (!c.ok) problems.push(...c.problems);
  }
  if (!r.success || problems.length > 0) return { ok: false, problems };
  return { ok: true, scenario: r.data };
}

/** "steps[3].attrs[0]" from ["steps", 3, "attrs", 0]. */
export function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(file)';
}

function issueMessages(issue: z.core.$ZodIssue): string[] {
  const where = pathOf(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `${pathOf([...issue.path, k])}: unknown key "${k}"`);
  }
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return [`${where}: required`];
    if (issue.path.length === 0)
      return ['(file): expected a JSON object {"format": "dmaviz-scenario/1", ...}'];
    if (issue.expected === 'object')
      return [`${where}: expected an object {...}, got ${kindOf(issue.input)}`];
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    if (issue.path.at(-1) === 'percent') return [`${where}: expected a number from 0 to 100`];
  }
  return [`${where}: ${issue.message}`];
}

function kindOf(v: unknown): string {
  return v === null
    ? 'null'
    : Array.isArray(v)
      ? 'a list'
      : typeof v === 'string'
        ? 'a string'
        : `a ${typeof v}`;
}

/** A malformed-JSON message with the line and column of the first error. */
function jsonProblem(text: string, e: unknown): string {
  const at = locateJsonError(text);
  if (at) return `(file): not valid JSON: line ${at.line}, column ${at.column}: ${at.message}`;
  return `(file): not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
}

/** ' (did you mean "x"?)' when a known name is within two edits of the input. */
function suggest(input: string, known: readonly string[]): string {
  let best: string | null = null;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(input.toLowerCase(), k.toLowerCase(), bestD);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? limit;
}
