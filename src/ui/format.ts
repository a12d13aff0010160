// Human-readable numbers for the panels: sizes rounded to three significant figures.
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** "4 KiB", "2.5 MiB", "128 TiB": binary units, at most three significant figures. */
export function fmtBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  let v = Math.abs(n);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = v >= 100 || Number.isInteger(v) ? 0 : v >= 10 ? 1 : 2;
  return `${sign}${Number(v.toFixed(digits))} ${UNITS[u]}`;
}

/** "+2 MiB", "−512 KiB" or "" when nothing changed. */
export function fmtDelta(d: number, fmt: (n: number) => string = fmtBytes): string {
  if (d === 0) return '';
  return d > 0 ? `+${fmt(d)}` : `−${fmt(-d)}`;
}
