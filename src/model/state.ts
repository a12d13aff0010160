// The machine's state: every address space as plain data. A step works on a private copy made by
// cloneState (each mutable array and map is copied; the records inside are never mutated), so a
// state handed out is never changed again and can be kept for step-back.
import type { ArchProfile } from './arch/profiles';
import { hexAddrAt } from './arch/profiles';
import { LineMap } from './cache/lineMap';
import { CowMap } from './cowMap';
import type { Zone } from './mm/buddy';
import { cloneZone } from './mm/buddy';
import type { Span } from './mm/spans';
import type { DmaDirection, MachineConfig, MemType, PageSource, PfnRange, ZoneName } from './types';

/** Where a buffer's CPU address points. */
export type CpuAddrKind = 'linear' | 'vmalloc' | 'pool' | 'cookie';

export interface CpuAddr {
  readonly kind: CpuAddrKind;
  /** Kernel virtual address in hex, or for a cookie the `struct page *` value shown by the kernel. */
  readonly address: string;
  readonly memtype: MemType | null;
  readonly pgprot: string | null;
  /** For a cookie: what the opaque value is ("struct page *", "struct page **"). */
  readonly cookie?: string;
}

export interface IommuMapping {
  readonly dev: string;
  /** First IOVA page frame (iova >> PAGE_SHIFT) and length in pages of the IOVA reservation. */
  readonly iovaPfn: number;
  readonly pages: number;
  readonly prot: readonly string[];
}

/** A DMA buffer, a driver's kmalloc/alloc_pages memory, or a streaming mapping's backing record. */
export interface BufferRec {
  readonly id: string;
  readonly name: string | null;
  readonly kind: 'coherent' | 'noncoherent' | 'pages' | 'kmalloc' | 'driver_pages' | 'vmalloc';
  readonly dev: string | null;
  /** Size the driver asked for, in bytes. */
  readonly size: number;
  readonly allocFn: string;
  readonly attrs: readonly string[];
  readonly gfp: string;
  /** Implementation path that served it, e.g. "dma-direct", "arm __dma_alloc (remap)". */
  readonly path: string;
  readonly source: PageSource;
  /** Physical page runs in buffer order; pagesHeld counts rounding (a 5-page buddy buffer holds 8). */
  readonly extents: readonly PfnRange[];
  readonly pagesHeld: number;
  /** Pages of the buffer itself (PAGE_ALIGN(size) / PAGE_SIZE). */
  readonly pages: number;
  readonly zone: ZoneName | null;
  readonly cpu: CpuAddr;
  /** vmalloc area of the buffer (page index into the vmalloc area), if it has one. */
  readonly vmallocPage: number | null;
  /** arm32 CMA: the linear-map PTEs of the buffer were rewritten to this protection. */
  readonly linearRewrite: { readonly memtype: MemType; readonly pgprot: string } | null;
  /** Whether a cacheable linear-map alias of the pages exists (lowmem, not rewritten). */
  readonly hasLinearAlias: boolean;
  readonly pool: { readonly name: string; readonly offsetPages: number; readonly pages: number } | null;
  readonly dmaAddr: number | null;
  readonly iommu: IommuMapping | null;
  readonly zeroed: boolean;
  readonly live: boolean;
  readonly dir: DmaDirection | null;
  /** Names of user VMAs made from it (dma_mmap_attrs). */
  readonly vmas: readonly string[];
  /** Step index that created it. */
  readonly createdAt: number;
  /** kmalloc slab objects: byte offset of the object in its first page (objects share pages and lines). */
  readonly byteOffset?: number;
}

export interface VmaRec {
  readonly id: string;
  readonly name: string | null;
  readonly process: string;
  /** User virtual address of the first byte. */
  readonly start: number;
  readonly pages: number;
  readonly memtype: MemType;
  readonly pgprot: string;
  readonly buffer: string;
  /** vm_pgoff into the buffer, in pages. */
  readonly pgoff: number;
  readonly ranges: readonly PfnRange[];
  readonly live: boolean;
  readonly fn: string;
}

export interface AtomicPool {
  readonly name: string;
  readonly zone: ZoneName | null;
  readonly basePfn: number;
  readonly pages: number;
  readonly source: 'buddy' | 'cma';
  /** Where the pool's memory is mapped for the CPU: its own vmap, or the rewritten linear map. */
  readonly mappedAt: 'vmalloc' | 'linear';
  readonly vmallocPage: number | null;
  readonly memtype: MemType;
  readonly pgprot: string;
  /** gen_pool chunks in use, in pages from the pool start. */
  spans: Span[];
}

