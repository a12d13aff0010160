// The driver panel's vocabulary: for every operation the model may know, the arguments it takes
// and the C line a driver would write (include/linux/dma-mapping.h signatures). Pure data and
// pure functions; the panel shows only the operations knownOps() reports at run time.
import type { DmaAttr } from '../../model';

export type ArgName =
  | 'dev'
  | 'size'
  | 'gfp'
  | 'attrs'
  | 'dir'
  | 'buf'
  | 'map'
  | 'process'
  | 'vma'
  | 'offset'
  | 'value'
  | 'seed'
  | 'percent'
  | 'nents'
  | 'via'
  | 'bufs'
  | 'phys';

/** What a named result of the op is: the picker of later steps lists names of that kind. */
export type Creates = 'buffer' | 'vma' | 'map' | null;

/** Which buffers a `buf` picker offers (BufferRec.kind values). */
export type BufKinds = readonly (
  | 'coherent'
  | 'noncoherent'
  | 'pages'
  | 'kmalloc'
  | 'driver_pages'
  | 'vmalloc'
)[];

export interface OpDescriptor {
  readonly name: string;
  readonly group: string;
  /** Arguments the form shows, in order; `as` is added when `creates` is set. */
  readonly args: readonly ArgName[];
  /** Arguments that may stay empty. */
  readonly optional?: readonly ArgName[];
  readonly creates: Creates;
  /** For `buf`: which kinds of buffer the operation accepts. */
  readonly bufKinds?: BufKinds;
  /** Attributes a wrapper passes to its *_attrs function (include/linux/dma-mapping.h). */
  readonly wrapperAttrs?: readonly DmaAttr[];
  /** The default prefix of the `as` name suggested for it. */
  readonly asPrefix?: string;
  /** One line for the function list. */
  readonly summary: string;
}

const COHERENT: BufKinds = ['coherent'];

