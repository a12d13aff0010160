import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CowMap } from './cowMap';

// A CowMap must read like a plain Map whatever mix of set, delete, retire, retireAs and clone made
// it: retiring changes how an entry is stored, never what get, has, size or iteration show.
type Cmd =
  | { c: 'set'; k: number; v: number }
  | { c: 'delete'; k: number }
  | { c: 'retire'; k: number }
  | { c: 'retireAs'; k: number; v: number }
  | { c: 'clone'; which: number }
  | { c: 'add'; v: number }
  | { c: 'retireIf'; k: number; v: number };

const KEYS = 150;
const key = fc.nat({ max: KEYS });
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ c: fc.constant('set' as const), k: key, v: fc.nat({ max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ c: fc.constant('delete' as const), k: key }) },
  { weight: 3, arbitrary: fc.record({ c: fc.constant('retire' as const), k: key }) },
  { weight: 2, arbitrary: fc.record({ c: fc.constant('retireAs' as const), k: key, v: fc.nat({ max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ c: fc.constant('clone' as const), which: fc.nat({ max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ c: fc.constant('add' as const), v: fc.nat({ max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ c: fc.constant('retireIf' as const), k: key, v: fc.nat({ max: 5 }) }) },
);

describe('CowMap', () => {
  it('reads like a Map (values, size, first-set order) under random set/add/delete/retire/retireAs/retireIf/clone', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cmd, { maxLength: 200 }), { minLength: 1, maxLength: 6 }), (rounds) => {
        // Several live copies evolve independently; each has its reference Map.
        const boxes = [{ cow: new CowMap<number, { v: number }>(), ref: new Map<number, { v: number }>() }];
        let fresh = 1000; // keys for add(): never used before by any copy, like ids from nextId
        // Commands go to the copies in turn, so a copy keeps changing after it was cloned.
        for (const [n, round] of rounds.flat().entries()) {
          const i = n % boxes.length;
          const b = boxes[i]!;
          if (round.c === 'set') {
            const v = { v: round.v };
            b.cow.set(round.k, v);
            b.ref.set(round.k, v);
          } else if (round.c === 'delete') {
            expect(b.cow.delete(round.k)).toBe(b.ref.delete(round.k));
          } else if (round.c === 'retire') {
            b.cow.retire(round.k);
          } else if (round.c === 'retireAs') {
            const v = { v: round.v };
            if (b.ref.has(round.k)) {
              b.cow.retireAs(round.k, v);
              b.ref.set(round.k, v);
            }
          } else if (round.c === 'retireIf') {
            const live = b.ref.get(round.k);
            // True only for a live key whose value passes (a retired one is already retired).
            const done = b.cow.retireIf(round.k, (x) => x.v === round.v);
            if (live?.v !== round.v) expect(done).toBe(false);
          } else if (round.c === 'add') {
            const v = { v: round.v };
            b.cow.add(fresh, v);
            b.ref.set(fresh++, v);
          } else {
            const from = boxes[Math.min(round.which, i)]!;
            boxes.push({ cow: from.cow.clone(), ref: new Map(from.ref) });
          }
        }
        for (const b of boxes) {
          expect([...b.cow.entries()]).toEqual([...b.ref.entries()]);
          expect(b.cow.size).toBe(b.ref.size);
          for (const k of [...Array.from({ length: KEYS + 1 }, (_, i) => i), ...b.ref.keys()]) {
            expect(b.cow.get(k)).toBe(b.ref.get(k));
            expect(b.cow.has(k)).toBe(b.ref.has(k));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
