// Kernel function reference: where each DMA-story function lives (Linux v6.12) and what it does.

export interface KernelFunctionInfo {
  readonly file: string;
  readonly summary: string;
}

export const KERNEL_VERSION = 'v6.12';

/** Summaries grouped by source file, flattened into KERNEL_FUNCTIONS below. */
const BY_FILE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'include/linux/dma-mapping.h': {
    dma_alloc_coherent: 'Allocates coherent memory; passes DMA_ATTR_NO_WARN if gfp has __GFP_NOWARN.',
    dma_free_coherent: 'Frees memory from dma_alloc_coherent (dma_free_attrs with no attributes).',
    dma_alloc_wc: 'Allocates coherent memory with DMA_ATTR_WRITE_COMBINE added.',
    dma_free_wc: 'Frees a write-combined buffer, passing DMA_ATTR_WRITE_COMBINE again.',
    dma_mmap_wc: 'Maps a write-combined buffer into user space via dma_mmap_attrs.',
    dma_mmap_coherent: 'Maps a coherent buffer into user space via dma_mmap_attrs with no attributes.',
    dma_alloc_noncoherent: 'Wrapper that returns page_address() of dma_alloc_pages(): cacheable memory.',
    dma_free_noncoherent: 'Wrapper that frees dma_alloc_noncoherent memory via dma_free_pages.',
    dma_map_single_attrs: 'Refuses vmalloc addresses, then maps virt_to_page(ptr) with dma_map_page_attrs.',
    dma_unmap_single_attrs: 'Unmaps a dma_map_single mapping (same path as dma_unmap_page_attrs).',
    dma_sync_single_for_cpu:
      'Gives a streaming buffer back to the CPU; skipped when the device needs no sync.',
    dma_sync_single_for_device: 'Hands a streaming buffer to the device; skipped when no sync is needed.',
    dma_sync_sg_for_cpu: 'Gives every segment of a mapped scatterlist back to the CPU.',
    dma_sync_sg_for_device: 'Hands every segment of a mapped scatterlist to the device.',
    dma_mapping_error: 'Returns -ENOMEM if a handle is DMA_MAPPING_ERROR and tells dma-debug it was checked.',
  },
  'kernel/dma/mapping.c': {
    __dma_map_sg_attrs: 'Common body of dma_map_sg_attrs: direct or IOMMU backend, then debug_dma_map_sg.',
    __dma_sync_single_for_cpu:
      'Out-of-line body of dma_sync_single_for_cpu: direct or IOMMU sync, then dma-debug.',
    __dma_sync_single_for_device:
      'Out-of-line body of dma_sync_single_for_device: direct or IOMMU sync, then dma-debug.',
    __dma_sync_sg_for_cpu: 'Out-of-line body of dma_sync_sg_for_cpu: syncs each segment, then dma-debug.',
    __dma_sync_sg_for_device:
      'Out-of-line body of dma_sync_sg_for_device: syncs each segment, then dma-debug.',
    dma_alloc_attrs: 'Entry point for coherent allocations: device pool, then direct, IOMMU or ops.',
    dma_free_attrs: 'Entry point for freeing coherent memory; must get the same size, handle and attrs.',
    dma_mmap_attrs: 'Maps a coherent buffer to user space through the direct, IOMMU or ops backend.',
    dma_get_sgtable_attrs: 'Describes a coherent buffer as an sg_table for sharing with other devices.',
    dma_alloc_pages: 'Allocates non-coherent, cacheable pages plus a DMA handle; the driver must sync.',
    dma_free_pages: 'Frees pages from dma_alloc_pages through the direct or IOMMU backend.',
    dma_pgprot: 'Chooses the page protection for DMA remaps and mmaps: unchanged if coherent, else NC.',
    dma_map_page_attrs: 'Maps page + offset for streaming DMA; the core of dma_map_single.',
    dma_unmap_page_attrs: 'Ends a streaming mapping: CPU sync, swiotlb copy-back, IOVA release.',
    dma_map_sg_attrs: 'Maps a scatterlist; returns the number of DMA segments (IOMMU may merge).',
    dma_unmap_sg_attrs: 'Unmaps a scatterlist; needs the original nents, not the returned count.',
    dma_map_resource: 'Maps an MMIO physical address (peer-to-peer); never cache-maintained or bounced.',
    dma_unmap_resource: 'Releases a dma_map_resource mapping.',
  },
  'kernel/dma/direct.c': {
    dma_direct_map_resource:
      'Maps an MMIO address for DMA: no cache maintenance, no bouncing; fails past the mask.',
    dma_direct_sync_sg_for_cpu:
      'Invalidates (non-coherent) and copies back from swiotlb each segment of a scatterlist.',
    dma_direct_sync_sg_for_device:
      'Copies into swiotlb and cleans (non-coherent) each segment of a scatterlist.',
    dma_direct_alloc: 'Coherent allocation without an IOMMU: cookie, arch hook, pool, remap or linear map.',
    dma_direct_alloc_no_mapping:
      'NO_KERNEL_MAPPING path: gets pages, cleans the linear alias, returns the page as a cookie.',
    dma_direct_free: 'Frees a dma_direct_alloc buffer: pool, cookie, vunmap, then CMA or buddy pages.',
    __dma_direct_alloc_pages:
      'Gets contiguous pages: restricted swiotlb, then CMA, then buddy with zone fallback.',
    __dma_direct_free_pages: 'Returns pages to a restricted swiotlb pool, CMA or the buddy allocator.',
    dma_direct_alloc_pages: 'Backs dma_alloc_pages: lowmem pages, zeroed, cacheable, with a handle.',
    dma_direct_free_pages: 'Frees dma_direct_alloc_pages memory (pool or pages).',
    dma_direct_mmap: 'Sets dma_pgprot, bounds-checks vm_pgoff (-ENXIO) and remap_pfn_range()s the pages.',
    dma_direct_get_sgtable: 'Builds a one-entry sg_table from the page behind the DMA handle.',
    dma_direct_optimal_gfp_mask: 'Picks GFP_DMA, GFP_DMA32 or no zone flag from the coherent mask.',
    dma_coherent_ok: 'Checks that a whole physical range is reachable under the coherent mask.',
    dma_direct_use_pool: 'True when the caller cannot block, so the atomic pool must be used.',
    dma_direct_alloc_from_pool: 'Takes memory from the pre-mapped atomic pool for non-blocking callers.',
    dma_direct_map_sg: 'Maps each scatterlist segment on its own with dma_direct_map_page; no merging.',
    dma_direct_unmap_sg: 'Unmaps each segment of a directly mapped scatterlist.',
  },
  'kernel/dma/direct.h': {
    dma_direct_map_page: 'Streaming map without IOMMU: bounce if unreachable or small kmalloc, else sync.',
    dma_direct_map_phys: 'Newer (v6.18+) physical-address form of dma_direct_map_page, with MMIO support.',
    dma_direct_unmap_page: 'Syncs for the CPU unless SKIP_CPU_SYNC, then releases any swiotlb slot.',
    dma_direct_sync_single_for_cpu: 'Invalidates caches (non-coherent), then copies back from swiotlb.',
    dma_direct_sync_single_for_device: 'Copies into swiotlb if bounced, then cleans caches (non-coherent).',
  },
  'kernel/dma/contiguous.c': {
    dma_alloc_from_contiguous:
      'Takes pages from the device CMA area or the default one with cma_alloc (ARM32 CMA path).',
    dma_release_from_contiguous: 'Gives pages back to their CMA area with cma_release.',
    dma_alloc_contiguous: 'Takes pages from the device or default CMA area; blocking callers only.',
    dma_free_contiguous: 'Returns pages to their CMA area, or to the buddy allocator if not from CMA.',
    dma_contiguous_reserve: 'Reserves the default CMA area at boot below the given physical limit.',
  },
  'mm/cma.c': {
    cma_alloc: 'Finds a free aligned run in a CMA bitmap and migrates movable pages out of it.',
    cma_release: 'Marks pages free again in the CMA bitmap and gives them back to the page allocator.',
    cma_declare_contiguous_nid: 'Places a CMA area at boot; on 32-bit it tries highmem first.',
  },
  'include/linux/gfp.h': {
    alloc_pages_node: 'Allocates 2^order contiguous pages, preferring a NUMA node.',
    alloc_pages: 'Allocates 2^order contiguous pages from the buddy allocator.',
  },
  'mm/page_alloc.c': {
    __rmqueue_smallest: 'Takes the smallest free block of at least the requested order and splits it down.',
    __alloc_pages: 'Core buddy allocator: takes a free block of the requested order from a zone.',
    __free_pages: 'Returns a 2^order block to the buddy allocator, merging with free buddies.',
    split_page: 'Turns one high-order block into independent order-0 pages.',
  },
  'arch/arm64/mm/dma-mapping.c': {
    arch_dma_prep_coherent: 'arm64: cleans the linear alias to PoC before the pages get an NC mapping.',
    arch_sync_dma_for_device: 'arm64: cleans the buffer to PoC before the device accesses it.',
    arch_sync_dma_for_cpu: 'arm64: invalidates the buffer (not for TO_DEVICE) after the device wrote it.',
  },
  'arch/arm64/mm/cache.S': {
    dcache_clean_poc: 'arm64: writes dirty cache lines of a range back to the Point of Coherency.',
    dcache_inval_poc: 'arm64: discards cache lines of a range so the CPU rereads memory.',
  },
  'kernel/dma/remap.c': {
    dma_common_contiguous_remap: 'Maps physically contiguous pages into vmalloc space with a DMA prot.',
    dma_common_pages_remap: 'Maps an array of scattered pages into vmalloc space and remembers the array.',
    dma_common_free_remap: 'Checks the area is VM_DMA_COHERENT and vunmaps it.',
    dma_common_find_pages: 'Recovers the page array behind a DMA remap (for mmap and free).',
  },
  'mm/vmalloc.c': {
    vmap_pages_range: 'Writes the kernel PTEs of a vmalloc range for an array of pages.',
    free_vmap_area: 'Returns a vmalloc address range (with its guard page) to the free tree.',
    vmalloc: 'Allocates virtually contiguous kernel memory from scattered pages.',
    vfree: 'Unmaps and frees a vmalloc allocation.',
    vmap: 'Maps pages into a new vmalloc area (size plus one guard page).',
    vunmap: 'Removes a vmap mapping; the address range is freed lazily.',
    alloc_vmap_area: 'Finds free vmalloc address space, lowest fitting address first.',
    find_vmap_lowest_match: 'Walks the free-area tree for the lowest free block that fits.',
  },
  'kernel/dma/pool.c': {
    dma_atomic_pool_init: 'Boot: creates kernel, DMA and DMA32 atomic pools (128 KiB per GiB of RAM).',
    atomic_pool_expand: 'Grows a pool: allocates pages, cleans them, vmaps them non-cacheable.',
    dma_alloc_from_pool: 'Non-blocking allocation from the first atomic pool whose memory fits the mask.',
    dma_free_from_pool: 'Returns memory to the atomic pool it came from; false if it is not pool memory.',
  },
  'include/linux/genalloc.h': {
    gen_pool_alloc: 'Allocates a range from a gen_pool (the atomic pools use order-aligned first fit).',
    gen_pool_free: 'Returns a range to its gen_pool.',
  },
  'lib/string.c': {
    memset: 'Fills memory; used to zero every new coherent buffer (except cookies).',
  },
  'mm/memory.c': {
    zap_page_range_single: 'Removes the user PTEs of a range of one VMA and flushes the TLB.',
    apply_to_page_range: 'Calls a function on every PTE of a kernel range (ARM32 __dma_remap uses it).',
    remap_pfn_range: 'Fills a user VMA with PTEs for a physical page range using a given prot.',
    vm_map_pages: 'Inserts an array of pages into a user VMA (used for scattered buffers).',
    vm_insert_page: 'Inserts one kernel page into a user VMA.',
  },
  'arch/arm/mm/dma-mapping.c': {
    __alloc_simple_buffer:
      'ARM32: buddy pages for a coherent device, used through the linear map (no remap).',
    __free_remap_buffer: 'ARM32: unmaps the vmalloc remap of a remap-allocator buffer.',
    __dma_free_buffer: 'ARM32: frees the pages of a DMA buffer one by one.',
    __iommu_alloc_simple: 'ARM32 IOMMU: atomic allocation from the coherent pool, mapped into the IOMMU.',
    __iommu_free_buffer: 'ARM32 IOMMU: frees the page array (CMA or buddy pages).',
    arm_iommu_map_page: 'ARM32 IOMMU ops: cache maintenance unless SKIP_CPU_SYNC, then maps one page range.',
    arm_iommu_map_sg: 'ARM32 IOMMU ops: maps a scatterlist in chunks of IOVA-contiguous segments.',
    __map_sg_chunk: 'ARM32 IOMMU: allocates IOVA for a chunk of segments and maps them back to back.',
    arm_iommu_map_resource: 'ARM32 IOMMU ops: maps an MMIO range into the IOMMU (no cache maintenance).',
    arm_iommu_unmap_resource: 'ARM32 IOMMU ops: unmaps an MMIO range from the IOMMU.',
    arm_iommu_sync_single_for_cpu:
      'ARM32 IOMMU ops: invalidates caches after the device wrote (non-coherent).',
    arm_iommu_sync_single_for_device:
      'ARM32 IOMMU ops: cleans caches before the device reads (non-coherent).',
    arm_iommu_sync_sg_for_cpu: 'ARM32 IOMMU ops: invalidates each segment for the CPU (non-coherent).',
    arm_iommu_sync_sg_for_device: 'ARM32 IOMMU ops: cleans each segment for the device (non-coherent).',
    arch_dma_alloc: 'ARM32 v6.0+: non-coherent coherent allocations go to __dma_alloc.',
    arch_dma_free: 'ARM32 v6.0+: frees via __arm_dma_free.',
    __dma_alloc: 'ARM32: picks the CMA, simple, remap or pool allocator and records the buffer.',
    __arm_dma_free: 'ARM32: finds the buffer record and calls its allocator free method.',
    __dma_alloc_buffer: 'ARM32: allocates pages, frees the unused tail, zeroes and flushes them.',
    __dma_clear_buffer: 'ARM32: zeroes a buffer and flushes inner and outer caches (kmap for highmem).',
    __dma_remap: 'ARM32: rewrites linear-map PTEs of CMA pages to a DMA prot and flushes the TLB.',
    __alloc_from_contiguous: 'ARM32: CMA pages; lowmem gets PTEs rewritten, highmem gets a vmap.',
    __free_from_contiguous: 'ARM32: restores PAGE_KERNEL or unmaps, then releases the CMA pages.',
    __alloc_remap_buffer: 'ARM32: buddy pages plus a non-cacheable vmalloc alias.',
    __alloc_from_pool: 'ARM32: takes memory from the 256 KiB atomic coherent pool.',
    __free_from_pool: 'ARM32: returns memory to the atomic coherent pool.',
    atomic_pool_init: 'ARM32: builds the atomic coherent pool at boot (CMA or remap allocator).',
    dma_contiguous_remap: 'ARM32 boot: re-maps lowmem CMA areas with pages instead of sections.',
    arm_dma_mmap: 'ARM32 (≤v5.19 arm_dma_ops): maps a buffer to user space with the DMA prot.',
    arm_dma_map_page: 'ARM32 (≤v5.19): cache maintenance unless SKIP_CPU_SYNC, handle = bus address.',
    arm_dma_unmap_page: 'ARM32 (≤v5.19): invalidates caches for the CPU unless SKIP_CPU_SYNC.',
    __dma_page_cpu_to_dev: 'ARM32: cleans or invalidates inner and outer caches before DMA.',
    __dma_page_dev_to_cpu: 'ARM32: invalidates caches after DMA, except for TO_DEVICE.',
    arm_iommu_alloc_attrs: 'ARM32 IOMMU ops: allocates pages, maps them into the IOMMU, maybe vmaps them.',
    arm_iommu_free_attrs: 'ARM32 IOMMU ops: unmaps from the IOMMU and the kernel, then frees the pages.',
    __iommu_alloc_buffer: 'ARM32 IOMMU: allocates chunks of 2 MiB, 1 MiB, 64 KiB or 4 KiB.',
    __iommu_create_mapping: 'ARM32 IOMMU: allocates IOVA and maps physically contiguous runs.',
    __iommu_remove_mapping: 'ARM32 IOMMU: unmaps a range from the IOMMU and frees its IOVA.',
    __alloc_iova: 'ARM32 IOMMU: bitmap IOVA allocator with a configurable alignment cap.',
    __free_iova: 'ARM32 IOMMU: clears the IOVA bits of a mapping.',
    arm_iommu_mmap_attrs: 'ARM32 IOMMU: maps the page array to user space with vm_map_pages.',
  },
  'drivers/iommu/dma-iommu.c': {
    __iommu_dma_free_pages: 'Frees a page array allocated by __iommu_dma_alloc_pages.',
    iommu_dma_map_sg_swiotlb: 'Maps each segment of an untrusted device on its own, bouncing as needed.',
    iommu_dma_sync_single_for_cpu: 'Invalidates caches (non-coherent) and copies back a bounce buffer.',
    iommu_dma_sync_single_for_device: 'Copies into a bounce buffer and cleans caches (non-coherent).',
    iommu_dma_sync_sg_for_cpu: 'Syncs each segment of a mapped scatterlist for the CPU.',
    iommu_dma_sync_sg_for_device: 'Syncs each segment of a mapped scatterlist for the device.',
    iommu_dma_map_resource: 'Maps an MMIO range into the IOMMU with IOMMU_MMIO (no cache maintenance).',
    iommu_dma_unmap_resource: 'Unmaps an MMIO range from the IOMMU.',
    iommu_dma_alloc: 'IOMMU coherent allocation: scattered pages if blocking, else pool or contiguous.',
    iommu_dma_free: 'Unmaps the IOVA range, then frees the pool, remapped or contiguous memory.',
    iommu_dma_alloc_remap: 'Allocates scattered pages mapped contiguously in IOVA, then vmaps them.',
    __iommu_dma_alloc_noncontiguous:
      'Gets pages, allocates one IOVA range, cleans caches and maps the sg_table.',
    __iommu_dma_alloc_pages: 'Fills a page array with the largest allowed chunks, dropping failed orders.',
    iommu_dma_alloc_pages: 'Contiguous pages (CMA or buddy), remapped if non-coherent or highmem.',
    iommu_dma_alloc_iova: 'Allocates IOVA space below the DMA limit, trying a 32-bit address first for PCI.',
    iommu_dma_free_iova: 'Frees IOVA space, or queues it until the IOTLB flush in lazy mode.',
    __iommu_dma_map: 'Allocates IOVA for a physical range and maps it into the IOMMU page table.',
    __iommu_dma_unmap: 'Unmaps an IOVA range, flushes or queues the IOTLB, frees the IOVA.',
    iommu_dma_mmap: 'Maps an IOMMU buffer to user space: page array or contiguous pfns.',
    iommu_dma_get_sgtable: 'Builds an sg_table from the page array or the contiguous pages.',
    dma_info_to_prot: 'Turns direction, coherence and attrs into IOMMU_READ/WRITE/CACHE/PRIV bits.',
    iommu_dma_map_page: 'Streaming map through the IOMMU, bouncing unaligned buffers for untrusted devices.',
    iommu_dma_unmap_page: 'Syncs for the CPU, unmaps the IOVA and releases any bounce slot.',
    iommu_dma_map_sg: 'Maps a whole scatterlist into one IOVA range; segments may merge.',
    iommu_dma_unmap_sg: 'Syncs and unmaps the single IOVA range of a mapped scatterlist.',
    __finalise_sg: 'Merges segments that ended up contiguous in IOVA into fewer DMA segments.',
  },
  'drivers/iommu/iova.c': {
    alloc_iova_fast: 'Gets IOVA from the per-CPU cache (sizes under 32 granules rounded to 2^n).',
    free_iova_fast: 'Puts IOVA back into the per-CPU cache, or frees it in the tree.',
    alloc_iova: 'Allocates IOVA from the rbtree, top-down, size-aligned when asked.',
    __alloc_and_insert_iova_range: 'Walks down from the limit to the first aligned gap that fits.',
  },
  'drivers/iommu/iommu.c': {
    report_iommu_fault: 'Reports a blocked device access (IOVA, read or write) to the domain fault handler.',
    iommu_map: 'Writes IOMMU page-table entries mapping an IOVA range to physical memory.',
    iommu_map_sg: 'Maps a scatterlist at consecutive IOVAs in an IOMMU domain.',
    iommu_unmap: 'Removes IOMMU page-table entries for an IOVA range and flushes the IOTLB.',
  },
  'kernel/dma/ops_helpers.c': {
    dma_common_alloc_pages: 'dma_alloc_pages for IOMMU devices: contiguous pages mapped in the IOMMU.',
    dma_common_free_pages: 'Unmaps and frees pages from dma_common_alloc_pages.',
  },
  'include/linux/scatterlist.h': {
    sg_alloc_table_from_pages: 'Builds an sg_table from a page array, merging physically adjacent pages.',
  },
  'kernel/dma/swiotlb.c': {
    swiotlb_find_slots: 'Searches the bounce pool for a free run of 2 KiB slots that fits and is aligned.',
    swiotlb_map: 'Bounces a streaming buffer through swiotlb and returns the bounce DMA address.',
    swiotlb_tbl_map_single: 'Reserves bounce slots (never crossing a 128-slot segment) and copies in.',
    __swiotlb_tbl_unmap_single: 'Copies back for FROM_DEVICE/BIDIR unless SKIP_CPU_SYNC, then frees slots.',
    swiotlb_bounce: 'Copies between the original buffer and its bounce slots.',
    swiotlb_release_slots: 'Marks bounce slots free again and updates the free-run counts.',
  },
  'include/linux/swiotlb.h': {
    swiotlb_tbl_unmap_single: 'Releases a bounce buffer if the address is a swiotlb one.',
    swiotlb_sync_single_for_cpu: 'Copies bounce data back to the original buffer (not for TO_DEVICE).',
    swiotlb_sync_single_for_device:
      'Copies the original buffer into the bounce buffer (not for FROM_DEVICE).',
  },
  'include/linux/dma-map-ops.h': {
    dma_kmalloc_needs_bounce: 'True for small, cache-unaligned kmalloc buffers on non-coherent devices.',
  },
  'include/linux/slab.h': {
    kmalloc: 'Allocates small objects from slab caches; on arm64 they may be smaller than a cache line.',
  },
  'mm/slub.c': {
    slab_alloc_node: 'SLUB fast path: takes an object from the per-CPU slab of a kmalloc cache.',
    slab_free: 'SLUB: puts an object back on its slab free list.',
    allocate_slab: 'SLUB: gets pages from the buddy allocator for a new slab.',
    discard_slab: 'SLUB: returns the pages of an empty slab to the buddy allocator.',
    kmalloc_large: 'kmalloc above the largest slab size: pages straight from the buddy allocator.',
    kfree: 'Frees a kmalloc object.',
  },
  'kernel/dma/debug.c': {
    debug_dma_map_sg: 'dma-debug: records each segment of a mapped scatterlist.',
    debug_dma_unmap_sg: 'dma-debug: checks each segment of a scatterlist unmap.',
    debug_dma_map_resource: 'dma-debug: records an MMIO (resource) mapping.',
    debug_dma_unmap_resource: 'dma-debug: checks a resource unmap against the recorded mapping.',
    debug_dma_mapping_error: 'dma-debug: marks a mapping as checked with dma_mapping_error().',
    debug_dma_sync_single_for_cpu: 'dma-debug: checks a sync for the CPU against the mapping (check_sync).',
    debug_dma_sync_single_for_device:
      'dma-debug: checks a sync for the device against the mapping (check_sync).',
    debug_dma_sync_sg_for_cpu: 'dma-debug: checks each segment of an sg sync for the CPU.',
    debug_dma_sync_sg_for_device: 'dma-debug: checks each segment of an sg sync for the device.',
    check_for_stack: 'dma-debug: warns when a driver maps stack memory (or a vmapped stack) for DMA.',
    debug_dma_map_page: 'dma-debug: records a streaming mapping and checks for stack/vmalloc memory.',
    debug_dma_unmap_page: 'dma-debug: checks an unmap against the recorded mapping.',
    debug_dma_alloc_coherent: 'dma-debug: records a coherent allocation.',
    debug_dma_free_coherent: 'dma-debug: checks a coherent free against the recorded allocation.',
    check_unmap: 'dma-debug: compares size, type, direction, CPU address and sg count at unmap.',
    check_sync: 'dma-debug: checks that a sync stays inside a mapping and matches its direction.',
    err_printk: 'dma-debug: prints one "DMA-API:" warning and counts every error.',
    dma_debug_device_change: 'dma-debug: reports mappings still held when a driver unbinds.',
    add_dma_entry: 'dma-debug: inserts an entry in the hash and tracks overlapping cache lines.',
  },
  'mm/util.c': {
    arch_pick_mmap_layout: 'Chooses top-down mmap and sets mmap_base for a new process.',
    mmap_base: 'Top of the mmap area: STACK_TOP minus the stack gap (at least 128 MiB).',
  },
  'mm/mmap.c': {
    mmap_region: 'Creates a VMA for an mmap() call and calls the driver mmap method.',
    munmap: 'The munmap() system call: removes the user mappings of a range.',
  },
  'mm/vma.c': {
    do_vmi_munmap: 'Finds and removes the VMAs of an munmap() range.',
  },
  'arch/arm/include/asm/cacheflush.h': {
    dmac_flush_range: 'ARM32: cleans and invalidates the inner cache for a kernel virtual range.',
  },
  'arch/arm/include/asm/tlbflush.h': {
    flush_tlb_kernel_range: 'Drops stale TLB entries of a kernel virtual range after its PTEs changed.',
  },
  'drivers/base/dd.c': {
    device_release_driver: 'Unbinds a driver from its device; dma-debug then checks for leaked mappings.',
  },
  'kernel/fork.c': {
    alloc_thread_stack_node: "Allocates a task's kernel stack (vmapped with CONFIG_VMAP_STACK).",
  },
};

function flatten(): Record<string, KernelFunctionInfo> {
  const out: Record<string, KernelFunctionInfo> = {};
  for (const [file, fns] of Object.entries(BY_FILE)) {
    for (const [fn, summary] of Object.entries(fns)) out[fn] = { file, summary };
  }
  return out;
}

export const KERNEL_FUNCTIONS: Readonly<Record<string, KernelFunctionInfo>> = flatten();

/** Elixir identifier search for a function (finds every definition and use). */
export function kernelSourceUrl(fn: string): string {
  return `https://elixir.bootlin.com/linux/${KERNEL_VERSION}/C/ident/${fn}`;
}

/** Elixir view of a file in the kernel tree. */
export function kernelFileUrl(file: string): string {
  return `https://elixir.bootlin.com/linux/${KERNEL_VERSION}/source/${file}`;
}
