// From the driver panel's form to an operation the model runs, the C line a driver would write
// for it, and the reasons the input is refused before anything runs. Pure functions.
import type { DmaAttr, DmaDirection, GfpFlag, MachineState, Op } from '../../model';
import { GFP_FLAGS, parseSize } from '../../model';
import { descriptorOf, type OpDescriptor } from './opTable';

/** The base of a gfp mask: whether the caller may sleep. */
export const GFP_BASES = ['GFP_KERNEL', 'GFP_ATOMIC', 'GFP_NOWAIT'] as const;
export type GfpBase = (typeof GFP_BASES)[number];
/** The modifiers: every flag the model knows that is not a base. */
export const GFP_MODIFIERS: readonly GfpFlag[] = GFP_FLAGS.filter((f) => f.startsWith('__'));

export interface DriverForm {
  readonly op: string;
  readonly dev: string;
  readonly size: string;
  readonly gfpBase: GfpBase;
  readonly gfpMods: readonly GfpFlag[];
  readonly attrs: readonly DmaAttr[];
  readonly dir: DmaDirection;
  readonly buf: string;
  readonly map: string;
  readonly process: string;
  readonly vma: string;
  readonly value: string;
  /** For dma_map_sg: buffer names separated by commas. */
  readonly bufs: string;
  /** For dma_map_resource: a physical (MMIO) address. */
  readonly phys: string;
  /** The CPU's access path for data operations: a buffer or a user VMA. */
  readonly via: string;
  readonly seed: string;
  readonly percent: string;
  readonly as: string;
}

export const DEFAULT_FORM: DriverForm = {
  op: 'dma_alloc_attrs',
  dev: '',
  size: '2M',
  gfpBase: 'GFP_KERNEL',
  gfpMods: [],
  attrs: [],
  dir: 'DMA_BIDIRECTIONAL',
  buf: '',
  map: '',
  process: '',
  vma: '',
  value: '0x5a',
  bufs: '',
  phys: '0x40000000',
  via: '',
  seed: '1',
  percent: '30',
  as: '',
};

export interface Problem {
  readonly field: string;
  readonly message: string;
}

export type Composed =
  | { readonly ok: true; readonly op: Op; readonly cLine: string }
  | { readonly ok: false; readonly problems: readonly Problem[]; readonly cLine: string };

/** What the form needs to know about the machine on show. */
export interface ComposeContext {
  readonly devices: readonly string[];
  readonly processes: readonly string[];
  /** Live named objects: name -> what it is; buffers carry what the C line needs. */
  readonly names: ReadonlyMap<string, NamedThing>;
}

export type NamedThing =
  | {
      readonly kind: 'buffer';
      readonly bufKind: string;
      readonly dev: string | null;
      readonly size: number;
      readonly attrs: readonly string[];
      readonly dir: string | null;
    }
  | { readonly kind: 'vma' | 'map' };

/** The live names of a machine state, for the pickers and the C line. */
export function composeContextOf(s: MachineState): ComposeContext {
  const names = new Map<string, NamedThing>();
  for (const [name, ref] of s.names) {
    if (ref.kind === 'buffer') {
      const b = s.buffers.get(ref.id);
      if (b?.live)
        names.set(name, {
          kind: 'buffer',
          bufKind: b.kind,
          dev: b.dev,
          size: b.size,
          attrs: b.attrs,
          dir: b.dir,
        });
    } else if (ref.kind === 'vma') {
      if (s.vmas.get(ref.id)?.live) names.set(name, { kind: 'vma' });
    } else names.set(name, { kind: 'map' });
  }
  return {
    devices: s.config.devices.map((d) => d.name),
    processes: [...s.config.processes],
    names,
  };
}

/** `SZ_2M` for exact powers of two (include/linux/sizes.h), `3 * SZ_1M` for multiples, else bytes. */
export function sizeC(bytes: number): string {
  const units: [number, string][] = [
    [2 ** 30, 'G'],
    [2 ** 20, 'M'],
    [2 ** 10, 'K'],
    [1, ''],
  ];
  if (bytes > 0 && Number.isSafeInteger(bytes) && (bytes & (bytes - 1)) === 0 && bytes <= 2 ** 31) {
    for (const [f, u] of units) if (bytes >= f) return `SZ_${bytes / f}${u}`;
  }
  if (bytes > 0 && bytes % 2 ** 20 === 0 && bytes < 2 ** 40) return `${bytes / 2 ** 20} * SZ_1M`;
  if (bytes > 0 && bytes % 4096 === 0 && bytes < 2 ** 31) return `${bytes / 4096} * SZ_4K`;
  return String(bytes);
}

/** A C identifier for a name (device and process names may hold "-" or "."). */
export function ident(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(s) ? `_${s}` : s || '_';
}

