// The public vocabulary of the dmaviz model: machine configuration, operations, events and the
// views of state that the UI, the CLI and the scenarios read. Everything here is plain data.

/** Architecture profiles, named as the kernel's arch/ directories are (arm32 = arch/arm). */
export type ArchName = 'x86_64' | 'arm64' | 'arm32' | 'riscv64';

/** Memory type of a mapping, in three classes the CPU behaves differently on. */
export type MemType = 'cached' | 'write-combine' | 'uncached';

export type ZoneName = 'DMA' | 'DMA32' | 'Normal' | 'HighMem';

export type DmaDirection = 'DMA_BIDIRECTIONAL' | 'DMA_TO_DEVICE' | 'DMA_FROM_DEVICE' | 'DMA_NONE';

export const DMA_ATTRS = [
  'DMA_ATTR_WEAK_ORDERING',
  'DMA_ATTR_WRITE_COMBINE',
  'DMA_ATTR_NO_KERNEL_MAPPING',
  'DMA_ATTR_SKIP_CPU_SYNC',
  'DMA_ATTR_FORCE_CONTIGUOUS',
  'DMA_ATTR_ALLOC_SINGLE_PAGES',
  'DMA_ATTR_NO_WARN',
  'DMA_ATTR_PRIVILEGED',
] as const;
export type DmaAttr = (typeof DMA_ATTRS)[number];

/** The gfp flags the model understands; a gfp is a set of them ("GFP_KERNEL | __GFP_NOWARN"). */
export const GFP_FLAGS = [
  'GFP_KERNEL',
  'GFP_ATOMIC',
  'GFP_NOWAIT',
  '__GFP_NOWARN',
  '__GFP_ZERO',
  '__GFP_DMA',
  '__GFP_DMA32',
  '__GFP_HIGHMEM',
  '__GFP_COMP',
  '__GFP_NORETRY',
] as const;
export type GfpFlag = (typeof GFP_FLAGS)[number];

export interface DeviceConfig {
  readonly name: string;
  /** dev_is_dma_coherent(): the device snoops CPU caches. Always true on x86_64. */
  readonly coherent: boolean;
  /** Behind an IOMMU with a DMA domain (dma-iommu; arm_iommu ops on arm32). */
  readonly iommu: boolean;
  /** DMA mask width in bits (dma_mask and coherent_dma_mask); the kernel's default is 32. */
  readonly dmaMaskBits: number;
  /** Driver bound to the device (dev_driver_string, in dma-debug's messages); default: the name without its unit number. */
  readonly driver: string;
}

/** A machine as a scenario file describes it; omitted keys take the kernel's defaults. */
export interface MachineConfigInput {
  arch?: ArchName;
  ramMiB?: number;
  /** Physical address of the first byte of RAM (defaults per architecture). */
  ramBase?: number;
  cmaMiB?: number;
  vmallocMiB?: number;
  swiotlbMiB?: number;
  /** Atomic pool size in KiB (coherent_pool=); default per architecture. */
  atomicPoolKiB?: number;
  dmaDebug?: boolean;
  devices?: ReadonlyArray<Partial<DeviceConfig> & { name: string }>;
  processes?: readonly string[];
}

