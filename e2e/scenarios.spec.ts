// Issue 6 item 1: every guided scenario is opened from the gallery, walked call by call to its end
// with Shift+→, and at the steps that matter the test checks what the scenario teaches as a user
// sees it (meters, the result, the buffer card, the kernel log, the Cache & data view). The tests
// come from the SCENARIOS list; the checks come from PLANS, so a new scenario without a plan fails.
import { createRequire } from 'node:module';
import { expect, test } from '@playwright/test';
import type { GuidedScenario } from '../src/scenarios/index';
import { ScenarioPage } from './pages/scenario';

// The index imports JSON without import attributes, which Node's ESM loader refuses; Playwright's
// CommonJS transform loads it.
const { SCENARIOS } = createRequire(import.meta.url)('../src/scenarios/index.ts') as {
  SCENARIOS: readonly GuidedScenario[];
};

/** A check run when the walk reaches `step` (1-based, as the position readout counts; 0 = boot). */
interface Check {
  readonly step: number;
  readonly what: string;
  readonly run: (s: ScenarioPage) => Promise<void>;
}
type Plan = (g: GuidedScenario) => Check[];

/** The 1-based step that creates `as`. */
function at(g: GuidedScenario, as: string): number {
  const i = g.scenario.steps.findIndex((s) => s.as === as);
  if (i < 0) throw new Error(`${g.slug}: no step makes ${as}`);
  return i + 1;
}

/** The 1-based step of the n-th (from 0) call of `op`. */
function nth(g: GuidedScenario, op: string, n: number): number {
  const all = g.scenario.steps.flatMap((s, i) => (s.op === op ? [i + 1] : []));
  const k = all[n];
  if (k === undefined) throw new Error(`${g.slug}: no ${op} #${n}`);
  return k;
}

const last = (g: GuidedScenario): number => g.scenario.steps.length;

const WC = 'write-combine (Normal non-cacheable)';
const CACHED = 'cached (write-back)';

/** A read step's result as the driver panel shows it. */
async function expectRead(s: ScenarioPage, value: number, stale: boolean): Promise<void> {
  await expect(s.resultValue('value')).toHaveText(String(value));
  await expect(s.resultValue('stale')).toHaveText(String(stale));
  // Where a user looks: the Result panel's warning line and the step's timeline chip.
  const step = (await s.app.state()).cursor;
  if (stale) {
    await expect(s.app.result()).toContainText(
      /Stale: the (CPU|device) read a value that differs from the last one written/,
    );
    await expect(s.app.chip(step)).toHaveAccessibleName(/, ok, stale(, unexpected)? read$/);
    await expect(s.app.chip(step)).toContainText('⚠ stale');
  } else {
    await expect(s.app.result()).not.toContainText('Stale:');
    await expect(s.app.chip(step)).not.toContainText('stale');
  }
}

/** The selected buffer's Cache & data view: the reader's read of the first line, flagged stale or not. */
async function expectStaleIn(s: ScenarioPage, column: string, stale: boolean): Promise<void> {
  const view = await s.openCacheView();
  const cell = await s.cacheCell(view, column);
  if (stale) {
    await expect(cell).toContainText('⚠ stale');
    await expect(view).toContainText(/ · [1-9]\d* stale · /);
  } else {
    await expect(cell).not.toContainText('stale');
    await expect(view).toContainText(' · 0 stale · ');
  }
  await s.closeCacheView();
}

/** A read step the walk checks: the n-th call of `op`, the buffer whose memory it reads, what it reads. */
interface Read {
  readonly op: 'cpu_read' | 'device_read';
  readonly n: number;
  readonly buffer: string;
  readonly value: number;
  readonly stale: boolean;
  /** Also look at the reader's column in the buffer's Cache & data view. */
  readonly cacheView?: true;
  readonly what: string;
}

