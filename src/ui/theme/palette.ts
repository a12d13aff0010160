// One colour and one pattern per memory type and page kind, everywhere (stage, legend, exports).
// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies; patterns make
// the memory types readable in greyscale and on a washed-out projector too.
import type { MemType, PageKind } from '../../model';

export interface MemTypeStyle {
  readonly color: string;
  /** id of the SVG <pattern> drawn for it (see PatternDefs), or null for solid. */
  readonly pattern: 'solid' | 'stripes' | 'crosshatch';
  readonly label: string;
  readonly description: string;
}

export const MEMTYPE_STYLE: Readonly<Record<MemType, MemTypeStyle>> = {
  cached: {
    color: '#0072B2',
    pattern: 'solid',
    label: 'cached (write-back)',
    description: 'Reads and writes go through the CPU cache.',
  },
  'write-combine': {
    color: '#E69F00',
    pattern: 'stripes',
    label: 'write-combine (Normal non-cacheable)',
    description: 'Not cached; writes may be buffered and merged before they reach memory.',
  },
  uncached: {
    color: '#CC79A7',
    pattern: 'crosshatch',
    label: 'uncached (device / strongly ordered)',
    description: 'Every access goes to memory, in order, one by one.',
  },
};

export const PAGE_KIND_STYLE: Readonly<Record<PageKind, { readonly color: string; readonly label: string }>> =
  {
    free: { color: '#e8e8e8', label: 'free (buddy)' },
    kernel: { color: '#555555', label: 'kernel image' },
    'cma-free': { color: '#b8e0d2', label: 'CMA area, free' },
    swiotlb: { color: '#F0E442', label: 'swiotlb bounce pool' },
    'pool-free': { color: '#bfe3f5', label: 'atomic pool, free' },
    buffer: { color: '#009E73', label: 'DMA buffer' },
    fragment: { color: '#9a9a9a', label: 'other kernel users' },
  };

/** Dark theme variants of the page kinds (memory-type colours stay the same). */
export const PAGE_KIND_STYLE_DARK: Readonly<Record<PageKind, string>> = {
  free: '#2b2f36',
  kernel: '#8a8a8a',
  'cma-free': '#2f5c4e',
  swiotlb: '#b9ab2a',
  'pool-free': '#2b5470',
  buffer: '#19c28f',
  fragment: '#5b5b5b',
};
