import { describe, expect, it } from 'vitest';
import { formatSize, parseSize } from './units';

describe('parseSize', () => {
  it('accepts bytes and binary units as the scenario format allows', () => {
    expect(parseSize(4096)).toBe(4096);
    expect(parseSize('8MiB')).toBe(8 << 20);
    expect(parseSize('2M')).toBe(2 << 20);
    expect(parseSize('SZ_4K')).toBe(4096);
  });
  it('refuses what is not a whole number of bytes', () => {
    expect(parseSize('lots')).toBeNull();
    expect(parseSize(1.5)).toBeNull();
    expect(parseSize(1e30)).toBeNull();
  });
  it('formats with the largest exact unit', () => {
    expect(formatSize(2 << 20)).toBe('2 MiB');
    expect(formatSize(4097)).toBe('4097 B');
  });
});
