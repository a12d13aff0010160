// Architecture profiles: the data and tiny rules that make x86_64, arm64, arm32 and riscv64
// differ. Nothing else in the model asks "which architecture is this?"; it asks the profile.
// Sources: kernel-dma-facts.md §4-§7, §11, §13; docs/kernel-notes.md for the refinements.

import type { ArchName, CacheOpKind, DmaDirection, MemType, ZoneName } from '../types';
import { GiB, KiB, MiB } from '../units';

/** A page protection as the kernel names it, with the memory type it gives. */
export interface Pgprot {
  readonly name: string;
  readonly memtype: MemType;
}

/** How the non-IOMMU, non-coherent allocation path is built on this architecture. */
export type NoncoherentAllocPath = 'direct-remap' | 'arm-arch-dma-alloc' | 'none';

export interface ZoneLayout {
  readonly name: ZoneName;
  /** Physical address limit (exclusive) of the zone, or null for "to the end of RAM". */
  readonly limit: number | null;
}

export interface ArchProfile {
  readonly name: ArchName;
  readonly title: string;
  readonly pageSize: number;
  readonly cacheLine: number;
  readonly defaultRamBase: number;
  /** Kernel virtual address of the first byte of RAM in the linear map. */
  readonly linearBase: bigint;
  /** Start of the vmalloc area, or null where it is derived from lowmem (arm32). */
  readonly vmallocStart: bigint | null;
  readonly vmallocEnd: bigint;
  /** Default size of the vmalloc area in MiB (arm32: 240, the kernel's `vmalloc=` default). */
  readonly defaultVmallocMiB: number;
  /** Zones from the lowest up; a zone whose range is empty is dropped. */
  readonly zones: readonly ZoneLayout[];
  readonly defaultCmaMiB: number;
  /** Whether every device is coherent whatever the firmware says (x86: no ARCH_HAS_SYNC_DMA_*). */
  readonly alwaysCoherent: boolean;
  readonly noncoherentAlloc: NoncoherentAllocPath;
  /** Generic atomic pools (kernel/dma/pool.c) exist: DMA_COHERENT_POOL via DMA_DIRECT_REMAP. */
  readonly genericAtomicPools: boolean;
  /** arm32's own atomic pool (arch/arm/mm/dma-mapping.c: atomic_pool_init). */
  readonly armAtomicPool: boolean;
  /** CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC: small kmalloc buffers bounce for non-coherent devices. */
  readonly bouncesUnalignedKmalloc: boolean;
  /** ARCH_DMA_MINALIGN (dma_get_cache_alignment()); 1 where the arch defines none (x86). */
  readonly dmaMinAlign: number;
  /** ARCH_KMALLOC_MINALIGN: the smallest kmalloc cache (8, or the DMA alignment where kmalloc must be DMA-safe). */
  readonly kmallocMinAlign: number;
  /**
   * Invalidation of a range whose ends are not line-aligned: arm64 dcache_inval_poc and ARMv7
   * v7_dma_inv_range clean+invalidate the partial end lines; RISC-V cbo.inval drops them whole.
   */
  readonly invalEdges: 'flush' | 'invalidate';
  /** Default swiotlb size in MiB for a machine of this RAM (the arch's mem_init rule). */
  readonly defaultSwiotlbMiB: (ramBase: number, ramBytes: number) => number;
  /** The kernel's linear map protection and the DMA protections. */
  readonly pgprot: {
    readonly kernel: Pgprot;
    readonly dmacoherent: Pgprot;
    readonly writecombine: Pgprot;
    readonly noncached: Pgprot;
    readonly user: Pgprot;
  };
  /** Cache maintenance done by arch_sync_dma_for_device / for_cpu and at allocation. */
  readonly cacheOps: {
    readonly forDevice: (dir: DmaDirection) => CacheOpKind | null;
    readonly forCpu: (dir: DmaDirection) => CacheOpKind | null;
    /** arch_dma_prep_coherent (arm32: __dma_clear_buffer's flush); null where it is a no-op. */
    readonly prepCoherent: CacheOpKind | null;
    readonly forDeviceFn: string;
    readonly forCpuFn: string;
    readonly prepFn: string;
  };
  /** Where the kernel image sits, as an offset from the start of RAM (x86: CONFIG_PHYSICAL_START). */
  readonly kernelImageOffset: number;
  /** Upper limit for the default CMA area (dma_contiguous_reserve's argument at boot). */
  readonly cmaLimit: 'zone-dma' | 'dma32' | 'highmem-first' | 'ram';
  /** Zone DMA/DMA32 selection by mask (dma_direct_optimal_gfp_mask): zone_dma_limit, if ZONE_DMA exists. */
  readonly zoneDmaLimit: number | null;
  readonly hasZoneDma32: boolean;
  /** Bounds of RAM a machine of this kind may have (arm32 without LPAE: 3 GiB). */
  readonly maxRamMiB: number;
  readonly defaultRamMiB: number;
  /** arm32: `vmalloc=` carves the vmalloc area out of the top of the 1 GiB kernel space. */
  readonly vmallocCarvesLowmem: boolean;
  readonly addrHexDigits: number;
  /** mmap_base without randomization: TASK_SIZE minus the 128 MiB minimum stack gap. */
  readonly mmapBase: number;
  /** IOMMU page sizes (pgsize_bitmap) and the IOVA aperture; `ops`: dma-iommu or arm32's arm_iommu ops. */
  readonly iommu: {
    readonly ops: 'dma-iommu' | 'arm-iommu';
    readonly pageSizes: readonly number[];
    readonly apertureStart: number;
    readonly apertureEnd: number;
  };
}

