// A map from physical cache-line number to a value, cheap to copy: lines live in chunks of 64
// (one 4 KiB page of 64-byte lines), a copy shares every chunk, and a chunk is copied the first
// time either side writes to it after the copy. This keeps History's checkpoints and step()'s
// private copies O(chunks), not O(lines), however much data a session has touched.

const CHUNK = 64;

/** One chunk: the values of CHUNK consecutive lines (undefined = absent) and how many are present. */
interface Chunk<V> {
  readonly vals: Array<V | undefined>;
  n: number;
}

export class LineMap<V> {
  private chunks: Map<number, Chunk<V>>;
  /** Chunks this instance created or copied since its last clone: the only ones it may change. */
  private owned = new Set<Chunk<V>>();
  private count: number;

  constructor(chunks: Map<number, Chunk<V>> = new Map(), count = 0) {
    this.chunks = chunks;
    this.count = count;
  }

  get size(): number {
    return this.count;
  }

  get(line: number): V | undefined {
    return this.chunks.get(Math.floor(line / CHUNK))?.vals[line % CHUNK];
  }

  has(line: number): boolean {
    return this.get(line) !== undefined;
  }

  private writable(key: number, create: boolean): Chunk<V> | undefined {
    let c = this.chunks.get(key);
    if (c && this.owned.has(c)) return c;
    if (c) c = { vals: c.vals.slice(), n: c.n };
    else if (create) c = { vals: new Array<V | undefined>(CHUNK).fill(undefined), n: 0 };
    else return undefined;
    this.chunks.set(key, c);
    this.owned.add(c);
    return c;
  }

  set(line: number, value: V): void {
    const c = this.writable(Math.floor(line / CHUNK), true)!;
    const i = line % CHUNK;
    if (c.vals[i] === undefined) {
      c.n++;
      this.count++;
    }
    c.vals[i] = value;
  }

  delete(line: number): boolean {
    const key = Math.floor(line / CHUNK);
    if (this.chunks.get(key)?.vals[line % CHUNK] === undefined) return false;
    const c = this.writable(key, false)!;
    c.vals[line % CHUNK] = undefined;
    c.n--;
    this.count--;
    if (c.n === 0) {
      this.chunks.delete(key);
      this.owned.delete(c);
    }
    return true;
  }

  /** Deletes every present line of [first, end). */
  deleteIn(first: number, end: number): void {
    if (this.count === 0) return;
    for (const [l] of this.entriesIn(first, end)) this.delete(l);
  }

  /** A copy sharing every chunk; both sides copy a chunk before they next change it. */
  clone(): LineMap<V> {
    this.owned = new Set();
    return new LineMap(new Map(this.chunks), this.count);
  }

  /**
   * Calls fn(line, value) for each present line of [first, end), ascending. fn may change or delete
   * the line it is given (each chunk is read as it was when its turn came).
   */
  forEachIn(first: number, end: number, fn: (line: number, v: V) => void): void {
    if (this.count === 0) return;
    const lo = Math.floor(first / CHUNK);
    const hi = Math.floor((end - 1) / CHUNK);
    if (hi - lo + 1 > this.chunks.size) {
      for (const [l, v] of this.entriesIn(first, end)) fn(l, v);
      return;
    }
    for (let k = lo; k <= hi; k++) {
      const c = this.chunks.get(k);
      if (!c) continue;
      const base = k * CHUNK;
      const to = Math.min(end - base, CHUNK);
      for (let i = Math.max(first - base, 0); i < to; i++) {
        const v = c.vals[i];
        if (v !== undefined) fn(base + i, v);
      }
    }
  }

  /** The lines of [first, end) that are present, ascending, with their values (a snapshot). */
  entriesIn(first: number, end: number): Array<[number, V]> {
    const out: Array<[number, V]> = [];
    const lo = Math.floor(first / CHUNK);
    const hi = Math.floor((end - 1) / CHUNK);
    const keys =
      hi - lo + 1 <= this.chunks.size
        ? Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)
        : [...this.chunks.keys()].filter((k) => k >= lo && k <= hi).sort((a, b) => a - b);
    for (const k of keys) {
      const c = this.chunks.get(k);
      if (!c) continue;
      const base = k * CHUNK;
      const from = Math.max(first - base, 0);
      const to = Math.min(end - base, CHUNK);
      for (let i = from; i < to; i++) {
        const v = c.vals[i];
        if (v !== undefined) out.push([base + i, v]);
      }
    }
    return out;
  }

  *entries(): IterableIterator<[number, V]> {
    for (const [k, c] of this.chunks)
      for (let i = 0; i < CHUNK; i++) {
        const v = c.vals[i];
        if (v !== undefined) yield [k * CHUNK + i, v];
      }
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): IterableIterator<[number, V]> {
    return this.entries();
  }

  /** Canonical form (ascending lines), so equal contents serialise equally whatever the chunk history. */
  toJSON(): Array<[number, V]> {
    return [...this.entries()].sort((a, b) => a[0] - b[0]);
  }
}
