// A Map whose copies are cheap, for record tables that keep the records of freed objects.
// Live entries sit in a frozen base map shared by every copy, plus a small overlay of the
// changes made since that base was built (tombstones for deletions); a copy shares the base and
// copies only the overlay, which is folded into a new base when it outgrows ~9·sqrt(live).
// Retired entries (a freed buffer's record, a name that names it) leave the live maps for an
// immutable list shared by reference between copies, so they cost nothing to copy or fold.
// Reading a retired entry walks that list: only error paths (use after free) and reports do.
// Iteration yields live and retired entries together in the order their keys were first set.

const TOMBSTONE = Symbol('deleted');
type Slot<V> = V | typeof TOMBSTONE;

/** A live value and its key's position in iteration order (kept when the value changes). */
interface Cell<V> {
  readonly seq: number;
  readonly value: V;
  /** The key also has a retired value (it was set again after being retired): set() must look at it. */
  readonly shadows?: true;
}

/** The retired entries, newest first; a TOMBSTONE value records a deletion of a retired key. */
interface Retired<K, V> {
  readonly key: K;
  /** Entries from here to the end of the list. */
  readonly depth: number;
  readonly seq: number;
  readonly value: Slot<V>;
  readonly next: Retired<K, V> | null;
}

interface Parts<K, V> {
  base: ReadonlyMap<K, Cell<V>>;
  overlay: Map<K, Slot<Cell<V>>>;
  count: number;
  nextSeq: number;
  archive: Retired<K, V> | null;
  everRetired: Map<K, number>;
}

export class CowMap<K, V> implements Iterable<[K, V]> {
  private base: ReadonlyMap<K, Cell<V>>;
  private overlay: Map<K, Slot<Cell<V>>>;
  /** Live entries plus retired keys that are not live again: what `size` reports. */
  private count: number;
  private nextSeq: number;
  private archive: Retired<K, V> | null;
  /**
   * Each key ever retired by this map or any copy of it (shared, only grows) → the least depth of
   * its entries: an archive shallower than that holds none, so a miss on a fresh key, or on a key
   * that a later step retires (History replaying), never walks the list. Speed only, never a result.
   */
  private readonly everRetired: Map<K, number>;
  /** The last key retiredEntry found missing, and the archive it looked in. */
  private missKey: K | undefined = undefined;
  private missArchive: Retired<K, V> | null | undefined = undefined;

  constructor(entries?: Iterable<readonly [K, V]>, parts?: Parts<K, V>) {
    if (parts) {
      this.base = parts.base;
      this.overlay = parts.overlay;
      this.count = parts.count;
      this.nextSeq = parts.nextSeq;
      this.archive = parts.archive;
      this.everRetired = parts.everRetired;
    } else {
      const m = new Map<K, Cell<V>>();
      let seq = 0;
      for (const [k, v] of entries ?? []) m.set(k, { seq: m.get(k)?.seq ?? seq++, value: v });
      this.base = m;
      this.overlay = new Map();
      this.count = m.size;
      this.nextSeq = seq;
      this.archive = null;
      this.everRetired = new Map();
    }
  }

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    const cell = this.liveCell(key);
    if (cell) return cell.value;
    const r = this.retiredEntry(key);
    return r && r.value !== TOMBSTONE ? r.value : undefined;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** Setting a retired key to its retired value leaves it retired (nothing a reader can see changes). */
  set(key: K, value: V): this {
    const cell = this.liveCell(key);
    if (cell) {
      if (cell.value === value) return this;
      // Only a live key that shadows a retired one can have a retired value to return to (while
      // it is live, nothing is pushed for it on this map's archive).
      const r = cell.shadows ? this.retiredEntry(key) : undefined;
      if (r && r.value !== TOMBSTONE && r.value === value) this.dropLive(key);
      else
        this.overlay.set(
          key,
          cell.shadows ? { seq: cell.seq, value, shadows: true } : { seq: cell.seq, value },
        );
    } else {
      const r = this.retiredEntry(key);
      const retired = r && r.value !== TOMBSTONE ? r : undefined;
      if (retired?.value === value) return this;
      if (!retired) this.count++;
      this.overlay.set(
        key,
        retired ? { seq: retired.seq, value, shadows: true } : { seq: this.nextSeq++, value },
      );
    }
    this.maybeFold();
    return this;
  }

  /**
   * set() for a key this map has never held, live or retired, in its own history (an id fresh
   * from state.nextId): skips the archive lookup. A key another copy made (a History branch that
   * was dropped) is still new here.
   */
  add(key: K, value: V): this {
    if (this.liveCell(key) !== undefined) throw new Error(`CowMap.add: ${String(key)} is already live`);
    this.count++;
    this.overlay.set(key, { seq: this.nextSeq++, value });
    this.maybeFold();
    return this;
  }

