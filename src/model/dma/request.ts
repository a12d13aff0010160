// Turning a step's arguments into what the kernel functions receive: the device, a page-aligned
// size, the gfp flags, the attribute set and a direction. Bad input is refused here with a reason.

import type { Ctx } from '../ctx';
import { fail } from '../ctx';
import type { BufferRec, MachineState } from '../state';
import type { DeviceConfig, DmaAttr, DmaDirection } from '../types';
import { DMA_ATTRS, GFP_FLAGS } from '../types';
import { formatSize, parseSize } from '../units';

export const DIRECTIONS: readonly DmaDirection[] = [
  'DMA_BIDIRECTIONAL',
  'DMA_TO_DEVICE',
  'DMA_FROM_DEVICE',
  'DMA_NONE',
];

export function deviceOf(s: MachineState, name: unknown): DeviceConfig {
  if (typeof name !== 'string') fail('EINVAL', 'dev: a device name is required');
  const d = s.config.devices.find((x) => x.name === name);
  if (!d)
    fail(
      'ENODEV',
      `dev: no device "${name}" on this machine (${s.config.devices.map((x) => x.name).join(', ') || 'none'})`,
    );
  return d;
}

/** Largest size the model accepts in one call: 4 GiB (larger is refused before the kernel runs). */
export const MAX_CALL_BYTES = 4 * 1024 ** 3;

export function sizeOf(input: unknown, what = 'size'): number {
  if (input === undefined) fail('EINVAL', `${what}: required`);
  const n = typeof input === 'number' || typeof input === 'string' ? parseSize(input) : null;
  if (n === null)
    fail('EINVAL', `${what}: ${JSON.stringify(input)} is not a size (bytes, or a string such as "8MiB")`);
  if (n <= 0) fail('EINVAL', `${what}: ${n} bytes; a DMA buffer needs at least one byte`);
  if (n > MAX_CALL_BYTES)
    fail(
      'EINVAL',
      `${what}: ${formatSize(n)} is larger than the ${formatSize(MAX_CALL_BYTES)} a single call may ask for in dmaviz`,
    );
  return n;
}

export function pageAlign(s: MachineState, size: number): number {
  return Math.ceil(size / s.profile.pageSize) * s.profile.pageSize;
}

/** Flag sets already parsed from a gfp string (bounded): each call gets its own copy. */
const gfpParsed = new Map<string, ReadonlySet<string>>();

export function gfpOf(input: unknown, fallback = 'GFP_KERNEL'): Set<string> {
  const key = input === undefined ? fallback : typeof input === 'string' ? input : null;
  const known = key === null ? undefined : gfpParsed.get(key);
  if (known) return new Set(known);
  const flags = parseGfp(input, fallback);
  if (key !== null) {
    if (gfpParsed.size >= 256) gfpParsed.clear();
    gfpParsed.set(key, new Set(flags));
  }
  return flags;
}

function parseGfp(input: unknown, fallback: string): Set<string> {
  const list = input === undefined ? [fallback] : typeof input === 'string' ? input.split('|') : input;
  if (!Array.isArray(list)) fail('EINVAL', 'gfp: expected a string such as "GFP_KERNEL | __GFP_NOWARN"');
  const flags = new Set<string>();
  for (const raw of list) {
    const f = String(raw).trim();
    if (!(GFP_FLAGS as readonly string[]).includes(f)) {
      fail('EINVAL', `gfp: unknown flag "${f}" (known: ${GFP_FLAGS.join(', ')})`);
    }
    flags.add(f);
  }
  if (!flags.has('GFP_KERNEL') && !flags.has('GFP_ATOMIC') && !flags.has('GFP_NOWAIT'))
    flags.add('GFP_KERNEL');
  if (flags.has('GFP_KERNEL') && (flags.has('GFP_ATOMIC') || flags.has('GFP_NOWAIT'))) {
    fail('EINVAL', 'gfp: GFP_KERNEL (may sleep) and GFP_ATOMIC/GFP_NOWAIT (may not) exclude each other');
  }
  return flags;
}