/** One check per read: its result and chip, the buffer card on the buffer read, and its cache lines. */
function readChecks(g: GuidedScenario, reads: readonly Read[]): Check[] {
  return reads.map((r) => ({
    step: nth(g, r.op, r.n),
    what: r.what,
    run: async (s) => {
      await expectRead(s, r.value, r.stale);
      // The card (and with it the Cache & data view) follows the step to the buffer it read.
      await expect(s.app.card.getByRole('article', { name: `Buffer ${r.buffer}` })).toBeVisible();
      if (r.cacheView) await expectStaleIn(s, r.op === 'cpu_read' ? 'CPU reads' : 'device reads', r.stale);
    },
  }));
}

/** Reads the vmalloc meter at boot, for a later check that the frees gave every byte back. */
function vmallocAtBoot(): { readonly check: Check; readonly expectBack: (s: ScenarioPage) => Promise<void> } {
  let boot = Number.NaN;
  return {
    check: {
      step: 0,
      what: 'vmalloc use at boot',
      run: async (s) => {
        boot = await s.app.meterValue('vmalloc');
      },
    },
    expectBack: async (s) => expect(await s.app.meterValue('vmalloc')).toBe(boot),
  };
}

async function expectCpuAddr(s: ScenarioPage, buffer: string, kind: RegExp, memtype: string): Promise<void> {
  const card = await s.showBuffer(buffer);
  await expect(s.fact(card, 'CPU address')).toContainText(kind);
  await expect(s.fact(card, 'Memory type')).toHaveText(memtype);
}

