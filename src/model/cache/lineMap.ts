// A map from physical cache-line number to a value, cheap to copy: lines live in chunks of 64
// (one 4 KiB page of 64-byte lines), a copy shares every chunk, and a chunk is copied the first
// time either side writes to it after the copy. This keeps History's checkpoints and step()'s
// private copies O(chunks), not O(lines), however much data a session has touched.

const CHUNK = 64;

export class LineMap<V> {
  private chunks: Map<number, Map<number, V>>;
  /** Chunks this instance created or copied since its last clone: the only ones it may change. */
  private owned = new Set<Map<number, V>>();
  private count: number;

  constructor(chunks: Map<number, Map<number, V>> = new Map(), count = 0) {
    this.chunks = chunks;
    this.count = count;
  }

  get size(): number {
    return this.count;
  }

  get(line: number): V | undefined {
    return this.chunks.get(Math.floor(line / CHUNK))?.get(line);
  }

  has(line: number): boolean {
    return this.chunks.get(Math.floor(line / CHUNK))?.has(line) ?? false;
  }

  private writable(key: number, create: boolean): Map<number, V> | undefined {
    let c = this.chunks.get(key);
    if (!c) {
      if (!create) return undefined;
      c = new Map();
    } else if (!this.owned.has(c)) c = new Map(c);
    else return c;
    this.chunks.set(key, c);
    this.owned.add(c);
    return c;
  }

  set(line: number, value: V): void {
    const c = this.writable(Math.floor(line / CHUNK), true)!;
    if (!c.has(line)) this.count++;
    c.set(line, value);
  }

  delete(line: number): boolean {
    const key = Math.floor(line / CHUNK);
    if (!this.chunks.get(key)?.has(line)) return false;
    const c = this.writable(key, false)!;
    c.delete(line);
    this.count--;
    if (c.size === 0) {
      this.chunks.delete(key);
      this.owned.delete(c);
    }
    return true;
  }

  /** A copy sharing every chunk; both sides copy a chunk before they next change it. */
  clone(): LineMap<V> {
    this.owned = new Set();
    return new LineMap(new Map(this.chunks), this.count);
  }

  /** The lines of [first, end) that are present, ascending, with their values (a snapshot). */
  entriesIn(first: number, end: number): Array<[number, V]> {
    const out: Array<[number, V]> = [];
    if (end - first <= 4 * CHUNK) {
      let c: Map<number, V> | undefined;
      let ck = -1;
      for (let l = first; l < end; l++) {
        const k = Math.floor(l / CHUNK);
        if (k !== ck) {
          ck = k;
          c = this.chunks.get(k);
        }
        const v = c?.get(l);
        if (v !== undefined) out.push([l, v]);
      }
      return out;
    }
    const lo = Math.floor(first / CHUNK);
    const hi = Math.floor((end - 1) / CHUNK);
    const keys =
      hi - lo + 1 <= this.chunks.size
        ? Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)
        : [...this.chunks.keys()].filter((k) => k >= lo && k <= hi).sort((a, b) => a - b);
    for (const k of keys) {
      const c = this.chunks.get(k);
      if (!c) continue;
      const lines = [...c.keys()].filter((l) => l >= first && l < end).sort((a, b) => a - b);
      for (const l of lines) out.push([l, c.get(l)!]);
    }
    return out;
  }

  *entries(): IterableIterator<[number, V]> {
    for (const c of this.chunks.values()) yield* c.entries();
  }

  *values(): IterableIterator<V> {
    for (const c of this.chunks.values()) yield* c.values();
  }

  [Symbol.iterator](): IterableIterator<[number, V]> {
    return this.entries();
  }

  /** Canonical form (ascending lines), so equal contents serialise equally whatever the chunk history. */
  toJSON(): Array<[number, V]> {
    return [...this.entries()].sort((a, b) => a[0] - b[0]);
  }
}
