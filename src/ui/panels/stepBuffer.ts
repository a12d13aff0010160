// The buffer a step worked on, for the linked selection (buffer card, stage, Cache & data view):
// the buffer the call returned or freed, else the one its arguments name. Data steps name memory
// indirectly: a CPU access goes `via` a buffer or a user mapping (VMA) of one, a device access or
// a sync goes through a streaming mapping (`map`) of one; both lead back to the buffer.
import type { MachineState, StepRecord } from '../../model';

/** Argument keys that name memory, in the order they are tried ("as" last: it may name a mapping). */
const KEYS = ['buf', 'via', 'map', 'bufs', 'as'] as const;

/** The buffer id behind a name: a buffer itself, the buffer a VMA maps, or the first buffer a mapping maps. */
function bufferNamed(machine: MachineState, name: unknown): string | null {
  if (typeof name !== 'string') return null;
  const ref = machine.names.get(name);
  if (!ref) return null;
  if (ref.kind === 'buffer') return ref.id;
  if (ref.kind === 'vma') return machine.vmas.get(ref.id)?.buffer ?? null;
  return machine.mappings.get(ref.id)?.segs.find((g) => g.buffer !== null)?.buffer ?? null;
}

/**
 * The id of the buffer step `record` worked on, looked up in `machine` (the state after it; a
 * freed buffer's name still resolves there), or null when the step touches no buffer (boot,
 * dma_map_resource, driver_unbind).
 */
export function stepBufferOf(record: StepRecord, machine: MachineState): string | null {
  const returned = record.result.ok ? (record.result.value as { buffer?: unknown }).buffer : undefined;
  if (typeof returned === 'string' && machine.buffers.get(returned)) return returned;
  const op = record.op as Readonly<Record<string, unknown>>;
  for (const key of KEYS) {
    const v = op[key];
    const id = bufferNamed(machine, Array.isArray(v) ? v[0] : v);
    if (id !== null && machine.buffers.get(id)) return id;
  }
  return null;
}