const PLANS: Readonly<Record<string, Plan>> = {
  '2011-one-allocator': (g) => [
    {
      step: at(g, 'gpu_coherent'),
      what: 'coherent device: cached linear memory, vmalloc does not move',
      run: async (s) => {
        await s.expectMeterUnchanged('vmalloc');
        await expectCpuAddr(s, 'gpu_coherent', /\blinear$/, CACHED);
      },
    },
    {
      step: at(g, 'vpu_coherent'),
      what: 'non-coherent device: a non-cacheable vmalloc alias of 17 pages',
      run: async (s) => {
        await s.expectMeterChange('vmalloc', '+68 KiB');
        await expectCpuAddr(s, 'vpu_coherent', /\bvmalloc$/, WC);
      },
    },
    {
      step: at(g, 'gpu_wc'),
      what: 'write-combine on the coherent device is still cached linear memory',
      run: (s) => expectCpuAddr(s, 'gpu_wc', /\blinear$/, CACHED),
    },
    {
      step: at(g, 'vpu_wc'),
      what: 'write-combine on the non-coherent device: the same pgprot as without it',
      run: async (s) => {
        const plain = s.fact(await s.showBuffer('vpu_coherent'), 'pgprot');
        const pgprot = (await plain.textContent()) ?? '';
        expect(pgprot).not.toBe('');
        await expectCpuAddr(s, 'vpu_wc', /\bvmalloc$/, WC);
        await expect(s.fact(s.app.card, 'pgprot')).toHaveText(pgprot);
      },
    },
    {
      step: at(g, 'vpu_noncoherent'),
      what: 'dma_alloc_noncoherent: cached linear memory, no vmalloc, even for the non-coherent device',
      run: async (s) => {
        await s.expectMeterUnchanged('vmalloc');
        await expectCpuAddr(s, 'vpu_noncoherent', /\blinear$/, CACHED);
      },
    },
    {
      step: last(g),
      what: 'the free gives the 17 vmalloc pages back',
      run: (s) => s.expectMeterChange('vmalloc', '−68 KiB'),
    },
  ],

  'v4l2-no-kernel-mapping': (g) => {
    const vmalloc = vmallocAtBoot();
    return [
      vmalloc.check,
      {
        step: at(g, 'frame0'),
        what: 'the default frame costs 1014 vmalloc pages',
        run: (s) => s.expectMeterChange('vmalloc', '+3.96 MiB'),
      },
      {
        step: at(g, 'frame1'),
        what: 'the NO_KERNEL_MAPPING frame: vmalloc does not move, the CPU address is a cookie',
        run: async (s) => {
          await s.expectMeterUnchanged('vmalloc');
          await s.expectMeterChange('CMA', '+3.96 MiB');
          const card = await s.showBuffer('frame1');
          await expect(s.fact(card, 'CPU address')).toContainText('cookie: not dereferenceable');
        },
      },
      {
        step: at(g, 'frame1_map'),
        what: 'the cookie buffer is still mapped into camapp, write-combine',
        run: async (s) => {
          await expect(s.resultValue('pages')).toHaveText('1013');
          const card = await s.showBuffer('frame1');
          await expect(s.fact(card, 'User mappings')).toContainText(
            /^camapp:frame1_map 0x[0-9a-f]+\s+write-combine/,
          );
        },
      },
      {
        step: last(g),
        what: 'everything freed: vmalloc back to its boot value',
        run: async (s) => {
          await expect(s.app.card.getByLabel('Live buffers')).toHaveValue('');
          await expect(s.app.card.getByRole('option', { name: 'No live buffers' })).toBeAttached();
          await vmalloc.expectBack(s);
        },
      },
    ];
  },

  'arm32-vmalloc-exhaustion': (g) => {
    const fail = at(g, 'fb7');
    return [
      {
        step: fail,
        what: 'the eighth frame buffer fails with ENOMEM and the vmap message while CMA has room',
        run: async (s) => {
          for (let k = 1; k < fail; k++) await expect(s.app.chip(k)).toHaveAccessibleName(/, ok$/);
          await expect(s.app.chip(fail)).toHaveAccessibleName(
            `Step ${fail}: dma_alloc_wc fb7, failed ENOMEM`,
          );
          await expect(s.app.chip(fail)).toContainText('✗ ENOMEM');
          await expect(s.app.result()).toContainText('-ENOMEM');
          await expect(
            s.logLines().filter({ hasText: /vmap allocation for size \d+ failed/ }),
          ).toHaveAccessibleName(new RegExp(`^Step ${fail}: vmap allocation for size \\d+ failed`));
          await s.expectMeterUnchanged('vmalloc');
          const cma = s.app.meter('CMA');
          const free =
            Number(await cma.getAttribute('aria-valuemax')) - Number(await cma.getAttribute('aria-valuenow'));
          expect(free).toBeGreaterThan(4 * 33177600);
        },
      },
      ...['nkm0', 'nkm1', 'nkm2'].map((name) => ({
        step: at(g, name),
        what: `${name} with DMA_ATTR_NO_KERNEL_MAPPING succeeds and vmalloc does not move`,
        run: async (s: ScenarioPage) => {
          await expect(s.app.chip(at(g, name))).toHaveAccessibleName(/, ok$/);
          await s.expectMeterUnchanged('vmalloc');
          await s.expectMeterChange('CMA', '+31.6 MiB');
          const card = await s.showBuffer(name);
          await expect(s.fact(card, 'CPU address')).toContainText('cookie');
        },
      })),
    ];
  },

  'iommu-stitching': (g) => {
    let runs = 0;
    return [
      {
        step: at(g, 'fresh'),
        what: 'on fresh memory: two 2 MiB blocks, one 4 MiB IOVA range',
        run: async (s) => {
          await expect(s.callsMade()).toContainText('alloc_pages_node ×2');
          const card = await s.showBuffer('fresh');
          await expect(s.fact(card, 'Physical')).toContainText(/^2 runs: /);
          await expect(s.fact(card, 'IOVA')).toContainText(/^0x[0-9a-f]+ 4 MiB/);
        },
      },
      {
        step: at(g, 'single_pages'),
        what: 'DMA_ATTR_ALLOC_SINGLE_PAGES: 1024 single-page allocations',
        run: (s) => expect(s.callsMade()).toContainText('alloc_pages_node ×1024'),
      },
      {
        step: at(g, 'scattered'),
        what: 'after fragmentation: hundreds of physical runs behind one 4 MiB IOVA range',
        run: async (s) => {
          const card = await s.showBuffer('scattered');
          const physical = s.fact(card, 'Physical');
          await expect(physical).toContainText(/^\d+ runs: /);
          runs = Number(/^(\d+) runs/.exec((await physical.textContent()) ?? '')?.[1]);
          expect(runs).toBeGreaterThan(100);
          await expect(s.fact(card, 'IOVA')).toContainText(/^0x[0-9a-f]+ 4 MiB/);
          await expect(s.fact(card, 'CPU address')).toContainText(/\bvmalloc$/);
        },
      },
      {
        step: at(g, 'scattered') + 1,
        what: 'the sg table has one entry per physical run',
        run: async (s) => {
          await expect(s.app.result()).toContainText('dma_get_sgtable_attrs');
          await expect(s.resultValue('nents')).toHaveText(String(runs));
        },
      },
      {
        step: at(g, 'contiguous'),
        what: 'FORCE_CONTIGUOUS: one CMA block at a linear address, no vmalloc',
        run: async (s) => {
          await s.expectMeterUnchanged('vmalloc');
          const card = await s.showBuffer('contiguous');
          await expect(s.fact(card, 'Physical')).toContainText(/^contiguous: /);
          await expect(s.fact(card, 'Source')).toContainText(/^cma\b/);
          await expect(s.fact(card, 'CPU address')).toContainText(/\blinear$/);
        },
      },
    ];
  },

  'alsa-wc-ring': (g) => {
    const vmalloc = vmallocAtBoot();
    return [
      vmalloc.check,
      {
        step: at(g, 'ring'),
        what: 'the kernel mapping of the ring is write-combine',
        run: async (s) => {
          await expectCpuAddr(s, 'ring', /\bvmalloc$/, WC);
          await expect(s.fact(s.app.card, 'pgprot')).toContainText('pgprot_writecombine');
        },
      },
      {
        step: at(g, 'ring_map'),
        what: "the player's mapping of the ring is write-combine too",
        run: async (s) => {
          await expect(s.resultValue('memtype')).toHaveText('write-combine');
          const card = await s.showBuffer('ring');
          await expect(s.fact(card, 'User mappings')).toContainText(
            new RegExp(`^aplay:ring_map 0x[0-9a-f]+\\s+${WC.replace(/[()]/g, '\\$&')}$`),
          );
        },
      },
      {
        step: last(g),
        what: 'the free returns the vmalloc space',
        run: async (s) => {
          await s.expectMeterChange('vmalloc', '−68 KiB');
          await vmalloc.expectBack(s);
        },
      },
    ];
  },

  'two-aliases': (g) => [
    {
      step: at(g, 'ring'),
      what: 'a write-combine vmalloc address beside a cached linear alias of the same pages',
      run: async (s) => {
        await s.expectMeterChange('vmalloc', '+1 MiB');
        await expectCpuAddr(s, 'ring', /\bvmalloc$/, WC);
        await expect(s.fact(s.app.card, 'Linear alias')).toContainText(
          new RegExp(`^0x[0-9a-f]+\\s+${CACHED.replace(/[()]/g, '\\$&')} PAGE_KERNEL`),
        );
      },
    },
  ],

  'two-aliases-cma': (g) => [
    {
      step: at(g, 'ring'),
      what: 'CMA rewrites the linear map: one write-combine linear mapping, no alias, no vmalloc',
      run: async (s) => {
        await s.expectMeterUnchanged('vmalloc');
        await s.expectMeterChange('CMA', '+1 MiB');
        await expectCpuAddr(s, 'ring', /\blinear$/, WC);
        await expect(s.fact(s.app.card, 'Path')).toContainText('linear map rewritten');
        await expect(s.app.card.getByRole('term').filter({ hasText: 'Linear alias' })).toHaveCount(0);
      },
    },
    {
      step: last(g),
      what: 'the free remaps the linear-map entries (__dma_remap) before the pages go back to CMA',
      run: async (s) => {
        await s.expectMeterChange('CMA', '−1 MiB');
        await expect(s.callsMade()).toContainText(/__dma_remap → dma_release_from_contiguous/);
      },
    },
  ],

  'streaming-noncoherent': (g) =>
    readChecks(g, [
      {
        op: 'device_read',
        n: 0,
        buffer: 'tx',
        value: 1,
        stale: false,
        what: 'with the sync of dma_map_single the device reads the packet fresh',
      },
      {
        op: 'cpu_read',
        n: 0,
        buffer: 'rx',
        value: 2,
        stale: false,
        what: 'after dma_sync_single_for_cpu the CPU reads the received data fresh',
      },
      {
        op: 'device_read',
        n: 1,
        buffer: 'tx',
        value: 1,
        stale: true,
        cacheView: true,
        what: 'a CPU write after dma_map_single: the device reads the old packet, flagged stale',
      },
      {
        op: 'cpu_read',
        n: 1,
        buffer: 'rx',
        value: 0,
        stale: true,
        cacheView: true,
        what: 'no dma_sync_single_for_cpu after a speculative load: the CPU read is stale',
      },
      {
        op: 'cpu_read',
        n: 2,
        buffer: 'rx',
        value: 4,
        stale: false,
        cacheView: true,
        what: 'after the sync the CPU reads the new data',
      },
    ]),

  'swiotlb-32bit': (g) => {
    const skipSync = g.scenario.steps.findIndex(
      (st) => st.op === 'dma_unmap_single' && JSON.stringify(st).includes('DMA_ATTR_SKIP_CPU_SYNC'),
    );
    if (skipSync < 0) throw new Error('swiotlb-32bit: no unmap with DMA_ATTR_SKIP_CPU_SYNC');
    return [
      {
        step: nth(g, 'dma_map_single', 0),
        what: 'the buffer above 4 GiB is bounced: swiotlb slots are taken',
        run: async (s) => {
          await s.expectMeterChange('swiotlb', '+2 slots');
          await expect(s.resultValue('bounced')).toHaveText('true');
        },
      },
      {
        step: skipSync + 1,
        what: 'the unmap with DMA_ATTR_SKIP_CPU_SYNC frees the slots',
        run: (s) => s.expectMeterChange('swiotlb', '−2 slots'),
      },
      ...readChecks(g, [
        {
          op: 'cpu_read',
          n: 0,
          buffer: 'buf',
          value: 1,
          stale: true,
          cacheView: true,
          what: 'before the unmap the device data is only in the bounce slot: the CPU read is stale',
        },
        {
          op: 'cpu_read',
          n: 1,
          buffer: 'buf',
          value: 2,
          stale: false,
          what: 'the unmap copies it back: the CPU reads the device data',
        },
        {
          op: 'cpu_read',
          n: 2,
          buffer: 'buf',
          value: 2,
          stale: true,
          cacheView: true,
          what: 'the copy back was skipped: the device data is lost and the read is flagged stale',
        },
      ]),
      {
        step: last(g),
        what: 'every slot given back; bounce copies were made',
        run: async (s) => {
          expect(await s.app.meterValue('swiotlb')).toBe(0);
          await expect(s.fact(s.app.metrics, 'Bounce copies')).not.toHaveText('0 B');
        },
      },
    ];
  },

  'dma-debug-mistakes': (g) => {
    const mistakes: [number, RegExp][] = [
      [nth(g, 'dma_free_coherent', 1), /tries to free DMA memory it has not allocated/],
      [
        nth(g, 'dma_unmap_single', 0),
        /frees DMA memory with different direction .*\[mapped with DMA_TO_DEVICE\] \[unmapped with DMA_FROM_DEVICE\]/,
      ],
      [nth(g, 'dma_unmap_single', 1), /failed to check map error/],
      [nth(g, 'driver_unbind', 0), /has pending DMA allocations while released from device \[count=1\]/],
    ];
    return [
      {
        step: mistakes[0]![0],
        what: 'the double free fails',
        run: (s) => expect(s.app.chip(mistakes[0]![0])).toHaveAccessibleName(/, failed EINVAL$/),
      },
      {
        step: last(g),
        what: 'the kernel log lists the four DMA-API messages; each jumps to its step',
        run: async (s) => {
          const lines = s.logLines().filter({ hasText: 'DMA-API:' });
          await expect(lines).toHaveCount(mistakes.length);
          for (const [i, [step, text]] of mistakes.entries()) {
            const line = lines.nth(i);
            await expect(line).toHaveAccessibleName(
              new RegExp(`^Step ${step}: DMA-API: nic nic0: device driver `),
            );
            await expect(line).toContainText(text);
          }
          // Latest first: a click moves the position back, and the log then lists only earlier lines.
          for (const [i, [step]] of [...mistakes.entries()].reverse()) {
            await lines.nth(i).click();
            await expect(s.position).toContainText(new RegExp(`^Step ${step} of ${last(g)}`));
            await expect(s.app.result().getByRole('heading')).toHaveText(
              `Result of step ${step}: ${g.scenario.steps[step - 1]!.op}`,
            );
          }
        },
      },
    ];
  },

  'noncoherent-ownership': (g) =>
    readChecks(g, [
      {
        op: 'device_read',
        n: 0,
        buffer: 'shared',
        value: 0,
        stale: true,
        what: 'the device reads before dma_sync_single_for_device: stale',
      },
      {
        op: 'device_read',
        n: 1,
        buffer: 'shared',
        value: 5,
        stale: false,
        what: 'after dma_sync_single_for_device the device reads the CPU write',
      },
      {
        op: 'cpu_read',
        n: 0,
        buffer: 'shared',
        value: 5,
        stale: true,
        cacheView: true,
        what: 'the CPU reads before dma_sync_single_for_cpu: the old value, stale',
      },
      {
        op: 'cpu_read',
        n: 1,
        buffer: 'shared',
        value: 6,
        stale: false,
        what: 'after dma_sync_single_for_cpu the CPU reads the device write',
      },
    ]),
};