  delete(key: K): boolean {
    if (!this.has(key)) return false;
    this.count--;
    const cell = this.liveCell(key);
    if (cell) this.dropLive(key);
    const r = this.retiredEntry(key);
    if (r && r.value !== TOMBSTONE) this.push(key, r.seq, TOMBSTONE);
    this.maybeFold();
    return true;
  }

  /** Moves a live entry to the shared archive: still readable and iterated, no longer copied. */
  retire(key: K): boolean {
    const cell = this.liveCell(key);
    if (!cell) return false;
    return this.retireAs(key, cell.value);
  }

  /** set(key, value) then retire(key), in one pass: the live entry leaves for the archive as `value`. */
  retireAs(key: K, value: V): boolean {
    const cell = this.liveCell(key);
    if (!cell) {
      this.set(key, value);
      return this.liveCell(key) !== undefined && this.retire(key);
    }
    return this.retireLive(key, cell, value);
  }

  /** retire(key) if the key is live and its value passes `test` (one lookup). */
  retireIf(key: K, test: (value: V) => boolean): boolean {
    const cell = this.liveCell(key);
    return cell !== undefined && test(cell.value) && this.retireLive(key, cell, cell.value);
  }

  private retireLive(key: K, cell: Cell<V>, value: V): boolean {
    this.dropLive(key);
    this.push(key, cell.seq, value);
    const least = this.everRetired.get(key);
    if (least === undefined || this.archive!.depth < least) this.everRetired.set(key, this.archive!.depth);
    this.maybeFold();
    return true;
  }

  /** A copy: shares the frozen base and the archive, copies the overlay. */
  clone(): CowMap<K, V> {
    return new CowMap<K, V>(undefined, {
      base: this.base,
      overlay: new Map(this.overlay),
      count: this.count,
      nextSeq: this.nextSeq,
      archive: this.archive,
      everRetired: this.everRetired,
    });
  }

  private liveCell(key: K): Cell<V> | undefined {
    const o = this.overlay.get(key);
    if (o !== undefined) return o === TOMBSTONE ? undefined : o;
    return this.base.get(key);
  }

  /** The newest archive entry for key (maybe a deletion), walking the list only for keys ever retired. */
  private retiredEntry(key: K): Retired<K, V> | undefined {
    // A step looks up a fresh name several times (is it taken? then set it): while this map's
    // archive is unchanged, a key found missing stays missing whatever copies do.
    if (key === this.missKey && this.archive === this.missArchive) return undefined;
    const least = this.everRetired.get(key);
    if (least !== undefined)
      for (let r = this.archive; r && r.depth >= least; r = r.next) if (r.key === key) return r;
    this.missKey = key;
    this.missArchive = this.archive;
    return undefined;
  }

  private push(key: K, seq: number, value: Slot<V>): void {
    this.archive = { key, depth: (this.archive?.depth ?? 0) + 1, seq, value, next: this.archive };
  }

  private dropLive(key: K): void {
    if (this.base.has(key)) this.overlay.set(key, TOMBSTONE);
    else this.overlay.delete(key);
  }

  private maybeFold(): void {
    if (this.overlay.size <= 96 + 9 * Math.sqrt(this.base.size)) return;
    const next = new Map<K, Cell<V>>();
    const overlay = this.overlay;
    this.base.forEach((c, k) => {
      const o = overlay.get(k);
      if (o === undefined) next.set(k, c);
      else if (o !== TOMBSTONE) next.set(k, o);
    });
    overlay.forEach((o, k) => {
      if (o !== TOMBSTONE && !next.has(k)) next.set(k, o);
    });
    this.base = next;
    this.overlay = new Map();
  }

  /** Live and retired entries in the order their keys were first set. */
  *entries(): IterableIterator<[K, V]> {
    const all: Array<{ key: K; seq: number; value: V }> = [];
    const seen = new Set<K>();
    const addLive = (c: Cell<V>, k: K) => {
      seen.add(k);
      all.push({ key: k, seq: c.seq, value: c.value });
    };
    const overlay = this.overlay;
    this.base.forEach((c, k) => {
      const o = overlay.get(k);
      if (o === undefined) addLive(c, k);
      else if (o !== TOMBSTONE) addLive(o, k);
    });
    overlay.forEach((o, k) => {
      if (o !== TOMBSTONE && !this.base.has(k)) addLive(o, k);
    });
    for (let r = this.archive; r; r = r.next) {
      if (seen.has(r.key)) continue;
      seen.add(r.key);
      if (r.value !== TOMBSTONE) all.push({ key: r.key, seq: r.seq, value: r.value });
    }
    all.sort((a, b) => a.seq - b.seq);
    for (const e of all) yield [e.key, e.value];
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

  /** What a copy holds, not how: two maps with the same entries in the same order serialise alike. */
  toJSON(): { entries: Array<[K, V]> } {
    return { entries: [...this.entries()] };
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }
}