function gfpC(form: DriverForm): string {
  return [form.gfpBase, ...form.gfpMods].join(' | ');
}

function attrsC(attrs: readonly string[]): string {
  return attrs.length ? attrs.join(' | ') : '0';
}

/** Attributes a wrapper passes (dma_alloc_coherent/_wc add NO_WARN iff gfp has __GFP_NOWARN). */
export function wrapperPasses(d: OpDescriptor, form: DriverForm): readonly string[] | null {
  if (!d.wrapperAttrs) return null;
  const a = [...d.wrapperAttrs];
  if ((d.name === 'dma_alloc_coherent' || d.name === 'dma_alloc_wc') && form.gfpMods.includes('__GFP_NOWARN'))
    a.push('DMA_ATTR_NO_WARN');
  return a;
}

const WRAPPED: Readonly<Record<string, string>> = {
  dma_alloc_coherent: 'dma_alloc_attrs',
  dma_alloc_wc: 'dma_alloc_attrs',
  dma_free_coherent: 'dma_free_attrs',
  dma_free_wc: 'dma_free_attrs',
  dma_mmap_coherent: 'dma_mmap_attrs',
  dma_mmap_wc: 'dma_mmap_attrs',
  dma_get_sgtable: 'dma_get_sgtable_attrs',
};

