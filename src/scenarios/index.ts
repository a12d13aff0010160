// The guided scenarios (issue 6): each file is a dmaviz-scenario/1 document that also runs with
// `npm run sim -- FILE`. This list is what the start-page gallery and the e2e tests walk; the
// one-line `outcome` is the teaching point that scenarios.test.ts checks in numbers.
import type { Scenario } from '../model';
import oneAllocator from './2011-one-allocator.json';
import alsaWcRing from './alsa-wc-ring.json';
import arm32VmallocExhaustion from './arm32-vmalloc-exhaustion.json';
import dmaDebugMistakes from './dma-debug-mistakes.json';
import iommuStitching from './iommu-stitching.json';
import noncoherentOwnership from './noncoherent-ownership.json';
import streamingNoncoherent from './streaming-noncoherent.json';
import swiotlb32bit from './swiotlb-32bit.json';
import twoAliases from './two-aliases.json';
import twoAliasesCma from './two-aliases-cma.json';
import v4l2NoKernelMapping from './v4l2-no-kernel-mapping.json';

export interface GuidedScenario {
  /** File name without .json; also the e2e route and the golden report's name. */
  readonly slug: string;
  /** Letter of issue 6 item 1 that the scenario answers. */
  readonly item: string;
  readonly title: string;
  readonly summary: string;
  /** What the scenario teaches, in one line, as the e2e test and the gallery state it. */
  readonly outcome: string;
  readonly scenario: Scenario;
}

function entry(slug: string, item: string, outcome: string, data: unknown): GuidedScenario {
  const scenario = data as Scenario;
  return { slug, item, title: scenario.title, summary: scenario.summary ?? '', outcome, scenario };
}

export const SCENARIOS: readonly GuidedScenario[] = [
  entry(
    '2011-one-allocator',
    'a',
    'One dma_alloc_attrs call: cached linear memory for the coherent device, a 17-page non-cacheable vmalloc alias for the non-coherent one; write-combine changes nothing on arm64.',
    oneAllocator,
  ),
  entry(
    'v4l2-no-kernel-mapping',
    'b',
    'The DMA_ATTR_NO_KERNEL_MAPPING frame costs no vmalloc space (the default one costs 1014 pages) and is still mapped into the application.',
    v4l2NoKernelMapping,
  ),
  entry(
    'arm32-vmalloc-exhaustion',
    'c',
    'Seven kernel-mapped 4K frame buffers fill the 240 MiB vmalloc area and the eighth fails; with DMA_ATTR_NO_KERNEL_MAPPING it succeeds and vmalloc use does not move.',
    arm32VmallocExhaustion,
  ),
  entry(
    'iommu-stitching',
    'd',
    'Behind an IOMMU a 4 MiB buffer of hundreds of scattered pieces is one IOVA range; FORCE_CONTIGUOUS makes it one CMA block, ALLOC_SINGLE_PAGES 4 KiB pages only.',
    iommuStitching,
  ),
  entry(
    'alsa-wc-ring',
    'e',
    'The ring buffer is write-combine memory both in the kernel and in the player, so samples reach a non-snooping device without cache maintenance.',
    alsaWcRing,
  ),
  entry(
    'two-aliases',
    'f',
    "ARM's remap allocator leaves a cacheable linear alias beside the non-cacheable vmalloc alias of the same pages.",
    twoAliases,
  ),
  entry(
    'two-aliases-cma',
    'f',
    "ARM's CMA allocator rewrites the pages' linear-map entries instead: one non-cacheable mapping, no vmalloc space, PAGE_KERNEL restored at free.",
    twoAliasesCma,
  ),
  entry(
    'streaming-noncoherent',
    'g',
    'With the right syncs every read is fresh; writing after dma_map_single makes the device read stale data, and a read without dma_sync_single_for_cpu returns the stale cached line.',
    streamingNoncoherent,
  ),
  entry(
    'swiotlb-32bit',
    'h',
    'A buffer above 4 GiB is bounced through swiotlb for a 32-bit device; unmapping with DMA_ATTR_SKIP_CPU_SYNC skips the copy back and the device data is lost.',
    swiotlb32bit,
  ),
  entry(
    'noncoherent-ownership',
    'i',
    'dma_alloc_noncoherent memory is cached: the device misses the command until dma_sync_single_for_device, and the CPU reads its own stale line until dma_sync_single_for_cpu.',
    noncoherentOwnership,
  ),
  entry(
    'dma-debug-mistakes',
    'j',
    'dma-debug reports a double free, an unmap with the wrong direction, an unchecked mapping error and a mapping leaked at driver unbind, each in its own words.',
    dmaDebugMistakes,
  ),
];

export function scenarioBySlug(slug: string): GuidedScenario | undefined {
  return SCENARIOS.find((s) => s.slug === slug);
}
