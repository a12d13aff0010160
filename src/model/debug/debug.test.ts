// dma-debug (kernel/dma/debug.c): each check with the kernel's wording, the step that caused it,
// every error kept (all_errors), and nothing at all when the machine turns dma-debug off.
import { describe, expect, it } from 'vitest';
import { messagesOf, run, stepBackMismatches } from '../testkit';
import type { MachineConfigInput, Op } from '../types';

const o = (op: string, args: Record<string, unknown> = {}): Op => ({ op, ...args }) as Op;
const x86 = (more: MachineConfigInput = {}): MachineConfigInput => ({
  arch: 'x86_64',
  ramMiB: 1024,
  devices: [{ name: 'nic', dmaMaskBits: 64 }],
  ...more,
});

function go(ops: Op[], machine: MachineConfigInput = x86()) {
  const r = run(machine, ops);
  expect(stepBackMismatches(r)).toEqual([]);
  return r;
}

const P = 'DMA-API: nic nic: ';
const page = o('alloc_pages', { order: 0, as: 'b' });
const map = (dir = 'DMA_TO_DEVICE', extra: Record<string, unknown> = {}) =>
  o('dma_map_single', { dev: 'nic', buf: 'b', dir, as: 'm', ...extra });
const checked = o('dma_mapping_error', { map: 'm' });
const errors = (r: ReturnType<typeof go>) => r.last.debug.errors;
const texts = (r: ReturnType<typeof go>) => errors(r).map((e) => e.message);

describe('check_unmap', () => {
  it('a clean map → dma_mapping_error → unmap reports nothing', () => {
    expect(errors(go([page, map(), checked, o('dma_unmap_single', { map: 'm' })]))).toEqual([]);
  });

  it('unmapping twice: "device driver tries to free DMA memory it has not allocated", at the step that did it', () => {
    const r = go([
      page,
      map(),
      checked,
      o('dma_unmap_single', { map: 'm' }),
      o('dma_unmap_single', { map: 'm' }),
    ]);
    expect(errors(r)).toEqual([
      {
        step: 4,
        message: expect.stringMatching(
          /^DMA-API: nic nic: device driver tries to free DMA memory it has not allocated \[device address=0x[0-9a-f]{16}\] \[size=4096 bytes\]$/,
        ),
      },
    ]);
  });

  it('wrong size, wrong function, wrong direction and a missing dma_mapping_error, all reported', () => {
    const r = go([page, map(), o('dma_unmap_sg', { map: 'm', size: 100, dir: 'DMA_FROM_DEVICE' })]);
    const t = texts(r);
    expect(t).toHaveLength(4);
    expect(t[0]).toMatch(
      /^DMA-API: nic nic: device driver frees DMA memory with different size \[device address=0x[0-9a-f]{16}\] \[map size=4096 bytes\] \[unmap size=100 bytes\]$/,
    );
    expect(t[1]).toContain('device driver frees DMA memory with wrong function');
    expect(t[1]).toContain('[mapped as single] [unmapped as scatter-gather]');
    expect(t[2]).toContain('[mapped with DMA_TO_DEVICE] [unmapped with DMA_FROM_DEVICE]');
    expect(t[3]).toMatch(
      /device driver failed to check map error\[device address=0x[0-9a-f]{16}\] \[size=100 bytes\] \[mapped as single\]$/,
    );
    expect(errors(r).every((e) => e.step === 2)).toBe(true);
  });

  it('dma_unmap_page of a dma_map_single mapping is fine (both are "single" entries since v5.8)', () => {
    expect(errors(go([page, map(), checked, o('dma_unmap_page', { map: 'm' })]))).toEqual([]);
  });

  it('an sg list unmapped with another entry count', () => {
    const r = go([
      page,
      o('alloc_pages', { order: 0, as: 'c' }),
      o('dma_map_sg', { dev: 'nic', bufs: ['b', 'c'], dir: 'DMA_TO_DEVICE', as: 's' }),
      o('dma_unmap_sg', { map: 's', nents: 1 }),
    ]);
    expect(texts(r)).toEqual([
      `${P}device driver frees DMA sg list with different entry count [map count=2] [unmap count=1]`,
    ]);
  });

  it('dma_free_coherent twice and dma_free_pages on a coherent buffer go through the same check_unmap', () => {
    const r = go([
      o('dma_alloc_coherent', { dev: 'nic', size: 4096, as: 'c' }),
      o('dma_free_pages', { buf: 'c', size: 8192 }),
      o('dma_alloc_coherent', { dev: 'nic', size: 4096, as: 'd' }),
      o('dma_free_coherent', { buf: 'd' }),
      o('dma_free_coherent', { buf: 'd' }),
    ]);
    const t = texts(r);
    expect(t[0]).toContain('device driver frees DMA memory with different size');
    expect(t[1]).toContain('[mapped as coherent] [unmapped as noncoherent]');
    // The double free fails the step: its error is in the step's events, not in the state.
    expect(messagesOf(r.outs[4]!).join('\n')).toContain(
      `${P}device driver tries to free DMA memory it has not allocated`,
    );
  });
});