export interface IovaDomain {
  readonly dev: string;
  /** Lowest and limit (exclusive) IOVA page frames. */
  readonly startPfn: number;
  readonly limitPfn: number;
  /** Reserved IOVA ranges, in IOVA page frames; owner = buffer or mapping id. */
  spans: Span[];
  /** IOMMU page-table entries: IOVA page frame -> physical runs and prot, per reservation. */
  ptes: Map<
    number,
    { readonly ranges: readonly PfnRange[]; readonly prot: readonly string[]; readonly owner: string }
  >;
}

export interface Counters {
  cacheCleanBytes: number;
  cacheInvalidateBytes: number;
  cacheFlushBytes: number;
  bounceCopyBytes: number;
}

export interface MachineState {
  readonly config: MachineConfig;
  readonly profile: ArchProfile;
  /** Notes from resolving the configuration (e.g. a device forced coherent on x86). */
  readonly notes: readonly string[];
  readonly ramStartPfn: number;
  readonly ramEndPfn: number;
  /** First pfn above lowmem (arm32 HighMem has no linear alias); ramEndPfn elsewhere. */
  readonly lowmemEndPfn: number;
  zones: Zone[];
  /** Boot-time reservations (kernel image, CMA area, swiotlb), in pfns. */
  reserved: Span[];
  cma: { readonly basePfn: number; readonly pages: number; spans: Span[] } | null;
  swiotlb: { readonly basePfn: number; readonly slots: number; spans: Span[] } | null;
  pools: AtomicPool[];
  /** Pages other kernel users hold after fragment_memory, as pfn spans (owner "fragment"). */
  fragments: Span[];
  vmalloc: { readonly start: bigint; readonly totalPages: number; spans: Span[] };
  /** arm32 CMA buffers whose linear-map PTEs were rewritten (pfn spans, owner = buffer id). */
  linearRewrites: Span[];
  /** Per process: its VMAs as spans in user page frames (owner = VMA id). */
  processes: Map<string, Span[]>;
  vmas: CowMap<string, VmaRec>;
  domains: Map<string, IovaDomain>;
  buffers: CowMap<string, BufferRec>;
  /** Names given with `as` → the id of the buffer, VMA or mapping they name. */
  names: CowMap<string, { readonly kind: 'buffer' | 'vma' | 'map'; readonly id: string }>;
  nextId: number;
  counters: Counters;
  /** Model II slices (streaming mappings, caches, data, dma-debug) keep their own clone. */
  ext: Map<string, { clone(): unknown }>;
  /** Streaming mappings (dma_map_*), by id; unmapped ones stay with live = false. */
  mappings: CowMap<string, StreamMapping>;
  /** RAM contents: one value per cache line, keyed by physical line number (phys / cacheLine); absent = 0. */
  memory: LineMap<number>;
  /** The CPU data cache: present lines are clean or dirty; an absent line is invalid. */
  cache: LineMap<CacheLine>;
  /** Last value written by anyone (CPU or device) to each line of the driver's buffer: the truth reads compare with. */
  written: LineMap<number>;
  /** kmalloc caches: slabs per object size (mm/slub.c), records replaced on change. */
  slabs: Map<number, readonly SlabRec[]>;
  /** dma-debug (kernel/dma/debug.c): every error with its step, and the active cacheline counts. */
  debug: { errors: DebugError[]; cachelines: Map<number, number> };
  /** Devices whose dma_skip_sync was cleared by a swiotlb bounce (dma_reset_need_sync). */
  bouncedDevs: Set<string>;
}

export interface CacheLine {
  readonly dirty: boolean;
  readonly value: number;
}

export interface DebugError {
  /** Index of the step that caused it. */
  readonly step: number;
  readonly message: string;
}

export interface SlabRec {
  readonly pfn: number;
  readonly order: number;
  readonly objects: number;
  /** Object indices in use, ascending. */
  readonly used: readonly number[];
}

/** One scatterlist entry (or the single range) of a streaming mapping. */
export interface StreamSeg {
  readonly buffer: string | null;
  /** CPU-side physical address and length of the data. */
  readonly phys: number;
  readonly len: number;
  /** Where the device's accesses land: the swiotlb slot copy, or phys itself. */
  readonly devPhys: number;
  readonly slot: { readonly start: number; readonly count: number } | null;
  readonly dma: number;
}