/** The fully resolved configuration: every default applied, every number checked. */
export interface MachineConfig {
  readonly arch: ArchName;
  readonly ramMiB: number;
  readonly ramBase: number;
  readonly cmaMiB: number;
  readonly vmallocMiB: number;
  readonly swiotlbMiB: number;
  readonly atomicPoolKiB: number;
  readonly dmaDebug: boolean;
  readonly devices: readonly DeviceConfig[];
  readonly processes: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Operations (the `op` of a scenario step). Argument names are the public scenario vocabulary.

export interface OpBase {
  /** Name for what the step creates, so that later steps can refer to it. */
  readonly as?: string;
  /** Narration shown with the step. */
  readonly say?: string;
}

export interface AllocOp extends OpBase {
  readonly op:
    | 'dma_alloc_attrs'
    | 'dma_alloc_coherent'
    | 'dma_alloc_wc'
    | 'dma_alloc_noncoherent'
    | 'dma_alloc_pages';
  readonly dev: string;
  readonly size: number | string;
  readonly gfp?: string | readonly string[];
  readonly attrs?: readonly string[];
  readonly dir?: string;
}

export interface FreeOp extends OpBase {
  readonly op:
    | 'dma_free_attrs'
    | 'dma_free_coherent'
    | 'dma_free_wc'
    | 'dma_free_noncoherent'
    | 'dma_free_pages';
  readonly buf: string;
  readonly attrs?: readonly string[];
  /** Optional: a size other than the allocated one (dma-debug checks it). */
  readonly size?: number | string;
  readonly dev?: string;
}

export interface MmapOp extends OpBase {
  readonly op: 'dma_mmap_attrs' | 'dma_mmap_coherent' | 'dma_mmap_wc';
  readonly buf: string;
  readonly process: string;
  readonly attrs?: readonly string[];
  /** vm_pgoff in bytes (page aligned) and the VMA length; default the whole buffer. */
  readonly offset?: number | string;
  readonly length?: number | string;
}

export interface MunmapOp extends OpBase {
  readonly op: 'munmap';
  readonly vma: string;
}

export interface SgtableOp extends OpBase {
  readonly op: 'dma_get_sgtable_attrs' | 'dma_get_sgtable';
  readonly buf: string;
  readonly attrs?: readonly string[];
}

export interface FragmentOp extends OpBase {
  readonly op: 'fragment_memory';
  readonly seed: number;
  readonly percent: number;
}

/** Any other operation (model II: streaming, caches, data); checked by the dispatcher. */
export interface GenericOp extends OpBase {
  readonly op: string;
  readonly [arg: string]: unknown;
}

export type Op = AllocOp | FreeOp | MmapOp | MunmapOp | SgtableOp | FragmentOp | GenericOp;

// ---------------------------------------------------------------------------------------------
// Results

export interface KernelError {
  /** errno-style code: ENOMEM, EINVAL, ENXIO, EFAULT, ... or DMA_MAPPING_ERROR. */
  readonly code: string;
  /** What the kernel (or dma-debug) would print, or why the model refused the input. */
  readonly message: string;
}

export type StepResult =
  | { readonly ok: true; readonly value: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly error: KernelError };

// ---------------------------------------------------------------------------------------------
// Events: what happened, in causal order, each carrying the kernel function that did it.

export type PageSource = 'buddy' | 'cma' | 'atomic_pool' | 'swiotlb' | 'arm_atomic_pool';
export type CacheOpKind = 'clean' | 'invalidate' | 'flush';
export type AddressSpace = 'linear' | 'vmalloc' | 'user' | 'iommu';

/** A run of physical page frames. */
export interface PfnRange {
  readonly pfn: number;
  readonly count: number;
}

interface EventBase {
  /** The kernel function that did it, e.g. "dma_common_contiguous_remap". */
  readonly fn: string;
}

export type ModelEvent = EventBase &
  (
    | { readonly type: 'callEntered'; readonly depth: number }
    | { readonly type: 'attrIgnored'; readonly attr: string; readonly why: string }
    | {
        readonly type: 'pagesAllocated';
        readonly source: PageSource;
        readonly zone: ZoneName | null;
        readonly ranges: readonly PfnRange[];
        readonly order: number;
        readonly owner: string;
        /** How many alloc_pages calls of this order the event stands for (absent: one). */
        readonly allocations?: number;
      }
    | {
        readonly type: 'blockSplit';
        readonly zone: ZoneName;
        readonly pfn: number;
        readonly fromOrder: number;
        readonly toOrder: number;
      }
    | {
        readonly type: 'pagesFreed';
        readonly source: PageSource;
        readonly ranges: readonly PfnRange[];
        readonly owner: string;
      }
    | {
        readonly type: 'pagesZeroed';
        readonly via: AddressSpace | 'pool';
        readonly ranges: readonly PfnRange[];
      }
    | {
        readonly type: 'cacheMaintained';
        readonly op: CacheOpKind;
        readonly alias: AddressSpace | 'pool' | 'bounce';
        readonly ranges: readonly PfnRange[];
        readonly bytes: number;
      }
    | {
        readonly type: 'linearPtesChanged';
        readonly ranges: readonly PfnRange[];
        readonly memtype: MemType;
        readonly pgprot: string;
      }
    | {
        readonly type: 'vmallocReserved';
        readonly start: string;
        readonly pages: number;
        readonly guardPages: number;
        readonly owner: string;
      }
    | {
        readonly type: 'vmallocReleased';
        readonly start: string;
        readonly pages: number;
        readonly owner: string;
      }
    | {
        readonly type: 'ptesWritten';
        readonly space: AddressSpace;
        readonly start: string;
        readonly pages: number;
        readonly ranges: readonly PfnRange[];
        readonly memtype: MemType;
        readonly pgprot: string;
        readonly owner: string;
      }
    | {
        readonly type: 'ptesCleared';
        readonly space: AddressSpace;
        readonly start: string;
        readonly pages: number;
        readonly owner: string;
      }
    | {
        readonly type: 'iovaReserved';
        readonly dev: string;
        readonly iova: string;
        readonly size: number;
        readonly owner: string;
      }
    | {
        readonly type: 'iovaFreed';
        readonly dev: string;
        readonly iova: string;
        readonly size: number;
        readonly owner: string;
      }
    | {
        readonly type: 'iommuMapped';
        readonly dev: string;
        readonly iova: string;
        readonly ranges: readonly PfnRange[];
        readonly prot: readonly string[];
        readonly owner: string;
      }
    | {
        readonly type: 'iommuUnmapped';
        readonly dev: string;
        readonly iova: string;
        readonly size: number;
        readonly owner: string;
      }
    | {
        readonly type: 'poolAllocated';
        readonly pool: string;
        readonly offset: number;
        readonly size: number;
        readonly owner: string;
      }
    | {
        readonly type: 'poolFreed';
        readonly pool: string;
        readonly offset: number;
        readonly size: number;
        readonly owner: string;
      }
    | {
        readonly type: 'vmaCreated';
        readonly process: string;
        readonly start: string;
        readonly pages: number;
        readonly memtype: MemType;
        readonly pgprot: string;
        readonly owner: string;
      }
    | {
        readonly type: 'vmaRemoved';
        readonly process: string;
        readonly start: string;
        readonly pages: number;
        readonly owner: string;
      }
    | { readonly type: 'bufferCreated'; readonly buffer: string }
    | { readonly type: 'bufferFreed'; readonly buffer: string }
    | { readonly type: 'kernelMessage'; readonly level: 'info' | 'warn' | 'err'; readonly text: string }
    | { readonly type: 'memoryFragmented'; readonly zone: ZoneName; readonly pagesTaken: number }
    // --- model II: streaming DMA, swiotlb, caches with data, dma-debug ---
    | {
        readonly type: 'slabObjectAllocated' | 'slabObjectFreed';
        readonly cache: string;
        readonly phys: string;
        readonly size: number;
        readonly owner: string;
      }
    | {
        readonly type: 'swiotlbSlotsReserved' | 'swiotlbSlotsReleased';
        readonly slot: number;
        readonly slots: number;
        readonly phys: string;
        readonly owner: string;
      }
    | {
        readonly type: 'bounceCopied';
        /** DMA_TO_DEVICE: original buffer → bounce slot; DMA_FROM_DEVICE: bounce slot → original buffer. */
        readonly dir: 'DMA_TO_DEVICE' | 'DMA_FROM_DEVICE';
        readonly orig: string;
        readonly bounce: string;
        readonly bytes: number;
      }
    | {
        readonly type: 'cacheLinesChanged';
        readonly op: CacheOpKind | 'speculativeLoad' | 'evict';
        readonly phys: string;
        readonly lines: number;
        /** Dirty lines written back to memory. */
        readonly wroteBack: number;
        /** Lines dropped from the cache; discardedDirty of them held data never written back. */
        readonly discarded: number;
        readonly discardedDirty: number;
        /** Lines brought into the cache (speculative load). */
        readonly filled: number;
      }
    | {
        readonly type: 'memoryWritten' | 'memoryRead';
        readonly by: 'cpu' | 'device';
        readonly via: string;
        readonly memtype: MemType | 'dma';
        readonly phys: string;
        readonly bytes: number;
        readonly value: number;
        readonly stale?: boolean;
      }
    | {
        readonly type: 'iommuFault';
        readonly dev: string;
        readonly iova: string;
        readonly access: 'read' | 'write';
        readonly prot: readonly string[];
      }
    | { readonly type: 'dmaDebugError'; readonly message: string }
    | {
        readonly type: 'streamingMapped' | 'streamingUnmapped';
        readonly mapping: string;
        readonly dev: string;
        readonly dir: DmaDirection;
        readonly dma: string;
        readonly size: number;
        readonly bounced: boolean;
      }
  );

export type ModelEventType = ModelEvent['type'];