const FOUR_GIB = 4 * GiB;

const cleanAll = (): CacheOpKind => 'clean';
const invalUnlessToDevice = (dir: DmaDirection): CacheOpKind | null =>
  dir === 'DMA_TO_DEVICE' ? null : 'invalidate';

const x86_64: ArchProfile = {
  name: 'x86_64',
  title: 'x86-64 (coherent, dma-direct)',
  pageSize: 4 * KiB,
  cacheLine: 64,
  defaultRamBase: 0,
  linearBase: 0xffff888000000000n,
  vmallocStart: 0xffffc90000000000n,
  vmallocEnd: 0xffffe90000000000n,
  defaultVmallocMiB: 32 * 1024 * 1024,
  zones: [
    { name: 'DMA', limit: 16 * MiB },
    { name: 'DMA32', limit: FOUR_GIB },
    { name: 'Normal', limit: null },
  ],
  defaultCmaMiB: 0,
  alwaysCoherent: true,
  noncoherentAlloc: 'none',
  genericAtomicPools: false,
  armAtomicPool: false,
  bouncesUnalignedKmalloc: false,
  dmaMinAlign: 1,
  kmallocMinAlign: 8,
  invalEdges: 'flush',
  // arch/x86/kernel/pci-dma.c: pci_swiotlb_detect: swiotlb when memory extends beyond 4 GiB.
  defaultSwiotlbMiB: (base, bytes) => (base + bytes > FOUR_GIB ? 64 : 0),
  pgprot: {
    kernel: { name: 'PAGE_KERNEL (WB)', memtype: 'cached' },
    dmacoherent: { name: 'PAGE_KERNEL (WB; x86 devices are coherent)', memtype: 'cached' },
    writecombine: { name: 'pgprot_writecombine (PAT WC)', memtype: 'write-combine' },
    noncached: { name: 'pgprot_noncached (PAT UC-)', memtype: 'uncached' },
    user: { name: 'PAGE_SHARED (WB)', memtype: 'cached' },
  },
  cacheOps: {
    forDevice: () => null,
    forCpu: () => null,
    prepCoherent: null,
    forDeviceFn: 'arch_sync_dma_for_device',
    forCpuFn: 'arch_sync_dma_for_cpu',
    prepFn: 'arch_dma_prep_coherent',
  },
  kernelImageOffset: 16 * MiB,
  cmaLimit: 'ram',
  zoneDmaLimit: 16 * MiB,
  hasZoneDma32: true,
  maxRamMiB: 64 * 1024,
  defaultRamMiB: 4096,
  vmallocCarvesLowmem: false,
  addrHexDigits: 16,
  mmapBase: 0x7ffff7fff000,
  iommu: {
    ops: 'dma-iommu',
    pageSizes: [4 * KiB, 2 * MiB, GiB],
    apertureStart: 4 * KiB,
    apertureEnd: 2 ** 48,
  },
};

