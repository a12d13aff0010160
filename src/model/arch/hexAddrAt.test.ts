import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARCH_PROFILES, hexAddr, hexAddrAt } from './profiles';

describe('hexAddrAt', () => {
  it('prints exactly what hexAddr(base + offset) prints, for every profile base and any offset', () => {
    const bases = Object.values(ARCH_PROFILES).flatMap((p) =>
      [p.linearBase, p.vmallocStart].filter((b): b is bigint => b !== null).map((b) => [p, b] as const),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        fc.oneof(fc.nat({ max: 2 ** 40 }), fc.constantFrom(0, 2 ** 44 - 1, 2 ** 44, 2 ** 52, 2 ** 53 - 1)),
        ([p, base], off) => {
          expect(hexAddrAt(p, base, off)).toBe(hexAddr(p, base + BigInt(off)));
        },
      ),
    );
  });
});