describe('check_sync', () => {
  it('outside the mapping', () => {
    const r = go([
      page,
      map(),
      checked,
      o('dma_sync_single_for_device', { map: 'm', offset: 4000, size: 200 }),
    ]);
    expect(texts(r)).toEqual([
      expect.stringMatching(
        /device driver syncs DMA memory outside allocated range \[device address=0x[0-9a-f]{16}\] \[allocation size=4096 bytes\] \[sync offset\+size=4200\]$/,
      ),
    ]);
  });

  it('a TO_DEVICE mapping synced for the CPU with FROM_DEVICE: different direction and read-only for cpu', () => {
    const r = go([page, map(), checked, o('dma_sync_single_for_cpu', { map: 'm', dir: 'DMA_FROM_DEVICE' })]);
    const t = texts(r);
    expect(t[0]).toContain('device driver syncs DMA memory with different direction');
    expect(t[0]).toContain('[mapped with DMA_TO_DEVICE] [synced with DMA_FROM_DEVICE]');
    expect(t[1]).toContain('device driver syncs device read-only DMA memory for cpu');
  });

  it('a FROM_DEVICE mapping synced for the device with TO_DEVICE: write-only to device', () => {
    const r = go([
      page,
      map('DMA_FROM_DEVICE'),
      checked,
      o('dma_sync_single_for_device', { map: 'm', dir: 'DMA_TO_DEVICE' }),
    ]);
    expect(texts(r)[1]).toContain('device driver syncs device write-only DMA memory to device');
  });

  it('a BIDIRECTIONAL mapping may be synced either way', () => {
    const r = go([
      page,
      map('DMA_BIDIRECTIONAL'),
      checked,
      o('dma_sync_single_for_cpu', { map: 'm', dir: 'DMA_FROM_DEVICE' }),
      o('dma_sync_single_for_device', { map: 'm', dir: 'DMA_TO_DEVICE' }),
    ]);
    expect(errors(r)).toEqual([]);
  });

  it('a sync after unmap: "tries to sync DMA memory it has not allocated"', () => {
    const r = go([
      page,
      map(),
      checked,
      o('dma_unmap_single', { map: 'm' }),
      o('dma_sync_single_for_cpu', { map: 'm' }),
    ]);
    expect(texts(r)).toEqual([
      expect.stringContaining('device driver tries to sync DMA memory it has not allocated'),
    ]);
  });
});