const arm64: ArchProfile = {
  name: 'arm64',
  title: 'arm64 (dma-direct, DMA_DIRECT_REMAP)',
  pageSize: 4 * KiB,
  cacheLine: 64,
  defaultRamBase: 0x40000000,
  linearBase: 0xffff000000000000n,
  vmallocStart: 0xffff800080000000n,
  // v6.9+: VMALLOC_END = VMEMMAP_START - SZ_8M (docs/kernel-notes.md §g).
  vmallocEnd: 0xfffffdffbf800000n,
  defaultVmallocMiB: Number((0xfffffdffbf800000n - 0xffff800080000000n) >> 20n),
  zones: [
    { name: 'DMA', limit: FOUR_GIB },
    { name: 'Normal', limit: null },
  ],
  defaultCmaMiB: 16,
  alwaysCoherent: false,
  noncoherentAlloc: 'direct-remap',
  genericAtomicPools: true,
  armAtomicPool: false,
  bouncesUnalignedKmalloc: true,
  dmaMinAlign: 128,
  kmallocMinAlign: 8,
  invalEdges: 'flush',
  // arch/arm64/mm/init.c: mem_init: full pool when RAM extends beyond the ZONE_DMA limit,
  // else a kmalloc-bounce pool of 1 MiB per GiB of RAM.
  defaultSwiotlbMiB: (base, bytes) =>
    base + bytes > FOUR_GIB ? 64 : Math.min(64, Math.max(1, Math.ceil(bytes / GiB))),
  pgprot: {
    kernel: { name: 'PAGE_KERNEL (MT_NORMAL)', memtype: 'cached' },
    dmacoherent: { name: 'pgprot_dmacoherent (MT_NORMAL_NC | PTE_PXN | PTE_UXN)', memtype: 'write-combine' },
    writecombine: {
      name: 'pgprot_writecombine (MT_NORMAL_NC | PTE_PXN | PTE_UXN)',
      memtype: 'write-combine',
    },
    noncached: { name: 'pgprot_noncached (MT_DEVICE_nGnRnE)', memtype: 'uncached' },
    user: { name: 'PAGE_SHARED (MT_NORMAL)', memtype: 'cached' },
  },
  cacheOps: {
    forDevice: cleanAll,
    forCpu: invalUnlessToDevice,
    prepCoherent: 'clean',
    forDeviceFn: 'dcache_clean_poc',
    forCpuFn: 'dcache_inval_poc',
    prepFn: 'arch_dma_prep_coherent',
  },
  kernelImageOffset: 0,
  cmaLimit: 'zone-dma',
  zoneDmaLimit: FOUR_GIB,
  hasZoneDma32: true,
  maxRamMiB: 64 * 1024,
  defaultRamMiB: 4096,
  vmallocCarvesLowmem: false,
  addrHexDigits: 16,
  mmapBase: 0xfffff8000000,
  iommu: {
    ops: 'dma-iommu',
    pageSizes: [4 * KiB, 2 * MiB, GiB],
    apertureStart: 4 * KiB,
    apertureEnd: 2 ** 48,
  },
};

