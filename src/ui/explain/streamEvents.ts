// Plain words for model II's events (streaming DMA, swiotlb bouncing, cache lines with data,
// dma-debug), written from kernel-dma-facts.md §4-§6 and kernel/dma/{mapping,direct,swiotlb,debug}.c.
import type { ModelEvent } from '../../model';
import { formatSize } from '../../model';

type Said = { headline: string; body: string };

const WHO = { cpu: 'The CPU', device: 'The device' } as const;

/** The sync a stale read was missing, in the words of the kernel API. */
export function missingSyncOf(by: 'cpu' | 'device'): string {
  return by === 'cpu'
    ? 'dma_sync_single_for_cpu() (or the unmap) after the device wrote, so the CPU caches were not invalidated'
    : 'dma_sync_single_for_device() (or mapping after the CPU wrote), so dirty CPU cache lines were not cleaned to memory';
}

/** Explanation of a model II event, or null when `e` is not one. */
export function describeStreamEvent(e: ModelEvent): Said | null {
  switch (e.type) {
    case 'slabObjectAllocated':
      return {
        headline: `kmalloc: ${formatSize(e.size)} object from ${e.cache} at ${e.phys}`,
        body: `A small buffer for ${e.owner} comes from a slab cache, so it can share a cache line with other objects: the reason dma_kmalloc_needs_bounce() may bounce it on a non-coherent device.`,
      };
    case 'slabObjectFreed':
      return {
        headline: `kfree: ${formatSize(e.size)} object of ${e.cache} at ${e.phys}`,
        body: `The slab object of ${e.owner} goes back to its cache; freeing it while still mapped for DMA is a bug dma-debug cannot see.`,
      };
    case 'swiotlbSlotsReserved':
      return {
        headline: `${e.slots} swiotlb slot${e.slots === 1 ? '' : 's'} reserved at ${e.phys} (slot ${e.slot})`,
        body: `swiotlb_find_slots() takes 2 KiB slots from the bounce pool (never across a 128-slot segment) for ${e.owner}: the device cannot reach the original buffer, so it will see this copy instead.`,
      };
    case 'swiotlbSlotsReleased':
      return {
        headline: `${e.slots} swiotlb slot${e.slots === 1 ? '' : 's'} released at ${e.phys}`,
        body: `swiotlb_release_slots() marks the bounce slots of ${e.owner} free again; whatever was not copied back before this is lost.`,
      };
    case 'bounceCopied':
      return e.dir === 'DMA_TO_DEVICE'
        ? {
            headline: `Bounce copy: ${formatSize(e.bytes)} from ${e.orig} into the swiotlb slot at ${e.bounce}`,
            body: 'swiotlb_bounce() copies the driver data into the bounce buffer before the device reads it (at map, or at dma_sync_single_for_device).',
          }
        : {
            headline: `Bounce copy: ${formatSize(e.bytes)} from the swiotlb slot at ${e.bounce} back to ${e.orig}`,
            body: 'swiotlb_bounce() copies what the device wrote back into the driver buffer (at dma_sync_single_for_cpu, or at unmap unless DMA_ATTR_SKIP_CPU_SYNC).',
          };
    case 'streamingMapped':
      return {
        headline: `${e.mapping} mapped for ${e.dev}: ${formatSize(e.size)} at DMA address ${e.dma} (${e.dir})`,
        body: `The buffer now belongs to the device until it is synced for the CPU or unmapped.${e.bounced ? ' The device sees a swiotlb bounce buffer, not the original pages.' : ''} A CPU write from here on may not reach the device.`,
      };
    case 'streamingUnmapped':
      return {
        headline: `${e.mapping} unmapped from ${e.dev} (${e.dir})`,
        body: `Ownership returns to the CPU: caches are invalidated for a non-coherent device${e.bounced ? ' and the bounce buffer is copied back and released' : ''}, unless DMA_ATTR_SKIP_CPU_SYNC was passed.`,
      };
    case 'memoryWritten':
      return {
        headline: `${WHO[e.by]} writes ${e.value} to ${formatSize(e.bytes)} at ${e.phys}`,
        body:
          e.by === 'cpu'
            ? e.memtype === 'cached'
              ? 'A cacheable store: the value sits in dirty CPU cache lines until they are cleaned; a non-coherent device reading memory before that sees the old value.'
              : 'A store through a non-cacheable mapping goes straight to memory (possibly merged in a write buffer).'
            : 'The device writes memory directly; a non-coherent device leaves any CPU cache lines of the buffer untouched, so they now hold an old copy.',
      };
    case 'memoryRead':
      return e.stale
        ? {
            headline: `⚠ Stale: ${WHO[e.by].toLowerCase()} read ${e.value} at ${e.phys}, not the value last written`,
            body: `The data differs from the last write. The missing step: ${missingSyncOf(e.by)}.`,
          }
        : {
            headline: `${WHO[e.by]} reads ${e.value} from ${formatSize(e.bytes)} at ${e.phys}`,
            body: 'The value matches the last one written: ownership was handed over with the right sync.',
          };
    case 'cacheLinesChanged': {
      const what: Record<string, string> = {
        clean: 'Clean: dirty lines are written back to memory and stay valid.',
        invalidate: 'Invalidate: the lines are dropped, so the next CPU read fetches memory.',
        flush: 'Flush: clean then invalidate.',
        speculativeLoad:
          'A speculative load: the CPU may fetch cacheable lines at any time, even while the device owns the buffer; an old value is now cached again.',
        evict: 'Eviction: the cache made room; dirty lines are written back on their own.',
      };
      const lost = e.discardedDirty
        ? ` ${e.discardedDirty} dirty line(s) were discarded: their data is lost.`
        : '';
      return {
        headline: `${e.lines} cache line${e.lines === 1 ? '' : 's'} at ${e.phys}: ${e.op} (written back ${e.wroteBack}, dropped ${e.discarded}, filled ${e.filled})`,
        body: `${what[e.op] ?? e.op}${lost}`,
      };
    }
    case 'iommuFault':
      return {
        headline: `IOMMU fault: ${e.dev} ${e.access} at IOVA ${e.iova} blocked`,
        body: `The IOMMU mapping allows ${e.prot.join(' | ') || 'no access'}; dma_info_to_prot() derives these bits from the DMA direction, so a device access against the direction faults.`,
      };
    case 'dmaDebugError':
      return {
        headline: 'dma-debug reports a driver error',
        body: `${e.message} (CONFIG_DMA_API_DEBUG checks every map, sync, unmap and free against what was recorded.)`,
      };
    default:
      return null;
  }
}