export const OP_DESCRIPTORS: readonly OpDescriptor[] = [
  {
    name: 'dma_alloc_attrs',
    group: 'Coherent allocation',
    args: ['dev', 'size', 'gfp', 'attrs'],
    creates: 'buffer',
    asPrefix: 'buf',
    summary: 'Coherent buffer with attributes',
  },
  {
    name: 'dma_alloc_coherent',
    group: 'Coherent allocation',
    args: ['dev', 'size', 'gfp'],
    creates: 'buffer',
    wrapperAttrs: [],
    asPrefix: 'buf',
    summary: 'Coherent buffer (attrs 0)',
  },
  {
    name: 'dma_alloc_wc',
    group: 'Coherent allocation',
    args: ['dev', 'size', 'gfp'],
    creates: 'buffer',
    wrapperAttrs: ['DMA_ATTR_WRITE_COMBINE'],
    asPrefix: 'wc',
    summary: 'Write-combined coherent buffer',
  },
  {
    name: 'dma_free_attrs',
    group: 'Coherent allocation',
    args: ['buf', 'attrs'],
    creates: null,
    bufKinds: COHERENT,
    summary: 'Free a coherent buffer',
  },
  {
    name: 'dma_free_coherent',
    group: 'Coherent allocation',
    args: ['buf'],
    creates: null,
    bufKinds: COHERENT,
    wrapperAttrs: [],
    summary: 'Free a dma_alloc_coherent buffer',
  },
  {
    name: 'dma_free_wc',
    group: 'Coherent allocation',
    args: ['buf'],
    creates: null,
    bufKinds: COHERENT,
    wrapperAttrs: ['DMA_ATTR_WRITE_COMBINE'],
    summary: 'Free a dma_alloc_wc buffer',
  },
  {
    name: 'dma_alloc_pages',
    group: 'Non-coherent allocation',
    args: ['dev', 'size', 'dir', 'gfp'],
    creates: 'buffer',
    asPrefix: 'pages',
    summary: 'Cacheable pages + handle; driver syncs',
  },
  {
    name: 'dma_alloc_noncoherent',
    group: 'Non-coherent allocation',
    args: ['dev', 'size', 'dir', 'gfp'],
    creates: 'buffer',
    asPrefix: 'nc',
    summary: 'Cacheable memory + handle; driver syncs',
  },
  {
    name: 'dma_free_pages',
    group: 'Non-coherent allocation',
    args: ['buf'],
    creates: null,
    bufKinds: ['pages'],
    summary: 'Free dma_alloc_pages memory',
  },
  {
    name: 'dma_free_noncoherent',
    group: 'Non-coherent allocation',
    args: ['buf'],
    creates: null,
    bufKinds: ['noncoherent'],
    summary: 'Free dma_alloc_noncoherent memory',
  },
  {
    name: 'dma_mmap_attrs',
    group: 'User mapping',
    args: ['buf', 'process', 'attrs'],
    creates: 'vma',
    bufKinds: COHERENT,
    asPrefix: 'vma',
    summary: 'Map a coherent buffer into a process',
  },
  {
    name: 'dma_mmap_coherent',
    group: 'User mapping',
    args: ['buf', 'process'],
    creates: 'vma',
    bufKinds: COHERENT,
    wrapperAttrs: [],
    asPrefix: 'vma',
    summary: 'mmap a dma_alloc_coherent buffer',
  },
  {
    name: 'dma_mmap_wc',
    group: 'User mapping',
    args: ['buf', 'process'],
    creates: 'vma',
    bufKinds: COHERENT,
    wrapperAttrs: ['DMA_ATTR_WRITE_COMBINE'],
    asPrefix: 'vma',
    summary: 'mmap a dma_alloc_wc buffer',
  },
  {
    name: 'munmap',
    group: 'User mapping',
    args: ['vma'],
    creates: null,
    summary: 'Remove a user mapping',
  },
  {
    name: 'dma_get_sgtable_attrs',
    group: 'User mapping',
    args: ['buf', 'attrs'],
    creates: null,
    bufKinds: COHERENT,
    summary: 'Describe a coherent buffer as an sg_table',
  },
  {
    name: 'dma_get_sgtable',
    group: 'User mapping',
    args: ['buf'],
    creates: null,
    bufKinds: COHERENT,
    wrapperAttrs: [],
    summary: 'sg_table of a coherent buffer (attrs 0)',
  },
  // Model II: driver memory, streaming mappings, syncs, data and caches.
  {
    name: 'kmalloc',
    group: 'Driver memory',
    args: ['size', 'gfp'],
    creates: 'buffer',
    asPrefix: 'kbuf',
    summary: 'Slab memory in the linear map',
  },
  {
    name: 'kfree',
    group: 'Driver memory',
    args: ['buf'],
    creates: null,
    bufKinds: ['kmalloc'],
    summary: 'Free kmalloc memory',
  },
  {
    name: 'alloc_pages',
    group: 'Driver memory',
    args: ['size', 'gfp'],
    creates: 'buffer',
    asPrefix: 'page',
    summary: 'Pages from the buddy allocator',
  },
  {
    name: '__free_pages',
    group: 'Driver memory',
    args: ['buf'],
    creates: null,
    bufKinds: ['driver_pages'],
    summary: 'Free alloc_pages memory',
  },
  {
    name: 'vmalloc',
    group: 'Driver memory',
    args: ['size'],
    creates: 'buffer',
    asPrefix: 'vbuf',
    summary: 'Virtually contiguous kernel memory (not for DMA mapping)',
  },
  {
    name: 'stack_buffer',
    group: 'Driver memory',
    args: ['size'],
    creates: 'buffer',
    asPrefix: 'stk',
    summary: 'A local array on the vmapped kernel stack (a classic DMA bug: not mappable)',
  },
  {
    name: 'vfree',
    group: 'Driver memory',
    args: ['buf'],
    creates: null,
    bufKinds: ['vmalloc'],
    summary: 'Free vmalloc memory',
  },
  {
    name: 'dma_map_single',
    group: 'Streaming mapping',
    args: ['dev', 'buf', 'dir', 'attrs'],
    creates: 'map',
    bufKinds: ['kmalloc', 'driver_pages', 'vmalloc', 'coherent', 'noncoherent', 'pages'],
    asPrefix: 'map',
    summary: 'Map kernel memory for one transfer',
  },
  {
    name: 'dma_map_single_attrs',
    group: 'Streaming mapping',
    args: ['dev', 'buf', 'dir', 'attrs'],
    creates: 'map',
    bufKinds: ['kmalloc', 'driver_pages', 'vmalloc', 'coherent', 'noncoherent', 'pages'],
    asPrefix: 'map',
    summary: 'dma_map_single with attributes',
  },
  {
    name: 'dma_map_page',
    group: 'Streaming mapping',
    args: ['dev', 'buf', 'dir', 'attrs'],
    creates: 'map',
    bufKinds: ['driver_pages', 'kmalloc', 'pages', 'noncoherent'],
    asPrefix: 'map',
    summary: 'Map a page for one transfer',
  },
  {
    name: 'dma_map_page_attrs',
    group: 'Streaming mapping',
    args: ['dev', 'buf', 'dir', 'attrs'],
    creates: 'map',
    bufKinds: ['driver_pages', 'kmalloc', 'pages', 'noncoherent'],
    asPrefix: 'map',
    summary: 'dma_map_page with attributes',
  },
  {
    name: 'dma_map_sg',
    group: 'Streaming mapping',
    args: ['dev', 'bufs', 'dir', 'attrs'],
    creates: 'map',
    asPrefix: 'sg',
    summary: 'Map a scatterlist of buffers',
  },
  {
    name: 'dma_map_sg_attrs',
    group: 'Streaming mapping',
    args: ['dev', 'bufs', 'dir', 'attrs'],
    creates: 'map',
    asPrefix: 'sg',
    summary: 'dma_map_sg with attributes',
  },
  {
    name: 'dma_map_resource',
    group: 'Streaming mapping',
    args: ['dev', 'phys', 'size', 'dir', 'attrs'],
    creates: 'map',
    asPrefix: 'res',
    summary: 'Map an MMIO address (peer-to-peer)',
  },
  {
    name: 'dma_unmap_single',
    group: 'Streaming mapping',
    args: ['map', 'attrs'],
    creates: null,
    summary: 'End a single mapping',
  },
  {
    name: 'dma_unmap_page',
    group: 'Streaming mapping',
    args: ['map', 'attrs'],
    creates: null,
    summary: 'End a page mapping',
  },
  {
    name: 'dma_unmap_sg',
    group: 'Streaming mapping',
    args: ['map', 'attrs'],
    creates: null,
    summary: 'End a scatterlist mapping',
  },
  ...['dma_unmap_single_attrs', 'dma_unmap_page_attrs', 'dma_unmap_sg_attrs', 'dma_unmap_resource'].map(
    (name): OpDescriptor => ({
      name,
      group: 'Streaming mapping',
      args: ['map', 'attrs'],
      creates: null,
      summary: 'End a streaming mapping',
    }),
  ),
  {
    name: 'dma_mapping_error',
    group: 'Streaming mapping',
    args: ['map'],
    creates: null,
    summary: 'Check a handle (dma-debug notes it)',
  },
  {
    name: 'dma_sync_single_for_cpu',
    group: 'Sync',
    args: ['map', 'dir'],
    optional: ['dir'],
    creates: null,
    summary: 'Give the buffer back to the CPU',
  },
  {
    name: 'dma_sync_single_for_device',
    group: 'Sync',
    args: ['map', 'dir'],
    optional: ['dir'],
    creates: null,
    summary: 'Hand the buffer to the device',
  },
  {
    name: 'dma_sync_sg_for_cpu',
    group: 'Sync',
    args: ['map', 'dir'],
    optional: ['dir'],
    creates: null,
    summary: 'Give a scatterlist back to the CPU',
  },
  {
    name: 'dma_sync_sg_for_device',
    group: 'Sync',
    args: ['map', 'dir'],
    optional: ['dir'],
    creates: null,
    summary: 'Hand a scatterlist to the device',
  },
  {
    name: 'cpu_write',
    group: 'Data and caches',
    args: ['via', 'value'],
    creates: null,
    summary: 'CPU stores a value into the buffer',
  },
  {
    name: 'cpu_read',
    group: 'Data and caches',
    args: ['via'],
    creates: null,
    summary: 'CPU loads from the buffer',
  },
  {
    name: 'device_write',
    group: 'Data and caches',
    args: ['map', 'value'],
    creates: null,
    summary: 'Device writes by DMA',
  },
  {
    name: 'device_read',
    group: 'Data and caches',
    args: ['map'],
    creates: null,
    summary: 'Device reads by DMA',
  },
  {
    name: 'cpu_speculative_load',
    group: 'Data and caches',
    args: ['via'],
    creates: null,
    summary: 'CPU prefetches lines through the cacheable alias',
  },
  {
    name: 'cache_evict',
    group: 'Data and caches',
    args: ['via'],
    creates: null,
    summary: 'Dirty lines leave the cache',
  },
  {
    name: 'driver_unbind',
    group: 'Machine',
    args: ['dev'],
    creates: null,
    summary: 'Unbind the driver (dma-debug leak check)',
  },
  {
    name: 'fragment_memory',
    group: 'Machine',
    args: ['seed', 'percent'],
    creates: null,
    summary: 'Other kernel users take free pages',
  },
];

const BY_NAME = new Map(OP_DESCRIPTORS.map((d) => [d.name, d]));

export function descriptorOf(name: string): OpDescriptor | undefined {
  return BY_NAME.get(name);
}

/**
 * The operations to offer: every known op with a descriptor first (in table order), then any
 * op the model knows that the table lacks, with a generic form (so nothing is hidden).
 */
export function availableOps(known: readonly string[]): OpDescriptor[] {
  const set = new Set(known);
  const out = OP_DESCRIPTORS.filter((d) => set.has(d.name));
  for (const k of known)
    if (!BY_NAME.has(k))
      out.push({ name: k, group: 'Other', args: [], creates: null, summary: 'Model operation' });
  return out;
}