const arm32: ArchProfile = {
  name: 'arm32',
  title: '32-bit ARM (ARMv7, 3G/1G split)',
  pageSize: 4 * KiB,
  cacheLine: 64,
  defaultRamBase: 0x60000000,
  linearBase: 0xc0000000n,
  vmallocStart: null,
  vmallocEnd: 0xff800000n,
  defaultVmallocMiB: 240,
  zones: [
    { name: 'Normal', limit: null },
    { name: 'HighMem', limit: null },
  ],
  defaultCmaMiB: 16,
  alwaysCoherent: false,
  noncoherentAlloc: 'arm-arch-dma-alloc',
  genericAtomicPools: false,
  armAtomicPool: true,
  bouncesUnalignedKmalloc: false,
  dmaMinAlign: 64,
  kmallocMinAlign: 64,
  invalEdges: 'flush',
  defaultSwiotlbMiB: () => 0,
  pgprot: {
    kernel: { name: 'PAGE_KERNEL (L_PTE_MT_WRITEALLOC)', memtype: 'cached' },
    dmacoherent: { name: 'pgprot_dmacoherent (L_PTE_MT_BUFFERABLE | L_PTE_XN)', memtype: 'write-combine' },
    writecombine: { name: 'pgprot_writecombine (L_PTE_MT_BUFFERABLE)', memtype: 'write-combine' },
    noncached: { name: 'pgprot_noncached (L_PTE_MT_UNCACHED)', memtype: 'uncached' },
    user: { name: 'PAGE_SHARED (L_PTE_MT_WRITEALLOC)', memtype: 'cached' },
  },
  cacheOps: {
    // ARMv7 v7_dma_map_area: FROM_DEVICE invalidates, other directions clean.
    forDevice: (dir) => (dir === 'DMA_FROM_DEVICE' ? 'invalidate' : 'clean'),
    forCpu: invalUnlessToDevice,
    // ARM does not select ARCH_HAS_DMA_PREP_COHERENT (v6.12): dma-direct's hook is an empty stub.
    // Its own allocators flush in __dma_clear_buffer instead (dma/arm32.ts).
    prepCoherent: null,
    forDeviceFn: '__dma_page_cpu_to_dev',
    forCpuFn: '__dma_page_dev_to_cpu',
    prepFn: 'arch_dma_prep_coherent',
  },
  kernelImageOffset: 0,
  cmaLimit: 'highmem-first',
  zoneDmaLimit: null,
  hasZoneDma32: false,
  maxRamMiB: 3 * 1024,
  defaultRamMiB: 1024,
  vmallocCarvesLowmem: true,
  addrHexDigits: 8,
  mmapBase: 0xb7000000,
  iommu: {
    ops: 'arm-iommu',
    pageSizes: [4 * KiB, 64 * KiB, MiB, 16 * MiB],
    apertureStart: 0x10000000,
    apertureEnd: 0xf0000000,
  },
};

