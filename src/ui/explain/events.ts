// Plain-words explanations of model events, keyed by event type (and refined by kernel function),
// written from the fact sheet. The model holds no prose; everything a reader sees lives here.
import type { MemType, ModelEvent, PfnRange, StepRecord } from '../../model';
import { formatSize, KERNEL_FUNCTIONS, kernelFileUrl, kernelSourceUrl } from '../../model';
import { MEMTYPE_STYLE } from '../theme/palette';
import { describeStreamEvent } from './streamEvents';

export interface Explanation {
  /** One line: what happened. */
  readonly headline: string;
  /** Why, in plain words. */
  readonly body: string;
  /** The attribute or architecture rule that made it happen, when one did. */
  readonly rule: string | null;
  /** The kernel function behind it and where its source is. */
  readonly fn: string;
  readonly fnSummary: string | null;
  /** Elixir link; null for a model operation (cpu_read, fragment_memory…), which has no source. */
  readonly sourceUrl: string | null;
  readonly file: string | null;
  readonly fileUrl: string | null;
}

/** Facts about the step that the words depend on. */
export interface ExplainContext {
  readonly pageSize: number;
  readonly arch: string;
  readonly record: StepRecord | null;
}

const SOURCE_WORDS: Readonly<Record<string, string>> = {
  buddy: 'the buddy allocator',
  cma: 'the CMA area',
  atomic_pool: 'the atomic pool',
  arm_atomic_pool: "ARM's atomic coherent pool",
  swiotlb: 'the swiotlb bounce pool',
};

function pagesOf(ranges: readonly PfnRange[]): number {
  return ranges.reduce((n, r) => n + r.count, 0);
}

function bytes(n: number): string {
  return formatSize(n);
}

function memtypeWords(m: MemType): string {
  return MEMTYPE_STYLE[m].label;
}

function opAttrs(ctx: ExplainContext): readonly string[] {
  const a = (ctx.record?.op as { attrs?: unknown } | undefined)?.attrs;
  return Array.isArray(a) ? (a as string[]) : [];
}

/** How each architecture maintains caches for DMA (kernel-dma-facts.md §6). */
const CACHE_OPS_BY_ARCH: Readonly<Record<string, string>> = {
  arm64: 'arm64: dcache_clean_poc / dcache_inval_poc on the linear-map alias',
  arm32:
    'ARM32: dmac_flush_range or __dma_page_cpu_to_dev / __dma_page_dev_to_cpu, inner and outer caches; ARM32 has no arch_dma_prep_coherent',
  riscv64: 'RISC-V: Zicbom cbo.clean / cbo.inval (or vendor ops) in arch/riscv/mm/dma-noncoherent.c',
};

/** Kernel functions the reference table does not describe. */
const EXTRA_FN: Readonly<Record<string, string>> = {
  dmaviz: 'A model operation (not a kernel function).',
  fragment_memory: 'A model operation: other kernel users take free pages, as on a long-running system.',
  __GFP_ZERO: 'The page allocator clears pages requested with __GFP_ZERO.',
  memset: 'Clears the buffer through a kernel mapping.',
  cpu_read: 'A model operation: the CPU loads from the buffer (a driver reading its data).',
  cpu_write: 'A model operation: the CPU stores to the buffer (a driver filling its data).',
  device_read: 'A model operation: the device reads the buffer by DMA (a transmit).',
  device_write: 'A model operation: the device writes the buffer by DMA (a receive).',
  cpu_speculative_load:
    'A model operation: the CPU prefetches cacheable lines on its own, as out-of-order cores may at any time.',
  cache_evict: 'A model operation: the cache evicts lines to make room, writing dirty ones back.',
};

/** True for the model's own operations, which have no kernel source to link to. */
export function isModelOp(fn: string): boolean {
  return !KERNEL_FUNCTIONS[fn] && fn in EXTRA_FN && !fn.startsWith('__GFP') && fn !== 'memset';
}