export interface StreamMapping {
  readonly id: string;
  readonly name: string | null;
  readonly dev: string;
  /** The map function called (dma_map_single_attrs, dma_map_page_attrs, dma_map_sg_attrs, dma_map_resource). */
  readonly fn: string;
  /** dma-debug's type: "single", "scatter-gather" or "resource". */
  readonly type: 'single' | 'scatter-gather' | 'resource';
  readonly dir: DmaDirection;
  readonly attrs: readonly string[];
  readonly size: number;
  readonly segs: readonly StreamSeg[];
  /** DMA segments after IOMMU merging (dma_map_sg's return value is their count). */
  readonly dmaSegs: ReadonlyArray<{ readonly dma: number; readonly len: number }>;
  /** IOVA reservations (one per sg list with dma-iommu; one per chunk with arm_iommu). */
  readonly iovas: ReadonlyArray<{ readonly pfn: number; readonly pages: number }>;
  readonly prot: readonly string[] | null;
  readonly armOps: boolean;
  /** dma_mapping_error() was called on the handle (dma-debug's map_err_type). */
  readonly checked: boolean;
  readonly live: boolean;
  readonly createdAt: number;
}

/**
 * Marks a freed buffer, VMA or mapping dead (live = false) and retires it, with the name that
 * still names it, to its table's shared archive: a dead record is never copied again, yet a use
 * after free still finds it (the kernel's objects are gone; the model keeps them for the report).
 */
export function retireRecord<
  R extends { readonly id: string; readonly name: string | null; readonly live: boolean },
>(s: MachineState, table: CowMap<string, R>, rec: R): void {
  table.retireAs(rec.id, { ...rec, live: false });
  if (rec.name !== null) s.names.retireIf(rec.name, (ref) => ref.id === rec.id);
}

export function cloneState(s: MachineState): MachineState {
  const ext = new Map<string, { clone(): unknown }>();
  for (const [k, v] of s.ext) ext.set(k, v.clone() as { clone(): unknown });
  return {
    ...s,
    zones: s.zones.map(cloneZone),
    reserved: s.reserved.slice(),
    cma: s.cma ? { ...s.cma, spans: s.cma.spans.slice() } : null,
    swiotlb: s.swiotlb ? { ...s.swiotlb, spans: s.swiotlb.spans.slice() } : null,
    pools: s.pools.map((p) => ({ ...p, spans: p.spans.slice() })),
    fragments: s.fragments.slice(),
    vmalloc: { ...s.vmalloc, spans: s.vmalloc.spans.slice() },
    linearRewrites: s.linearRewrites.slice(),
    processes: new Map([...s.processes].map(([k, v]) => [k, v.slice()])),
    vmas: s.vmas.clone(),
    domains: new Map(
      [...s.domains].map(([k, d]) => [k, { ...d, spans: d.spans.slice(), ptes: new Map(d.ptes) }]),
    ),
    buffers: s.buffers.clone(),
    names: s.names.clone(),
    counters: { ...s.counters },
    ext,
    mappings: s.mappings.clone(),
    memory: s.memory.clone(),
    cache: s.cache.clone(),
    written: s.written.clone(),
    slabs: new Map(s.slabs),
    debug: { errors: s.debug.errors.slice(), cachelines: new Map(s.debug.cachelines) },
    bouncedDevs: new Set(s.bouncedDevs),
  };
}

export function pfnToPhys(pfn: number, profile: ArchProfile): number {
  return pfn * profile.pageSize;
}

/** Kernel virtual address of a lowmem page in the linear map. */
export function linearVa(s: MachineState, pfn: number): bigint {
  return s.profile.linearBase + BigInt((pfn - s.ramStartPfn) * s.profile.pageSize);
}

export function vmallocVa(s: MachineState, page: number): bigint {
  return s.vmalloc.start + BigInt(page * s.profile.pageSize);
}

/** hexAddr(profile, linearVa(s, pfn)), without BigInt on the common path. */
export function linearHex(s: MachineState, pfn: number): string {
  return hexAddrAt(s.profile, s.profile.linearBase, (pfn - s.ramStartPfn) * s.profile.pageSize);
}

/** hexAddr(profile, vmallocVa(s, page)), without BigInt on the common path. */
export function vmallocHex(s: MachineState, page: number): string {
  return hexAddrAt(s.profile, s.vmalloc.start, page * s.profile.pageSize);
}

export function zoneOfPfn(s: MachineState, pfn: number): Zone | null {
  for (const z of s.zones) if (pfn >= z.startPfn && pfn < z.endPfn) return z;
  return null;
}

/** The model II slices of a freshly booted machine. */
export function emptyStreamSlices(): Pick<
  MachineState,
  'mappings' | 'memory' | 'cache' | 'written' | 'slabs' | 'debug' | 'bouncedDevs'
> {
  return {
    mappings: new CowMap(),
    memory: new LineMap(),
    cache: new LineMap(),
    written: new LineMap(),
    slabs: new Map(),
    debug: { errors: [], cachelines: new Map() },
    bouncedDevs: new Set(),
  };
}