const riscv64: ArchProfile = {
  name: 'riscv64',
  title: 'RISC-V 64 (Sv39, Zicbom)',
  pageSize: 4 * KiB,
  cacheLine: 64,
  defaultRamBase: 0x80000000,
  // Sv39 in v6.12 (Documentation/arch/riscv/vm-layout.rst): 64 GiB vmalloc, direct map above it.
  linearBase: 0xffffffd800000000n,
  vmallocStart: 0xffffffc800000000n,
  vmallocEnd: 0xffffffd800000000n,
  defaultVmallocMiB: 64 * 1024,
  zones: [
    { name: 'DMA32', limit: FOUR_GIB },
    { name: 'Normal', limit: null },
  ],
  defaultCmaMiB: 16,
  alwaysCoherent: false,
  noncoherentAlloc: 'direct-remap',
  genericAtomicPools: true,
  armAtomicPool: false,
  bouncesUnalignedKmalloc: true,
  dmaMinAlign: 64,
  kmallocMinAlign: 64,
  invalEdges: 'invalidate',
  // arch/riscv/mm/init.c: mem_init: full pool beyond the DMA32 limit, else a kmalloc-bounce
  // pool of 1 MiB per GiB (non-coherent platforms: dma_cache_alignment != 1).
  defaultSwiotlbMiB: (base, bytes) =>
    base + bytes > FOUR_GIB ? 64 : Math.min(64, Math.max(1, Math.ceil(bytes / GiB))),
  pgprot: {
    kernel: { name: 'PAGE_KERNEL (PMA)', memtype: 'cached' },
    // v6.12 falls back to pgprot_noncached; ca525d53f994 (2025) makes it pgprot_writecombine (NC).
    dmacoherent: { name: 'pgprot_dmacoherent = pgprot_noncached (Svpbmt IO)', memtype: 'uncached' },
    writecombine: { name: 'pgprot_writecombine (Svpbmt NC)', memtype: 'write-combine' },
    noncached: { name: 'pgprot_noncached (Svpbmt IO)', memtype: 'uncached' },
    user: { name: 'PAGE_SHARED (PMA)', memtype: 'cached' },
  },
  cacheOps: {
    forDevice: cleanAll,
    forCpu: invalUnlessToDevice,
    prepCoherent: 'flush',
    forDeviceFn: 'arch_sync_dma_for_device',
    forCpuFn: 'arch_sync_dma_for_cpu',
    prepFn: 'arch_dma_prep_coherent',
  },
  kernelImageOffset: 0,
  cmaLimit: 'dma32',
  zoneDmaLimit: null,
  hasZoneDma32: true,
  maxRamMiB: 64 * 1024,
  defaultRamMiB: 4096,
  vmallocCarvesLowmem: false,
  addrHexDigits: 16,
  mmapBase: 0x3ff8000000,
  iommu: {
    ops: 'dma-iommu',
    pageSizes: [4 * KiB, 2 * MiB, GiB],
    apertureStart: 4 * KiB,
    apertureEnd: 2 ** 39,
  },
};

export const ARCH_PROFILES: Readonly<Record<ArchName, ArchProfile>> = { x86_64, arm64, arm32, riscv64 };
export const ARCH_NAMES = Object.keys(ARCH_PROFILES) as ArchName[];

export function profileOf(arch: ArchName): ArchProfile {
  return ARCH_PROFILES[arch];
}

/** Hex with the kernel's %px width: 16 digits on 64-bit, 8 on 32-bit. */
export function hexAddr(profile: ArchProfile, addr: bigint | number): string {
  return `0x${addr.toString(16).padStart(profile.addrHexDigits, '0')}`;
}

/** Bits below which base + offset is added as a Number (exact: 2^44 + 2^44 < 2^53). */
const LOW = 2 ** 44;
const LOW_DIGITS = 11;
const splits = new Map<bigint, { readonly hiHex: string | null; readonly lo: number }>();

/**
 * hexAddr(profile, base + offset) without BigInt arithmetic on the common path: the base is split
 * once into its digits above bit 44 and a Number below; the sum is exact while it stays below
 * 2^44 (every in-range address of the modelled machines), else BigInt does it.
 */
export function hexAddrAt(profile: ArchProfile, base: bigint, offset: number): string {
  let sp = splits.get(base);
  if (!sp) {
    const hi = base / BigInt(LOW);
    sp = { hiHex: hi === 0n ? null : hi.toString(16), lo: Number(base % BigInt(LOW)) };
    splits.set(base, sp);
  }
  const sum = sp.lo + offset;
  if (!(Number.isSafeInteger(offset) && offset >= 0 && sum < LOW))
    return hexAddr(profile, base + BigInt(offset));
  if (sp.hiHex === null) return hexAddr(profile, sum);
  return `0x${(sp.hiHex + sum.toString(16).padStart(LOW_DIGITS, '0')).padStart(profile.addrHexDigits, '0')}`;
}