function ruleFor(e: ModelEvent, ctx: ExplainContext): string | null {
  const attrs = opAttrs(ctx);
  switch (e.type) {
    case 'attrIgnored':
      return `${e.attr}: ${e.why}`;
    case 'callEntered':
      if (e.fn === 'dma_direct_alloc_no_mapping')
        return 'DMA_ATTR_NO_KERNEL_MAPPING: no vmap, the page is the cookie';
      if (e.fn === 'dma_direct_alloc_from_pool' || e.fn === 'dma_alloc_from_pool')
        return 'gfp may not sleep (GFP_ATOMIC / GFP_NOWAIT) and the device is not coherent: the pre-mapped atomic pool is used (dma_direct_use_pool)';
      if (e.fn === 'iommu_dma_alloc' || e.fn === 'arm_iommu_alloc_attrs')
        return 'the device is behind an IOMMU: dma-iommu handles the call';
      if (e.fn === 'dma_common_contiguous_remap')
        return 'non-coherent device: the pages get a second, non-cacheable kernel mapping (remap)';
      return null;
    case 'pagesAllocated':
      if (e.source === 'cma')
        return 'the gfp may sleep and the buffer is larger than a page: CMA is tried first';
      if (e.source === 'atomic_pool' || e.source === 'arm_atomic_pool')
        return 'the caller may not sleep: memory comes from the pool mapped at boot';
      return null;
    case 'ptesWritten':
      if (e.space === 'vmalloc' || e.space === 'user')
        return e.memtype === 'cached'
          ? 'coherent device: dma_pgprot() keeps the normal cacheable protection'
          : `non-coherent device: ${ctx.arch === 'arm32' && e.space === 'vmalloc' ? "ARM32's __get_dma_pgprot()" : 'dma_pgprot()'} gives ${e.pgprot}${attrs.includes('DMA_ATTR_WRITE_COMBINE') ? ' (DMA_ATTR_WRITE_COMBINE requested)' : ''}`;
      return null;
    case 'cacheMaintained':
      if (e.fn === 'arch_dma_prep_coherent')
        return attrs.includes('DMA_ATTR_NO_KERNEL_MAPPING')
          ? 'DMA_ATTR_NO_KERNEL_MAPPING: the cacheable linear alias is cleaned once, since no other mapping is made'
          : 'non-coherent device: the cacheable linear alias is cleaned before the non-cacheable mapping is used';
      return null;
    case 'linearPtesChanged':
      return 'ARM32 CMA: the linear-map PTEs are rewritten in place (__dma_remap), so the pages keep a single mapping';
    case 'iommuMapped':
      return 'the device is behind an IOMMU: it sees I/O virtual addresses, not physical ones';
    default:
      return null;
  }
}

