// The step context: collects, in causal order, the kernel functions that ran and the events the
// UI animates. Mechanisms receive it together with the private copy of the state they change.
import type { KernelError, ModelEvent } from './types';

type EventBody = ModelEvent extends infer E ? (E extends ModelEvent ? Omit<E, 'fn'> : never) : never;

export class Ctx {
  readonly events: ModelEvent[] = [];
  readonly calls: string[] = [];
  private readonly stack: string[] = [];

  /**
   * `quiet`: keep only kernel messages (a History without events, e.g. benchmarks, still needs
   * the messages that explain a failure), and skip building every other event object.
   */
  constructor(
    readonly stepIndex: number,
    readonly quiet = false,
  ) {}

  /** Runs `body` as kernel function `fn`: it appears in `calls` and as a callEntered event. */
  within<T>(fn: string, body: () => T): T {
    this.calls.push(fn);
    if (!this.quiet) this.events.push({ type: 'callEntered', fn, depth: this.stack.length });
    this.stack.push(fn);
    // No try/finally: a throw (StepFailure) ends the step, and applyInPlace drops this Ctx's stack.
    const out = body();
    this.stack.pop();
    return out;
  }

  /** The innermost kernel function now running. */
  get fn(): string {
    return this.stack[this.stack.length - 1] ?? 'dmaviz';
  }

  emit(event: EventBody, fn: string = this.fn): void {
    // Quiet: keep warnings and errors (they explain a failure); drop everything else.
    if (this.quiet && (event.type !== 'kernelMessage' || event.level === 'info')) return;
    this.events.push({ ...event, fn } as ModelEvent);
  }

  message(level: 'info' | 'warn' | 'err', text: string, fn: string = this.fn): void {
    if (this.quiet && level === 'info') return;
    this.emit({ type: 'kernelMessage', level, text }, fn);
  }
}

/** A refusal or kernel failure as a value. */
export class StepFailure {
  constructor(readonly error: KernelError) {}
}

export function fail(code: string, message: string): never {
  throw new StepFailure({ code, message });
}