describe('cacheline tracking (add_dma_entry)', () => {
  const twoSmall = [
    o('kmalloc', { size: 32, as: 'a' }),
    o('kmalloc', { size: 32, as: 'b' }),
    o('dma_map_single', { dev: 'nic', buf: 'a', dir: 'DMA_FROM_DEVICE', as: 'ma' }),
    o('dma_map_single', { dev: 'nic', buf: 'b', dir: 'DMA_FROM_DEVICE', as: 'mb' }),
  ];
  it('two FROM_DEVICE mappings starting in one cache line: "cacheline tracking EEXIST, overlapping mappings aren\'t supported"', () => {
    expect(texts(go(twoSmall))).toEqual([
      `${P}cacheline tracking EEXIST, overlapping mappings aren't supported`,
    ]);
  });

  it('not reported with DMA_ATTR_SKIP_CPU_SYNC, nor on arm64 where kmalloc bouncing is active', () => {
    const skip = twoSmall.map((op, i) =>
      i === 3 ? ({ ...op, attrs: ['DMA_ATTR_SKIP_CPU_SYNC'] } as Op) : op,
    );
    expect(errors(go(skip))).toEqual([]);
    const arm64 = {
      arch: 'arm64' as const,
      ramMiB: 1024,
      devices: [{ name: 'nic', coherent: false, dmaMaskBits: 64 }],
    };
    expect(errors(go(twoSmall, arm64))).toEqual([]);
  });
});

describe('driver_unbind (dma_debug_device_change)', () => {
  it('reports the pending entries with one of them', () => {
    const r = go([
      page,
      map('DMA_FROM_DEVICE'),
      checked,
      o('dma_alloc_coherent', { dev: 'nic', size: 4096, as: 'c' }),
      o('driver_unbind', { dev: 'nic' }),
    ]);
    expect(texts(r)).toEqual([
      expect.stringMatching(
        /^DMA-API: nic nic: device driver has pending DMA allocations while released from device \[count=2\]\nOne of leaked entries details: \[device address=0x[0-9a-f]{16}\] \[size=4096 bytes\] \[mapped with DMA_BIDIRECTIONAL\] \[mapped as coherent\]$/,
      ),
    ]);
  });
});

describe('mapping stack memory (check_for_stack)', () => {
  it('dma_map_single of a vmapped stack is refused as vmalloc memory; dma_map_page of its page is reported', () => {
    const r = go([
      o('stack_buffer', { size: 64, as: 's' }),
      o('dma_map_single', { dev: 'nic', buf: 's', dir: 'DMA_TO_DEVICE', as: 'a' }),
      o('dma_map_page', { dev: 'nic', buf: 's', offset: 16, size: 32, dir: 'DMA_TO_DEVICE', as: 'b' }),
    ]);
    expect(r.outs[1]!.result.ok).toBe(false);
    expect(messagesOf(r.outs[1]!)).toContain('nic: rejecting DMA map of vmalloc memory');
    expect(texts(r)).toEqual([
      expect.stringMatching(
        /^DMA-API: nic nic: device driver maps memory from stack \[probable addr=0x[0-9a-f]{16}\]$/,
      ),
    ]);
    expect(errors(r)[0]!.step).toBe(2);
  });
});

describe('dma_map_resource', () => {
  it('of a RAM address: "dma_map_resource called for RAM address"', () => {
    const r = go([
      o('dma_map_resource', { dev: 'nic', phys: 0x2000000, size: 4096, dir: 'DMA_TO_DEVICE', as: 'r' }),
    ]);
    expect(texts(r)).toEqual([`${P}dma_map_resource called for RAM address 0x0000000002000000`]);
  });
});

describe('CONFIG_DMA_API_DEBUG off (machine dmaDebug = false)', () => {
  it('reports nothing, and dma_sync_* on a coherent device that never bounced do nothing (dma_dev_need_sync)', () => {
    const r = go(
      [
        page,
        map(),
        o('dma_sync_single_for_cpu', { map: 'm', dir: 'DMA_FROM_DEVICE' }),
        o('dma_unmap_sg', { map: 'm', size: 1 }),
      ],
      x86({ dmaDebug: false }),
    );
    expect(errors(r)).toEqual([]);
    expect(r.outs[2]!.calls).toEqual(['dma_sync_single_for_cpu']);
    expect(r.outs.flatMap((x) => messagesOf(x)).some((m) => m.startsWith('DMA-API'))).toBe(false);
  });
});