function describe(e: ModelEvent, ctx: ExplainContext): { headline: string; body: string } {
  const ps = ctx.pageSize;
  switch (e.type) {
    case 'callEntered': {
      const s = KERNEL_FUNCTIONS[e.fn]?.summary ?? EXTRA_FN[e.fn] ?? '';
      return { headline: `${e.fn}() runs`, body: s || `The kernel enters ${e.fn}().` };
    }
    case 'attrIgnored':
      return {
        headline: `${e.attr} has no effect here`,
        body: `The attribute was passed but this path does not act on it: ${e.why}. Attributes are hints unless the path implements them.`,
      };
    case 'pagesAllocated': {
      const n = pagesOf(e.ranges);
      const where = SOURCE_WORDS[e.source] ?? e.source;
      const zone = e.zone ? ` in ZONE_${e.zone}` : '';
      const why =
        e.source === 'cma'
          ? 'CMA hands out a physically contiguous run from an area reserved at boot (movable pages are migrated out); only callers that may sleep can use it.'
          : e.source === 'buddy'
            ? `The buddy allocator hands out a block of 2^${e.order} pages; dma-direct keeps the whole power-of-two block.`
            : e.source === 'swiotlb'
              ? 'Bounce-buffer slots: the device gets an address it can reach, and the data is copied.'
              : 'The pool was allocated and mapped at boot, so handing out memory never sleeps.';
      return {
        headline: `${n} page${n === 1 ? '' : 's'} (${bytes(n * ps)}) taken from ${where}${zone}`,
        body: `${why} Owner: ${e.owner}.`,
      };
    }
    case 'blockSplit':
      return {
        headline: `A free order-${e.fromOrder} block is split down to order ${e.toOrder} (ZONE_${e.zone})`,
        body: 'The buddy allocator halves a larger free block until a block of the requested order exists; the other halves go back on the free lists.',
      };
    case 'pagesFreed': {
      const n = pagesOf(e.ranges);
      return {
        headline: `${n} page${n === 1 ? '' : 's'} (${bytes(n * ps)}) returned to ${SOURCE_WORDS[e.source] ?? e.source}`,
        body: `The memory of ${e.owner} goes back where it came from; the same size must be passed to the free call as at allocation.`,
      };
    }
    case 'pagesZeroed':
      return {
        headline: `The buffer is zeroed through the ${e.via} mapping`,
        body: 'The driver never sees stale data: dma-direct zeroes every allocation except the NO_KERNEL_MAPPING cookie path, the pools return zeroed memory and dma-iommu allocates with __GFP_ZERO.',
      };
    case 'cacheMaintained': {
      const what =
        e.op === 'clean'
          ? 'Clean writes dirty cache lines back to memory (they stay valid in the cache)'
          : e.op === 'invalidate'
            ? 'Invalidate drops the cached copies, so the next CPU read fetches what the device wrote'
            : 'Flush = clean then invalidate';
      return {
        headline: `Cache ${e.op}: ${bytes(e.bytes)} through the ${e.alias} alias`,
        body: `${what}. A non-coherent device does not snoop the CPU caches, so the kernel does this by hand (${CACHE_OPS_BY_ARCH[ctx.arch] ?? 'arch_sync_dma_for_device / arch_sync_dma_for_cpu'}).`,
      };
    }
    case 'linearPtesChanged':
      return {
        headline: `Linear-map PTEs of ${pagesOf(e.ranges)} pages become ${memtypeWords(e.memtype)}`,
        body: `Protection ${e.pgprot}. ARM32 remaps a lowmem CMA area with page-granular PTEs at boot (dma_contiguous_remap) so that, at allocation, __dma_remap can change the type of the pages' only kernel mapping; at free it goes back to PAGE_KERNEL. CMA in highmem has no linear mapping and gets a vmalloc remap instead.`,
      };
    case 'vmallocReserved':
      return {
        headline: `${e.pages} pages of vmalloc space reserved at ${e.start} (+${e.guardPages} guard page)`,
        body: 'A remap needs a new kernel virtual range. Every vmap area carries a trailing guard page, so N pages use N+1 pages of vmalloc address space.',
      };
    case 'vmallocReleased':
      return {
        headline: `${e.pages} pages of vmalloc space released at ${e.start}`,
        body: 'vunmap removes the kernel remap; the physical pages are freed separately.',
      };
    case 'ptesWritten': {
      const where =
        e.space === 'vmalloc'
          ? 'in the vmalloc area: a second kernel alias of the same pages (the linear map still maps them too)'
          : e.space === 'user'
            ? 'in the process: remap_pfn_range writes the user PTEs with vm_page_prot from dma_pgprot()'
            : e.space === 'linear'
              ? 'in the linear map'
              : 'in the IOMMU page table';
      return {
        headline: `${e.pages} PTEs written at ${e.start}: ${memtypeWords(e.memtype)}`,
        body: `Protection ${e.pgprot}, ${where}.`,
      };
    }
    case 'ptesCleared':
      return {
        headline: `${e.pages} ${e.space} PTEs cleared at ${e.start}`,
        body: 'The mapping is torn down; the TLB entries for it are flushed.',
      };
    case 'iovaReserved':
      return {
        headline: `${bytes(e.size)} of IOVA space reserved for ${e.dev} at ${e.iova}`,
        body:
          e.fn === '__alloc_iova'
            ? "ARM32's IOMMU ops take the first free run in the mapping's IOVA bitmap (bitmap_find_next_zero_area), aligned to the size up to a configurable cap."
            : 'alloc_iova searches top-down from the DMA mask limit and aligns the start to the power-of-two size; alloc_iova_fast rounds sizes under 32 granules up to a power of two.',
      };
    case 'iovaFreed':
      return {
        headline: `IOVA range ${e.iova} (${bytes(e.size)}) of ${e.dev} freed`,
        body: 'The I/O virtual range can be reused.',
      };
    case 'iommuMapped': {
      const n = pagesOf(e.ranges);
      return {
        headline: `IOMMU maps ${e.iova} → ${e.ranges.length} physical run${e.ranges.length === 1 ? '' : 's'} (${n} pages) for ${e.dev}`,
        body: `Protection ${e.prot.join(' | ') || '0'}. The device sees one contiguous I/O virtual range even when the pages are scattered in RAM.`,
      };
    }
    case 'iommuUnmapped':
      return {
        headline: `IOMMU unmaps ${e.iova} (${bytes(e.size)}) for ${e.dev}`,
        body: 'The device can no longer reach those pages; the IOTLB is flushed.',
      };
    case 'poolAllocated':
      return {
        headline: `${bytes(e.size)} taken from ${e.pool} at offset ${e.offset}`,
        body: 'gen_pool hands out a chunk of memory that was mapped non-cacheable at boot, so no remap (and no sleeping) is needed.',
      };
    case 'poolFreed':
      return {
        headline: `${bytes(e.size)} returned to ${e.pool}`,
        body: 'gen_pool_free puts the chunk back into the pool.',
      };
    case 'vmaCreated':
      return {
        headline: `${e.process}: a ${e.pages}-page VMA at ${e.start}, ${memtypeWords(e.memtype)}`,
        body: `The user mapping gets protection ${e.pgprot}, chosen by dma_pgprot(): unchanged for a coherent device, otherwise non-cacheable (write-combine where the architecture honours DMA_ATTR_WRITE_COMBINE).`,
      };
    case 'vmaRemoved':
      return {
        headline: `${e.process}: VMA at ${e.start} removed`,
        body: 'munmap tears down the user mapping; the DMA buffer itself stays allocated.',
      };
    case 'bufferCreated':
      return {
        headline: `The call returns ${e.buffer}`,
        body: 'The driver now holds the buffer: its CPU address (or cookie) and its DMA handle.',
      };
    case 'bufferFreed':
      return {
        headline: `${e.buffer} is freed`,
        body: 'Every mapping and page of the buffer has been released.',
      };
    case 'kernelMessage':
      return {
        headline: e.level === 'info' ? 'Kernel note' : `Kernel ${e.level === 'warn' ? 'warning' : 'error'}`,
        body: e.text,
      };
    case 'memoryFragmented':
      return {
        headline: `${e.pagesTaken} pages of ZONE_${e.zone} taken by other kernel users`,
        body: 'Scattered single pages are now in use, so few large free blocks remain: what a long-running system looks like.',
      };
    default: {
      const stream = describeStreamEvent(e);
      if (stream) return stream;
      const unknown = e as { type: string; fn: string };
      return { headline: `${unknown.type}`, body: `Event ${unknown.type} in ${unknown.fn}.` };
    }
  }
}

