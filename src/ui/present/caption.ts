// What a room reads under the stage, and what the speaker reads in the notes window: the
// narration of the step on show, else what the step did; and a one-line form of the next call.
// Pure functions of the store's state.
import type { Op } from '../../model';
import { explainStep } from '../explain/events';
import type { Full } from '../store/store';

type CaptionState = Pick<Full, 'cursor' | 'history' | 'narration' | 'title'>;

/** The caption of the position on show. */
export function captionOf(s: CaptionState): string {
  if (s.cursor === 0) {
    return s.history.length > 0
      ? `The machine as booted. ${s.history.length} calls follow: press → to step through them.`
      : 'The machine as booted. Make a call in the driver panel to start.';
  }
  const said = s.narration[s.cursor - 1];
  if (said?.trim()) return said;
  const { headline, body } = explainStep(s.history.record(s.cursor - 1));
  return `${headline}. ${body}`;
}

/** "step 3 of 7" (0 = booted). */
export function positionOf(s: Pick<Full, 'cursor' | 'history'>): string {
  return s.cursor === 0 ? `booted · ${s.history.length} steps` : `step ${s.cursor} of ${s.history.length}`;
}

const ARG_ORDER = [
  'dev',
  'buf',
  'bufs',
  'map',
  'vma',
  'process',
  'via',
  'size',
  'gfp',
  'dir',
  'attrs',
  'value',
  'expect',
  'offset',
  'length',
  'seed',
  'percent',
];

/** A call as a driver would read it: `dma_alloc_attrs(cam0, 2MiB, GFP_KERNEL, NO_KERNEL_MAPPING) → frame0`. */
export function describeOp(op: Op): string {
  const rec = op as unknown as Record<string, unknown>;
  const args: string[] = [];
  for (const k of ARG_ORDER) {
    const v = rec[k];
    if (v === undefined) continue;
    if (k === 'attrs' && Array.isArray(v)) {
      args.push(v.length ? v.map((a) => String(a).replace(/^DMA_ATTR_/, '')).join('|') : '0');
    } else args.push(Array.isArray(v) ? v.join('|') : String(v));
  }
  const as = typeof op.as === 'string' ? ` → ${op.as}` : '';
  return `${op.op}(${args.join(', ')})${as}`;
}

/** What the speaker sees coming: the next call and its narration, or null at the end. */
export function nextStepOf(s: CaptionState): { call: string; notes: string } | null {
  if (s.cursor >= s.history.length) return null;
  const op = s.history.record(s.cursor).op;
  return { call: describeOp(op), notes: s.narration[s.cursor] ?? '' };
}
