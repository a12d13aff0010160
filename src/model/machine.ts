// The shell: the one place that applies an operation. step(state, op) copies the state, runs the
// kernel mechanism on the copy, and returns the next state, the result, the kernel functions
// that ran and the events, in order. A failure the kernel would report is a result; on failure
// the next state is the state before the step (the mechanisms already undid what the kernel undoes).
import { bootMachine } from './boot';
import { resolveMachineConfig } from './config';
import { Ctx, fail, StepFailure } from './ctx';
import { dmaAllocAttrs, dmaAllocPages, dmaFree, dmaGetSgtable, dmaMmap, munmap } from './dma/mapping';
import { freeBlocks, freeRange } from './mm/buddy';
import { insertSpan } from './mm/spans';
import { mulberry32 } from './random';
import type { MachineState } from './state';
import { cloneState } from './state';
import { STREAM_OPS } from './stream/ops';
import type { MachineConfigInput, ModelEvent, Op, StepResult } from './types';

export interface StepOutcome {
  readonly state: MachineState;
  readonly result: StepResult;
  /** Kernel functions in the order they ran. */
  readonly calls: readonly string[];
  readonly events: readonly ModelEvent[];
}

export type OpHandler = (
  s: MachineState,
  ctx: Ctx,
  op: string,
  args: Readonly<Record<string, unknown>>,
) => StepResult;

const handlers = new Map<string, OpHandler>([
  ['dma_alloc_attrs', dmaAllocAttrs],
  ['dma_alloc_coherent', dmaAllocAttrs],
  ['dma_alloc_wc', dmaAllocAttrs],
  ['dma_free_attrs', dmaFree],
  ['dma_free_coherent', dmaFree],
  ['dma_free_wc', dmaFree],
  ['dma_alloc_pages', dmaAllocPages],
  ['dma_alloc_noncoherent', dmaAllocPages],
  ['dma_free_pages', dmaFree],
  ['dma_free_noncoherent', dmaFree],
  ['dma_mmap_attrs', dmaMmap],
  ['dma_mmap_coherent', dmaMmap],
  ['dma_mmap_wc', dmaMmap],
  ['munmap', (s, ctx, _op, args) => munmap(s, ctx, args)],
  ['dma_get_sgtable_attrs', dmaGetSgtable],
  ['dma_get_sgtable', dmaGetSgtable],
  ['fragment_memory', fragmentMemory],
  ...STREAM_OPS,
]);

/** Model II (and any later mechanism) adds its operations here. */
export function registerOp(name: string, handler: OpHandler): void {
  handlers.set(name, handler);
}

export function knownOps(): string[] {
  return [...handlers.keys()];
}

export type CreateResult = { ok: true; state: MachineState } | { ok: false; problems: string[] };

export function createMachine(input: MachineConfigInput = {}): CreateResult {
  const r = resolveMachineConfig(input);
  if (!r.ok) return r;
  return { ok: true, state: bootMachine(r.config, r.notes) };
}

/** Applies one operation. Pure: `state` is not changed. */
export function step(state: MachineState, op: Op, stepIndex = 0): StepOutcome {
  const draft = cloneState(state);
  return applyInPlace(draft, op, stepIndex, state);
}

/**
 * Applies an operation to a state the caller owns (History uses this to avoid a copy per step).
 * On failure returns `before` (or the unchanged draft when no `before` is given).
 */
export function applyInPlace(
  draft: MachineState,
  op: Op,
  stepIndex: number,
  before?: MachineState,
  quiet = false,
): StepOutcome {
  const ctx = new Ctx(stepIndex, quiet);
  // Handlers read their arguments by name from the step itself (no copy without `op` per step).
  const args = op as Readonly<Record<string, unknown>>;
  const name = args.op;
  // dma-debug errors of a failed step stay in its events only: the state is as before the step.
  const debugErrors = draft.debug.errors.length;
  try {
    if (typeof name !== 'string')
      fail('EINVAL', 'op: every step needs an "op" naming a kernel function or model operation');
    const handler = handlers.get(name);
    if (!handler) fail('EINVAL', `op: unknown operation "${name}"`);
    const result = handler(draft, ctx, name, args);
    return { state: draft, result, calls: ctx.calls, events: ctx.events };
  } catch (e) {
    if (!(e instanceof StepFailure)) throw e;
    draft.debug.errors.length = debugErrors;
    return {
      state: before ?? draft,
      result: { ok: false, error: e.error },
      calls: ctx.calls,
      events: ctx.events,
    };
  }
}

/**
 * fragment_memory (a model operation, not a kernel function): other kernel users take `percent`
 * of the free pages of every zone, scattered page by page with a seeded generator, so that few
 * large free blocks remain: what a long-running system's /proc/buddyinfo looks like.
 */
function fragmentMemory(
  s: MachineState,
  ctx: Ctx,
  _op: string,
  args: Readonly<Record<string, unknown>>,
): StepResult {
  const seed = args.seed;
  const percent = args.percent;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) fail('EINVAL', 'seed: a whole number is required');
  if (typeof percent !== 'number' || !(percent >= 0 && percent <= 95))
    fail('EINVAL', 'percent: a number from 0 to 95 is required');
  const rand = mulberry32(seed);
  const p = percent / 100;
  let total = 0;
  for (const zone of s.zones) {
    // Rebuild the zone's free lists from the pages left free: the buddy decomposition of a set
    // of free pages is unique, so this equals taking the pages one by one, in linear time.
    const free = freeBlocks(zone);
    zone.free = zone.free.map(() => []);
    zone.freePages = 0;
    let taken = 0;
    for (const r of free) {
      let runStart = r.pfn;
      let takenStart = -1;
      for (let pfn = r.pfn; pfn <= r.pfn + r.count; pfn++) {
        const take = pfn < r.pfn + r.count && rand() < p;
        if (take) {
          if (pfn > runStart) freeRange(zone, runStart, pfn - runStart);
          runStart = pfn + 1;
          if (takenStart < 0) takenStart = pfn;
          taken++;
        } else {
          if (takenStart >= 0)
            insertSpan(s.fragments, { start: takenStart, size: pfn - takenStart, owner: 'fragment' });
          takenStart = -1;
        }
      }
      if (runStart < r.pfn + r.count) freeRange(zone, runStart, r.pfn + r.count - runStart);
    }
    total += taken;
    if (!ctx.quiet)
      ctx.emit({ type: 'memoryFragmented', zone: zone.name, pagesTaken: taken }, 'fragment_memory');
  }
  return { ok: true, value: { pagesTaken: total } };
}
