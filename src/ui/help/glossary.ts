// The terms a first-time user meets on the stage, in plain words, each with where the kernel
// documents it. Written from /work/shared/reference/kernel-dma-facts.md (section numbers in the
// comments); the links go to docs.kernel.org.

export interface GlossaryEntry {
  readonly term: string;
  /** Other spellings searched too. */
  readonly aka?: readonly string[];
  readonly text: string;
  readonly links: ReadonlyArray<{ readonly title: string; readonly url: string }>;
}

const DOC = 'https://docs.kernel.org';
const API = { title: 'DMA API (dma-api)', url: `${DOC}/core-api/dma-api.html` };
const HOWTO = { title: 'DMA API HOWTO', url: `${DOC}/core-api/dma-api-howto.html` };
const ATTRS = { title: 'DMA attributes', url: `${DOC}/core-api/dma-attributes.html` };

export const GLOSSARY: readonly GlossaryEntry[] = [
  {
    term: 'Coherent device',
    aka: ['coherent', 'non-coherent', 'dma-coherent'],
    // facts §0.2
    text: 'A device that snoops the CPU caches, so CPU and device always see the same data. For a non-coherent device the kernel must clean or invalidate cache lines itself, or give the CPU an uncached mapping. On x86 every device counts as coherent.',
    links: [HOWTO, API],
  },
  {
    term: 'Coherent allocation',
    aka: ['dma_alloc_coherent', 'dma_alloc_attrs', 'consistent'],
    // facts §2.1, §10.1
    text: 'Memory from dma_alloc_attrs() (dma_alloc_coherent() is the same call with no attributes) that CPU and device can use at the same time without any sync calls. On a non-coherent device the kernel makes this true by mapping the pages uncached or write-combined for the CPU.',
    links: [API, HOWTO],
  },
  {
    term: 'Streaming mapping',
    aka: ['dma_map_single', 'dma_map_sg', 'sync', 'ownership'],
    // facts §2.3, §2.4
    text: 'An existing buffer handed to the device for one transfer with dma_map_*() and taken back with dma_unmap_*(). Between the two the device owns it; the dma_sync_*_for_cpu() / _for_device() calls pass ownership back and forth and do the cache maintenance a non-coherent device needs.',
    links: [API, HOWTO],
  },
  {
    term: 'Linear map',
    aka: ['direct map', 'lowmem', 'linear alias'],
    // facts §0.2, §12
    text: 'The kernel’s permanent, cacheable mapping of (low) RAM: every such page already has this kernel address. A second, uncached mapping of the same page creates an alias with a different memory type, which the kernel must keep harmless.',
    links: [{ title: 'Memory layout on arm64', url: `${DOC}/arch/arm64/memory.html` }, HOWTO],
  },
  {
    term: 'vmalloc area',
    aka: ['vmalloc', 'remap', 'vmap'],
    // facts §3.4, §10.2
    text: 'A range of kernel virtual addresses where scattered or specially mapped pages are given a contiguous address with vmap(). A DMA remap of N pages takes N+1 pages of it (one guard page). On 32-bit ARM it is small (240 MiB by default) and can run out.',
    links: [{ title: 'Memory layout on ARM (arch/arm/memory)', url: `${DOC}/arch/arm/memory.html` }],
  },
  {
    term: 'Buddy allocator',
    aka: ['buddy', 'alloc_pages', 'order'],
    // facts §3.1
    text: 'The kernel’s page allocator: free memory is kept in blocks of 2^order pages (order 0 to 10); a block is split to serve a smaller request and merged with its free “buddy” when both halves are free. Zones (DMA, DMA32, Normal, HighMem) are tried from the highest the request allows down.',
    links: [{ title: 'Physical page allocation', url: `${DOC}/mm/page_allocation.html` }],
  },
  {
    term: 'CMA',
    aka: ['contiguous memory allocator', 'dma_alloc_contiguous'],
    // facts §3.2, §7.3
    text: 'The Contiguous Memory Allocator: a region reserved at boot that ordinary movable pages may use until a driver needs a large physically contiguous buffer, when they are moved away. Only for callers that may sleep. On 32-bit ARM its linear-map entries can be rewritten to the DMA memory type, so only one mapping exists.',
    links: [
      API,
      {
        title: 'kernel/dma/contiguous.c',
        url: 'https://elixir.bootlin.com/linux/v6.12/source/kernel/dma/contiguous.c',
      },
    ],
  },
  {
    term: 'Atomic pool',
    aka: ['atomic_pool', 'GFP_ATOMIC', 'coherent_pool'],
    // facts §3.3
    text: 'Memory set aside and already mapped for DMA, so that a non-coherent device can get a coherent buffer from a context that must not sleep (GFP_ATOMIC), where building a new mapping is not allowed. Its default size is 128 KiB per GiB of RAM; pool memory never honours write-combine.',
    links: [API],
  },
  {
    term: 'IOMMU',
    aka: ['iommu', 'dma-iommu'],
    // facts §8
    text: 'A translation unit between a device and memory, with its own page tables: the device uses I/O virtual addresses (IOVAs) that the IOMMU translates to physical pages. It lets scattered pages look contiguous to the device and limits what the device can reach.',
    links: [
      HOWTO,
      {
        title: 'drivers/iommu/dma-iommu.c',
        url: 'https://elixir.bootlin.com/linux/v6.12/source/drivers/iommu/dma-iommu.c',
      },
    ],
  },
  {
    term: 'IOVA',
    aka: ['I/O virtual address', 'iova'],
    // facts §8.2
    text: 'An address in a device’s IOMMU address space. dma-iommu takes IOVA ranges top-down from the device’s DMA limit, rounding small ones up to a power of two, and the DMA handle the driver gets is an IOVA.',
    links: [HOWTO],
  },
  {
    term: 'DMA address (handle)',
    aka: ['dma_addr_t', 'dma handle', 'bus address'],
    text: 'The address the device uses to reach the buffer (dma_addr_t). Without an IOMMU it is the physical address (possibly offset by the bus); behind an IOMMU it is an IOVA. It is not a CPU address.',
    links: [HOWTO],
  },
  {
    term: 'DMA mask',
    aka: ['dma_mask', 'dmaMaskBits', 'dma_set_mask'],
    // facts §2.7
    text: 'How many address bits the device can drive. A 32-bit device cannot reach memory above 4 GiB directly: the kernel allocates from a low zone, or bounces streaming buffers through swiotlb.',
    links: [HOWTO],
  },
  {
    term: 'swiotlb',
    aka: ['bounce buffer', 'software IO TLB'],
    // facts §9
    text: 'A pool of low memory (64 MiB by default, in 2 KiB slots) used as bounce buffers: when a device cannot reach a buffer, a streaming map copies the data into a slot it can reach, and the unmap or sync copies it back. Coherent allocations are never bounced.',
    links: [{ title: 'DMA and swiotlb', url: `${DOC}/core-api/swiotlb.html` }],
  },
  {
    term: 'Bounce buffer',
    aka: ['bounce', 'bouncing'],
    // facts §9.3
    text: 'A temporary copy of a buffer in memory the device can reach. The copies happen on map (to the device) and on unmap or sync (back to the CPU); skipping the sync with DMA_ATTR_SKIP_CPU_SYNC on unmap loses what the device wrote.',
    links: [{ title: 'DMA and swiotlb', url: `${DOC}/core-api/swiotlb.html` }, ATTRS],
  },
  {
    term: 'pgprot',
    aka: ['page protection', 'pgprot_dmacoherent', 'pgprot_writecombine'],
    // facts §11
    text: 'The protection bits of a page-table entry, including the memory type: cached, write-combine (normal non-cacheable) or uncached/device. dma_pgprot() chooses the one a DMA mapping gets; each mapping on the stage shows its pgprot.',
    links: [API],
  },
  {
    term: 'Memory type: cached',
    aka: ['write-back', 'cacheable'],
    text: 'Ordinary memory: reads and writes go through the CPU caches. Fast for the CPU, but a non-coherent device does not see data still in the cache.',
    links: [HOWTO],
  },
  {
    term: 'Write-combine',
    aka: ['DMA_ATTR_WRITE_COMBINE', 'dma_alloc_wc', 'WC', 'normal non-cacheable'],
    // facts §1.1, §11
    text: 'A mapping that bypasses the cache but lets the CPU buffer and merge its writes before they reach memory: good for buffers the CPU fills sequentially and the device reads (frame buffers, audio rings). On arm64 the ordinary DMA mapping is already of this kind.',
    links: [ATTRS, API],
  },
  {
    term: 'Uncached',
    aka: ['strongly ordered', 'device memory', 'pgprot_noncached'],
    text: 'Every CPU access goes straight to memory, one by one, in order. Safe but slow; the kernel avoids it for normal DMA memory on ARMv7 and later.',
    links: [API],
  },
  {
    term: 'Cache line',
    aka: ['cacheline', 'ARCH_DMA_MINALIGN'],
    text: 'The unit the CPU cache works in (typically 64 bytes). Cache maintenance acts on whole lines, so a DMA buffer that shares a line with other data can be corrupted by it.',
    links: [HOWTO],
  },
  {
    term: 'Clean / invalidate',
    aka: ['clean', 'invalidate', 'flush', 'cache maintenance', 'writeback'],
    // facts §6.1, §6.4
    text: 'Clean writes dirty cache lines back to memory (before the device reads); invalidate throws lines away (so the CPU re-reads what the device wrote); flush does both. For a non-coherent device the map, unmap and sync calls do these according to the direction.',
    links: [API],
  },
  {
    term: 'Cookie',
    aka: ['DMA_ATTR_NO_KERNEL_MAPPING', 'no kernel mapping'],
    // facts §1.1
    text: 'With DMA_ATTR_NO_KERNEL_MAPPING the kernel may skip the kernel mapping; dma_alloc_attrs() then returns an opaque cookie, not an address the CPU may use. It is only passed back to dma_mmap_attrs(), dma_get_sgtable_attrs() and dma_free_attrs(), with the same attribute. It saves vmalloc space.',
    links: [ATTRS],
  },
  {
    term: 'DMA attributes',
    aka: ['DMA_ATTR', 'attrs'],
    // facts §1
    text: 'Bits passed in the last argument of the *_attrs calls to ask for something special: write-combine, no kernel mapping, force contiguous, single pages, skip CPU sync, no warn, privileged, weak ordering. An architecture that has nothing to do for one ignores it.',
    links: [ATTRS],
  },
  {
    term: 'dma-debug',
    aka: ['CONFIG_DMA_API_DEBUG', 'DMA-API'],
    // facts §14
    text: 'A kernel option that records every mapping and allocation and reports driver mistakes (“DMA-API: …”): freeing twice, the wrong direction or size, a mapping error never checked, a buffer still mapped when the driver unbinds.',
    links: [API],
  },
  {
    term: 'dma_mmap_attrs',
    aka: ['mmap', 'dma_mmap_wc', 'user mapping', 'VMA'],
    // facts §2.6
    text: 'Maps a coherent buffer into a process’s address space (a VMA), with the memory type dma_pgprot() picks, so userspace sees the same memory as the device.',
    links: [API],
  },
];

/** Entries whose term, other names or text contain the query (case-insensitive), named ones first. */
export function searchGlossary(query: string): GlossaryEntry[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...GLOSSARY];
  const named = (e: GlossaryEntry) => [e.term, ...(e.aka ?? [])].some((t) => t.toLowerCase().includes(q));
  // Entries named by the query first, then those that only mention it.
  return [
    ...GLOSSARY.filter(named),
    ...GLOSSARY.filter((e) => !named(e) && e.text.toLowerCase().includes(q)),
  ];
}