/** The C line for the form, with placeholders where input is missing. */
export function cLineOf(form: DriverForm, ctx: ComposeContext): string {
  const d = descriptorOf(form.op);
  const as = form.as.trim() ? ident(form.as.trim()) : 'buf';
  const dev = form.dev ? ident(form.dev) : 'dev';
  const bytes = parseSize(form.size.trim());
  const sz = bytes !== null && bytes > 0 ? sizeC(bytes) : form.size.trim() || 'size';
  const buf = ctx.names.get(form.buf);
  const binfo = buf?.kind === 'buffer' ? buf : null;
  const bname = form.buf ? ident(form.buf) : 'cpu_addr';
  const bdev = binfo?.dev ? ident(binfo.dev) : 'dev';
  const bsz = binfo ? sizeC(binfo.size) : 'size';
  const attrs = attrsC(form.attrs);
  const map = form.map ? ident(form.map) : 'dma_handle';
  const via = form.via ? ident(form.via) : 'cpu_addr';
  let line: string;
  switch (form.op) {
    case 'dma_alloc_attrs':
      line = `${as} = dma_alloc_attrs(${dev}, ${sz}, &${as}_dma, ${gfpC(form)}, ${attrs});`;
      break;
    case 'dma_alloc_coherent':
    case 'dma_alloc_wc':
      line = `${as} = ${form.op}(${dev}, ${sz}, &${as}_dma, ${gfpC(form)});`;
      break;
    case 'dma_alloc_pages':
    case 'dma_alloc_noncoherent':
      line = `${as} = ${form.op}(${dev}, ${sz}, &${as}_dma, ${form.dir}, ${gfpC(form)});`;
      break;
    case 'dma_free_attrs':
      line = `dma_free_attrs(${bdev}, ${bsz}, ${bname}, ${bname}_dma, ${attrs});`;
      break;
    case 'dma_free_coherent':
    case 'dma_free_wc':
      line = `${form.op}(${bdev}, ${bsz}, ${bname}, ${bname}_dma);`;
      break;
    case 'dma_free_pages':
    case 'dma_free_noncoherent':
      line = `${form.op}(${bdev}, ${bsz}, ${bname}, ${bname}_dma, ${binfo?.dir ?? 'dir'});`;
      break;
    case 'dma_mmap_attrs':
      line = `dma_mmap_attrs(${bdev}, vma, ${bname}, ${bname}_dma, ${bsz}, ${attrs});`;
      break;
    case 'dma_mmap_coherent':
    case 'dma_mmap_wc':
      line = `${form.op}(${bdev}, vma, ${bname}, ${bname}_dma, ${bsz});`;
      break;
    case 'munmap':
      line = `munmap(${form.vma ? ident(form.vma) : 'addr'}, length);  /* user space */`;
      break;
    case 'dma_get_sgtable_attrs':
      line = `dma_get_sgtable_attrs(${bdev}, &sgt, ${bname}, ${bname}_dma, ${bsz}, ${attrs});`;
      break;
    case 'dma_get_sgtable':
      line = `dma_get_sgtable(${bdev}, &sgt, ${bname}, ${bname}_dma, ${bsz});`;
      break;
    case 'kmalloc':
      line = `${as} = kmalloc(${sz}, ${gfpC(form)});`;
      break;
    case 'kfree':
      line = `kfree(${bname});`;
      break;
    case 'alloc_pages':
      line = `${as} = alloc_pages(${gfpC(form)}, get_order(${sz}));`;
      break;
    case '__free_pages':
      line = `__free_pages(${bname}, get_order(${bsz}));`;
      break;
    case 'vmalloc':
      line = `${as} = vmalloc(${sz});`;
      break;
    case 'vfree':
      line = `vfree(${bname});`;
      break;
    case 'dma_map_single_attrs':
      line = `${as} = dma_map_single_attrs(${dev}, ${bname}, ${bsz}, ${form.dir}, ${attrs});`;
      break;
    case 'dma_map_page_attrs':
      line = `${as} = dma_map_page_attrs(${dev}, ${bname}, 0, ${bsz}, ${form.dir}, ${attrs});`;
      break;
    case 'dma_map_resource':
      line = `${as} = dma_map_resource(${dev}, ${form.phys || 'phys'}, ${sz}, ${form.dir}, ${attrs});`;
      break;
    case 'dma_unmap_resource':
      line = `dma_unmap_resource(dev, ${map}, size, dir, ${attrs});`;
      break;
    case 'dma_unmap_single_attrs':
    case 'dma_unmap_page_attrs':
      line = `${form.op}(dev, ${map}, size, dir, ${attrs});`;
      break;
    case 'dma_unmap_sg_attrs':
      line = `dma_unmap_sg_attrs(dev, ${map}_sgl, nents, dir, ${attrs});`;
      break;
    case 'dma_map_single':
      line = form.attrs.length
        ? `${as} = dma_map_single_attrs(${dev}, ${bname}, ${bsz}, ${form.dir}, ${attrs});`
        : `${as} = dma_map_single(${dev}, ${bname}, ${bsz}, ${form.dir});`;
      break;
    case 'dma_map_page':
      line = `${as} = dma_map_page_attrs(${dev}, ${bname}, 0, ${bsz}, ${form.dir}, ${attrs});`;
      break;
    case 'dma_map_sg':
    case 'dma_map_sg_attrs':
      line = `${as} = dma_map_sg_attrs(${dev}, sgl /* ${form.bufs || 'buffers'} */, nents, ${form.dir}, ${attrs});`;
      break;
    case 'dma_unmap_single':
    case 'dma_unmap_page':
      line = `${form.op}_attrs(dev, ${map}, size, dir, ${attrs});`;
      break;
    case 'dma_unmap_sg':
      line = `dma_unmap_sg_attrs(dev, ${map}_sgl, nents, dir, ${attrs});`;
      break;
    case 'dma_mapping_error':
      line = `if (dma_mapping_error(dev, ${map})) return -ENOMEM;`;
      break;
    case 'dma_sync_single_for_cpu':
    case 'dma_sync_single_for_device':
      line = `${form.op}(dev, ${map}, size, ${form.dir});`;
      break;
    case 'dma_sync_sg_for_cpu':
    case 'dma_sync_sg_for_device':
      line = `${form.op}(dev, ${map}_sgl, nents, ${form.dir});`;
      break;
    case 'cpu_write':
      line = `WRITE_ONCE(*(u32 *)${via}, ${form.value || 'value'});  /* CPU store */`;
      break;
    case 'cpu_read':
      line = `val = READ_ONCE(*(u32 *)${via});  /* CPU load */`;
      break;
    case 'device_write':
      line = `/* the device writes ${form.value || 'value'} by DMA to ${map} */`;
      break;
    case 'device_read':
      line = `/* the device reads ${map} by DMA */`;
      break;
    case 'cpu_speculative_load':
      line = `/* the CPU speculatively loads lines of ${via} through its cacheable alias */`;
      break;
    case 'cache_evict':
      line = `/* the cache evicts (writes back) the dirty lines of ${via} */`;
      break;
    case 'driver_unbind':
      line = `device_release_driver(${dev});`;
      break;
    case 'fragment_memory':
      line = `/* model: other kernel users take ${form.percent || '?'}% of free pages (seed ${form.seed || '?'}) */`;
      break;
    default:
      line = `/* ${form.op}() */`;
  }
  const passes = d ? wrapperPasses(d, form) : null;
  const inner = WRAPPED[form.op];
  if (passes && inner) line += `  /* → ${inner}(…, ${attrsC(passes)}) */`;
  if (form.op === 'dma_alloc_noncoherent') line += '  /* page_address(dma_alloc_pages(…)) */';
  return line;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;

/** Checks the form and builds the operation; the reasons for a refusal name the field. */
export function compose(form: DriverForm, ctx: ComposeContext): Composed {
  const cLine = cLineOf(form, ctx);
  const d = descriptorOf(form.op);
  const problems: Problem[] = [];
  const args: Record<string, unknown> = { op: form.op };
  const fields = d?.args ?? [];
  const optional = new Set(d?.optional ?? []);
  for (const f of fields) {
    switch (f) {
      case 'dev':
        if (!form.dev) problems.push({ field: 'dev', message: 'choose a device' });
        else if (!ctx.devices.includes(form.dev))
          problems.push({ field: 'dev', message: `no device named "${form.dev}" on this machine` });
        else args.dev = form.dev;
        break;
      case 'size': {
        const raw = form.size.trim();
        const n = parseSize(raw);
        if (raw === '') problems.push({ field: 'size', message: 'size is required' });
        else if (n === null)
          problems.push({
            field: 'size',
            message: `"${raw}" is not a size: write whole bytes or a number with K, M or G (4096, 64K, 2M)`,
          });
        else if (n <= 0)
          problems.push({ field: 'size', message: 'size 0: a buffer needs at least one byte' });
        else args.size = /^\d+$/.test(raw) ? n : raw;
        break;
      }
      case 'gfp':
        args.gfp = [form.gfpBase, ...form.gfpMods].join(' | ');
        break;
      case 'attrs':
        if (form.attrs.length) args.attrs = [...form.attrs];
        break;
      case 'dir':
        if (!optional.has('dir') || form.dir) args.dir = form.dir;
        break;
      case 'buf': {
        const b = ctx.names.get(form.buf);
        if (!form.buf) problems.push({ field: 'buf', message: 'choose a buffer (allocate one first)' });
        else if (b?.kind !== 'buffer')
          problems.push({ field: 'buf', message: `"${form.buf}" is not a live buffer` });
        else args.buf = form.buf;
        break;
      }
      case 'map':
        if (!form.map) problems.push({ field: 'map', message: 'choose a mapping (map a buffer first)' });
        else args.map = form.map;
        break;
      case 'vma':
        if (!form.vma)
          problems.push({ field: 'vma', message: 'choose a user mapping (mmap a buffer first)' });
        else args.vma = form.vma;
        break;
      case 'process':
        if (!form.process || !ctx.processes.includes(form.process))
          problems.push({ field: 'process', message: 'choose a process' });
        else args.process = form.process;
        break;
      case 'value':
        if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(form.value.trim()))
          problems.push({ field: 'value', message: 'a value is a whole number, e.g. 0x5a or 90' });
        else args.value = Number(form.value.trim());
        break;
      case 'seed':
        if (!/^\d+$/.test(form.seed.trim()))
          problems.push({ field: 'seed', message: 'the seed is a whole number' });
        else args.seed = Number(form.seed.trim());
        break;
      case 'percent': {
        const p = Number(form.percent.trim());
        if (form.percent.trim() === '' || !(p >= 0 && p <= 95))
          problems.push({ field: 'percent', message: 'percent is a number from 0 to 95' });
        else args.percent = p;
        break;
      }
      case 'via': {
        const t = ctx.names.get(form.via);
        if (!form.via)
          problems.push({ field: 'via', message: 'choose a buffer or user mapping for the CPU' });
        else if (!t || t.kind === 'map')
          problems.push({ field: 'via', message: `"${form.via}" is not a live buffer or user mapping` });
        else args.via = form.via;
        break;
      }
      case 'bufs': {
        const names = form.bufs.split(/[\s,]+/).filter(Boolean);
        const bad = names.find((n) => ctx.names.get(n)?.kind !== 'buffer');
        if (names.length === 0)
          problems.push({ field: 'bufs', message: 'name one or more buffers, separated by commas' });
        else if (bad) problems.push({ field: 'bufs', message: `"${bad}" is not a live buffer` });
        else args.bufs = names;
        break;
      }
      case 'phys':
        if (!/^0x[0-9a-fA-F]+$/.test(form.phys.trim()))
          problems.push({ field: 'phys', message: 'a physical address in hex, e.g. 0x40000000' });
        else args.phys = form.phys.trim();
        break;
      case 'offset':
      case 'nents':
        break;
    }
  }
  if (d?.creates) {
    const as = form.as.trim();
    if (!as) problems.push({ field: 'as', message: 'give the result a name so later calls can use it' });
    else if (!IDENT.test(as))
      problems.push({ field: 'as', message: `"${as}" is not a C identifier (letters, digits, _)` });
    else if (ctx.names.has(as))
      problems.push({ field: 'as', message: `"${as}" already names a live object` });
    else args.as = as;
  }
  if (problems.length) return { ok: false, problems, cLine };
  return { ok: true, op: args as unknown as Op, cLine };
}

/** The first unused name with the op's prefix: buf0, buf1, ... */
export function suggestName(prefix: string, taken: ReadonlySet<string>): string {
  for (let i = 0; ; i++) if (!taken.has(`${prefix}${i}`)) return `${prefix}${i}`;
}
