// Sizes as the kernel and its users write them: bytes, or "8MiB", "2M", "SZ_4K".
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

const UNITS: Record<string, number> = {
  '': 1,
  B: 1,
  K: KiB,
  KB: KiB,
  KIB: KiB,
  M: MiB,
  MB: MiB,
  MIB: MiB,
  G: GiB,
  GB: GiB,
  GIB: GiB,
};

/** Sizes already parsed (a session writes the same few sizes again and again); bounded. */
const parsed = new Map<string, number | null>();

/** Parses a size; returns null when it is not a whole number of bytes. */
export function parseSize(input: number | string): number | null {
  if (typeof input === 'number') return Number.isSafeInteger(input) ? input : null;
  const known = parsed.get(input);
  if (known !== undefined) return known;
  const bytes = parseSizeString(input);
  if (parsed.size >= 1024) parsed.clear();
  parsed.set(input, bytes);
  return bytes;
}

function parseSizeString(input: string): number | null {
  const m = /^\s*(?:SZ_)?(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(input);
  if (!m) return null;
  const factor = UNITS[(m[2] ?? '').toUpperCase()];
  if (factor === undefined) return null;
  const bytes = Number(m[1]) * factor;
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** "2 MiB", "4 KiB", "3000 B": the largest unit that divides the size exactly. */
export function formatSize(bytes: number): string {
  for (const [unit, f] of [
    ['GiB', GiB],
    ['MiB', MiB],
    ['KiB', KiB],
  ] as const) {
    if (bytes >= f && bytes % f === 0) return `${bytes / f} ${unit}`;
  }
  return `${bytes} B`;
}