test.describe('guided scenarios, walked to the end in the app', () => {
  for (const g of SCENARIOS) {
    test(`${g.item}) ${g.slug}`, { annotation: { type: 'teaches', description: g.outcome } }, async ({
      page,
    }) => {
      const plan = PLANS[g.slug];
      expect(plan, `scenarios.spec.ts has no user-visible check for ${g.slug}`).toBeDefined();
      const n = g.scenario.steps.length;
      const checks = plan?.(g) ?? [];
      expect(checks.length).toBeGreaterThan(0);
      for (const c of checks) expect(c.step, c.what).toBeGreaterThanOrEqual(0);
      for (const c of checks) expect(c.step, c.what).toBeLessThanOrEqual(n);

      const s = new ScenarioPage(page);
      await s.open(g.title, n);
      const runAt = async (k: number) => {
        for (const c of checks.filter((x) => x.step === k))
          await test.step(`step ${k}: ${c.what}`, () => c.run(s));
      };
      await runAt(0);
      for (let k = 1; k <= n; k++) {
        await s.nextCall();
        await expect(s.position).toHaveText(`Step ${k} of ${n}`);
        // The end, before the last checks, which may jump elsewhere (the kernel log).
        if (k === n) await expect(s.app.button('Next call')).toBeDisabled();
        await runAt(k);
      }
    });
  }
});
