// A Map whose copies are cheap: entries live in a frozen base map shared by every copy, plus a
// small overlay of the changes made since that base was built (tombstones for deletions). A copy
// shares the base and copies only the overlay; when the overlay outgrows ~6·sqrt(size) it is
// folded into a new base. So History's checkpoints and step()'s private copies cost
// O(sqrt(n)) for the buffer, VMA, mapping and name tables that a long session fills with
// records of freed objects, and each change costs O(1) amortised.

const TOMBSTONE = Symbol('deleted');
type Slot<V> = V | typeof TOMBSTONE;

export class CowMap<K, V> implements Iterable<[K, V]> {
  private base: ReadonlyMap<K, V>;
  private overlay: Map<K, Slot<V>>;
  private count: number;

  constructor(
    entries?: Iterable<readonly [K, V]>,
    base?: ReadonlyMap<K, V>,
    overlay?: Map<K, Slot<V>>,
    count?: number,
  ) {
    if (base && overlay && count !== undefined) {
      this.base = base;
      this.overlay = overlay;
      this.count = count;
    } else {
      const m = new Map<K, V>();
      for (const [k, v] of entries ?? []) m.set(k, v);
      this.base = m;
      this.overlay = new Map();
      this.count = m.size;
    }
  }

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    const o = this.overlay.get(key);
    if (o !== undefined) return o === TOMBSTONE ? undefined : o;
    return this.base.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): this {
    if (!this.has(key)) this.count++;
    this.overlay.set(key, value);
    this.maybeFold();
    return this;
  }

  delete(key: K): boolean {
    if (!this.has(key)) return false;
    this.count--;
    if (this.base.has(key)) this.overlay.set(key, TOMBSTONE);
    else this.overlay.delete(key);
    this.maybeFold();
    return true;
  }

  /** A copy: shares the frozen base, copies the overlay. */
  clone(): CowMap<K, V> {
    return new CowMap<K, V>(undefined, this.base, new Map(this.overlay), this.count);
  }

  private maybeFold(): void {
    if (this.overlay.size <= 64 + 6 * Math.sqrt(this.base.size)) return;
    const next = new Map<K, V>();
    const overlay = this.overlay;
    this.base.forEach((v, k) => {
      const o = overlay.get(k);
      if (o === undefined) next.set(k, v);
      else if (o !== TOMBSTONE) next.set(k, o);
    });
    overlay.forEach((o, k) => {
      if (o !== TOMBSTONE && !next.has(k)) next.set(k, o);
    });
    this.base = next;
    this.overlay = new Map();
  }

  /** Base order first (changed entries keep their place), then entries added since. */
  *entries(): IterableIterator<[K, V]> {
    for (const [k, v] of this.base) {
      const o = this.overlay.get(k);
      if (o === undefined) yield [k, v];
      else if (o !== TOMBSTONE) yield [k, o];
    }
    for (const [k, o] of this.overlay) if (o !== TOMBSTONE && !this.base.has(k)) yield [k, o];
  }

  *keys(): IterableIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  forEach(fn: (value: V, key: K) => void): void {
    for (const [k, v] of this.entries()) fn(v, k);
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }
}