/** gfpflags_allow_blocking(): __GFP_DIRECT_RECLAIM is part of GFP_KERNEL, not of GFP_ATOMIC. */
export function allowsBlocking(flags: ReadonlySet<string>): boolean {
  return flags.has('GFP_KERNEL');
}

export function attrsOf(input: unknown): Set<DmaAttr> {
  if (input === undefined) return new Set();
  const list = typeof input === 'string' ? input.split('|') : input;
  if (!Array.isArray(list)) fail('EINVAL', 'attrs: expected a list of DMA_ATTR_* names');
  const out = new Set<DmaAttr>();
  for (const raw of list) {
    const a = String(raw).trim();
    if (a === '' || a === '0') continue;
    if (a === 'DMA_ATTR_NON_CONSISTENT' || a === 'DMA_ATTR_WRITE_BARRIER') {
      fail(
        'EINVAL',
        `attrs: ${a} was removed from the kernel (${a === 'DMA_ATTR_NON_CONSISTENT' ? 'v5.10: use dma_alloc_noncoherent()' : 'v5.5'})`,
      );
    }
    if (!(DMA_ATTRS as readonly string[]).includes(a))
      fail('EINVAL', `attrs: unknown attribute "${a}" (known: ${DMA_ATTRS.join(', ')})`);
    out.add(a as DmaAttr);
  }
  return out;
}

export function dirOf(input: unknown, fallback?: DmaDirection): DmaDirection {
  if (input === undefined && fallback) return fallback;
  if (
    typeof input !== 'string' ||
    !(DIRECTIONS as readonly string[]).includes(input) ||
    input === 'DMA_NONE'
  ) {
    fail(
      'EINVAL',
      `dir: ${JSON.stringify(input)} is not a valid direction (DMA_TO_DEVICE, DMA_FROM_DEVICE, DMA_BIDIRECTIONAL)`,
    );
  }
  return input as DmaDirection;
}

/** The buffer a step names with `buf`. */
export function bufferOf(s: MachineState, name: unknown, what = 'buf'): BufferRec {
  if (typeof name !== 'string')
    fail('EINVAL', `${what}: the name of a buffer made by an earlier step is required`);
  const ref = s.names.get(name);
  if (ref?.kind !== 'buffer') fail('EINVAL', `${what}: no buffer named "${name}"`);
  return s.buffers.get(ref.id)!;
}

/** Registers a step's `as` name; a name is given once. */
export function claimName(
  s: MachineState,
  name: unknown,
  kind: 'buffer' | 'vma' | 'map',
  id: string,
): string | null {
  if (name === undefined) return null;
  if (typeof name !== 'string' || name === '') fail('EINVAL', 'as: a name must be a non-empty string');
  const old = s.names.get(name);
  if (old) {
    const oldLive =
      old.kind === 'buffer'
        ? s.buffers.get(old.id)?.live
        : old.kind === 'vma'
          ? s.vmas.get(old.id)?.live
          : true;
    if (oldLive) fail('EINVAL', `as: the name "${name}" already names a live ${old.kind}`);
  }
  s.names.set(name, { kind, id });
  return name;
}

export function newId(s: MachineState, prefix: string): string {
  const id = `${prefix}${s.nextId}`;
  s.nextId += 1;
  return id;
}

export function noteIgnored(ctx: Ctx, attrs: ReadonlySet<DmaAttr>, attr: DmaAttr, why: string): void {
  if (attrs.has(attr)) ctx.emit({ type: 'attrIgnored', attr, why });
}

/** The physical address limit of a DMA mask (DMA_BIT_MASK(bits)), as a number. */
export function maskLimit(bits: number): number {
  return bits >= 53 ? Number.MAX_SAFE_INTEGER : 2 ** bits - 1;
}
