// One-line meanings of the driver panel's choices (attributes, gfp flags, directions), written
// from the fact sheet (kernel-dma-facts.md §1.1-1.3, §2, §3): what the kernel does with each.
import type { DmaAttr, DmaDirection, GfpFlag } from '../../model';

export const ATTR_HELP: Readonly<Record<DmaAttr, string>> = {
  DMA_ATTR_WEAK_ORDERING:
    'The device may reorder its reads and writes to the buffer (PCIe relaxed ordering); no mainline arm64, ARM32, x86 or RISC-V path honours it.',
  DMA_ATTR_WRITE_COMBINE:
    'CPU writes may be buffered and merged: changes the remap/mmap protection only where dma_pgprot() honours it (ARM32); ignored for coherent devices, and on arm64 the coherent mapping is already Normal non-cacheable.',
  DMA_ATTR_NO_KERNEL_MAPPING:
    'No kernel virtual mapping: the return value is an opaque cookie (struct page *) for dma_mmap_attrs, dma_get_sgtable_attrs and dma_free_attrs only (pass the attribute to each); dma-direct skips the vmap and the zeroing. dma-iommu ignores it.',
  DMA_ATTR_SKIP_CPU_SYNC:
    'Skip CPU cache maintenance on map and unmap (the buffer is already in the device domain); use with care. Nothing to skip in a coherent allocation.',
  DMA_ATTR_FORCE_CONTIGUOUS:
    'The buffer must be physically contiguous, not only contiguous in IOVA space: matters behind an IOMMU (dma-iommu, ARM32 IOMMU ops); dma-direct is always contiguous.',
  DMA_ATTR_ALLOC_SINGLE_PAGES:
    'Hint: do not try hard to build the buffer from large chunks; dma-iommu then uses only the smallest IOMMU page size (ARM32 IOMMU ops start at order 0).',
  DMA_ATTR_NO_WARN: 'Suppress the allocation-failure report, like __GFP_NOWARN (dma-direct, swiotlb).',
  DMA_ATTR_PRIVILEGED:
    "Only the device's privileged (supervisor) accesses may reach the buffer: IOMMU_PRIV in the IOMMU mapping; no effect without an IOMMU.",
};

export const GFP_HELP: Readonly<Record<GfpFlag, string>> = {
  GFP_KERNEL: 'The caller may sleep: reclaim, CMA and a vmalloc remap are allowed.',
  GFP_ATOMIC:
    'The caller must not sleep (interrupt or spinlock): non-coherent memory comes from the atomic pool.',
  GFP_NOWAIT: 'Do not sleep and do not dip into reserves: treated like GFP_ATOMIC for the pool choice.',
  __GFP_NOWARN:
    'Do not print an allocation-failure warning; dma_alloc_coherent() turns it into DMA_ATTR_NO_WARN.',
  __GFP_ZERO: 'Zero the pages (dma-direct zeroes coherent memory anyway).',
  __GFP_DMA:
    'Zone flag: dma_alloc_attrs strips it (the implementation picks the zone from the mask); dma_alloc_pages refuses it.',
  __GFP_DMA32:
    'Zone flag: stripped by dma_alloc_attrs, refused by dma_alloc_pages; the DMA mask decides the zone.',
  __GFP_HIGHMEM: 'Zone flag: stripped by dma_alloc_attrs, refused by dma_alloc_pages.',
  __GFP_COMP: 'Compound page: dma_alloc_attrs WARNs and returns NULL.',
  __GFP_NORETRY: 'Fail fast instead of retrying reclaim.',
};

export const DIR_HELP: Readonly<Record<DmaDirection, string>> = {
  DMA_BIDIRECTIONAL: 'The device both reads and writes the buffer.',
  DMA_TO_DEVICE: 'The device only reads the buffer (CPU → device).',
  DMA_FROM_DEVICE: 'The device only writes the buffer (device → CPU).',
  DMA_NONE: 'No direction: only for debugging; mapping calls reject it.',
};