export function explainEvent(e: ModelEvent, ctx: ExplainContext): Explanation {
  const { headline, body } = describe(e, ctx);
  const info = KERNEL_FUNCTIONS[e.fn];
  return {
    headline,
    body,
    rule: ruleFor(e, ctx),
    fn: e.fn,
    fnSummary: info?.summary ?? EXTRA_FN[e.fn] ?? null,
    sourceUrl: isModelOp(e.fn) ? null : kernelSourceUrl(e.fn),
    file: info?.file ?? null,
    fileUrl: info ? kernelFileUrl(info.file) : null,
  };
}

/** The call stack at event `index`: the callEntered events still open, outermost first. */
export function callStackAt(events: readonly ModelEvent[], index: number): string[] {
  const stack: string[] = [];
  for (let i = 0; i <= index && i < events.length; i++) {
    const e = events[i]!;
    if (e.type === 'callEntered') {
      stack.length = e.depth;
      stack.push(e.fn);
    }
  }
  const current = events[index];
  if (current && current.type !== 'callEntered' && stack[stack.length - 1] !== current.fn)
    stack.push(current.fn);
  return stack;
}

/** The calls of a step with repeats folded: ["alloc_pages_node ×256", ...]. */
export function foldCalls(calls: readonly string[]): { fn: string; count: number }[] {
  const out: { fn: string; count: number }[] = [];
  for (const c of calls) {
    const last = out[out.length - 1];
    if (last && last.fn === c) last.count++;
    else out.push({ fn: c, count: 1 });
  }
  return out;
}

/** A summary of the whole step (no event in focus). */
export function explainStep(record: StepRecord): { headline: string; body: string } {
  const r = record.result;
  const name = typeof record.op.as === 'string' ? ` ${record.op.as}` : '';
  if (!r.ok)
    return {
      headline: `${record.op.op}${name} failed: ${r.error.code}`,
      body: r.error.message,
    };
  const v = r.value as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof v.path === 'string') parts.push(`Served by ${v.path}.`);
  if (typeof v.cpuAddrKind === 'string')
    parts.push(
      v.cpuAddrKind === 'cookie'
        ? `The return value ${String(v.cpuAddr)} is a cookie, not an address the CPU may dereference.`
        : `CPU address ${String(v.cpuAddr)} (${v.cpuAddrKind}).`,
    );
  if (typeof v.dmaAddr === 'string') parts.push(`DMA handle ${v.dmaAddr}.`);
  const counts = new Map<string, number>();
  for (const e of record.events)
    if (e.type !== 'callEntered') counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  parts.push(`${record.events.length} events; step through them with → or the event buttons.`);
  return { headline: `${record.op.op}${name} succeeded`, body: parts.join(' ') };
}
