// What a step's result says about the data it read: a stale read (the value differs from the last
// one written, kernel/dma's ownership rules broken) or a scenario expectation that was not met.
// Shared by the timeline chip and the step's Result panel, so both say the same thing.
import type { StepRecord } from '../../model';
import { missingSyncOf } from '../explain/streamEvents';

export interface ReadWarning {
  /** Short mark for a chip: "stale", "unexpected", "stale, unexpected". */
  readonly mark: string;
  /** Sentences for the Result panel, most important first. */
  readonly lines: readonly string[];
}

function readerOf(op: string): 'cpu' | 'device' | null {
  if (op.startsWith('cpu_')) return 'cpu';
  if (op.startsWith('device_')) return 'device';
  return null;
}

/** The warning of a read step, or null when it read what was last written (or is no read). */
export function readWarningOf(record: StepRecord): ReadWarning | null {
  const r = record.result;
  if (!r.ok) return null;
  const v = r.value as {
    stale?: unknown;
    staleLines?: unknown;
    lines?: unknown;
    value?: unknown;
    expectMet?: unknown;
  };
  const stale = v.stale === true;
  const unexpected = v.expectMet === false;
  if (!stale && !unexpected) return null;
  const by = readerOf(record.op.op) ?? 'cpu';
  const who = by === 'cpu' ? 'CPU' : 'device';
  const lines: string[] = [];
  const marks: string[] = [];
  if (stale) {
    marks.push('stale');
    const of =
      typeof v.staleLines === 'number' && typeof v.lines === 'number'
        ? ` (${v.staleLines} of ${v.lines} cache lines)`
        : '';
    lines.push(
      `Stale: the ${who} read a value that differs from the last one written${of}. Missing: ${missingSyncOf(by)}.`,
    );
  }
  if (unexpected) {
    marks.push('unexpected');
    const expected = (record.op as { expect?: unknown }).expect;
    lines.push(
      `Expectation not met: the ${who} read ${String(v.value)}${expected !== undefined ? `, the scenario expected ${String(expected)}` : ''}.`,
    );
  }
  return { mark: marks.join(', '), lines };
}
