// The driver panel: compose the next call (function, device, size, gfp, direction, attributes,
// pickers, result name), see the C line that will run, run it, and read its result.
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { DMA_ATTRS, type DmaAttr, type DmaDirection, knownOps } from '../../model';
import { ATTR_HELP, DIR_HELP, GFP_HELP } from '../explain/glossary';
import {
  type ComposeContext,
  compose,
  composeContextOf,
  DEFAULT_FORM,
  type DriverForm,
  GFP_BASES,
  GFP_MODIFIERS,
  type GfpBase,
  suggestName,
  wrapperPasses,
} from '../ops/compose';
import { availableOps, descriptorOf, type OpDescriptor } from '../ops/opTable';
import { useDmaviz, useDmavizStoreApi } from '../store/context';
import { selectMachine } from '../store/store';
import { StepResult } from './StepResult';

const DIRECTIONS: readonly DmaDirection[] = ['DMA_BIDIRECTIONAL', 'DMA_TO_DEVICE', 'DMA_FROM_DEVICE'];

/** Names of the given kind the pickers offer. */
function namesOf(ctx: ComposeContext, kind: 'buffer' | 'vma' | 'map', d: OpDescriptor | undefined): string[] {
  const out: string[] = [];
  for (const [name, t] of ctx.names) {
    if (t.kind !== kind) continue;
    if (t.kind === 'buffer' && d?.bufKinds && !d.bufKinds.includes(t.bufKind as never)) continue;
    out.push(name);
  }
  return out;
}

const ATTR_HINT_NONE = 'Point at or focus an attribute to read what it does.';

export function DriverPanel() {
  const store = useDmavizStoreApi();
  const machine = useDmaviz(selectMachine);
  const ctx = useMemo(() => composeContextOf(machine), [machine]);
  const ops = useMemo(() => availableOps(knownOps()), []);
  const [form, setForm] = useState<DriverForm>(() => ({
    ...DEFAULT_FORM,
    dev: ctx.devices[0] ?? '',
    process: ctx.processes[0] ?? '',
  }));
  const [asTouched, setAsTouched] = useState(false);
  const [attrHint, setAttrHint] = useState<DmaAttr | null>(null);
  const d = descriptorOf(form.op);
  const id = useId();

  const buffers = useMemo(() => namesOf(ctx, 'buffer', d), [ctx, d]);
  const vmas = useMemo(() => namesOf(ctx, 'vma', d), [ctx, d]);
  const maps = useMemo(() => namesOf(ctx, 'map', d), [ctx, d]);
  const allBuffers = useMemo(() => namesOf(ctx, 'buffer', undefined), [ctx]);
  /** What the CPU can access: every live buffer, then every user mapping. */
  const vias = useMemo(() => [...allBuffers, ...namesOf(ctx, 'vma', undefined)], [ctx, allBuffers]);

  // Keep pickers pointing at something that exists on the machine on show, and suggest a name.
  useEffect(() => {
    setForm((f) => {
      const next = { ...f };
      if (!ctx.devices.includes(f.dev)) next.dev = ctx.devices[0] ?? '';
      if (!ctx.processes.includes(f.process)) next.process = ctx.processes[0] ?? '';
      if (!buffers.includes(f.buf)) next.buf = buffers[buffers.length - 1] ?? '';
      if (!vmas.includes(f.vma)) next.vma = vmas[vmas.length - 1] ?? '';
      if (!maps.includes(f.map)) next.map = maps[maps.length - 1] ?? '';
      if (!vias.includes(f.via)) next.via = vias[0] ?? '';
      if (f.bufs === '' && allBuffers.length) next.bufs = allBuffers[allBuffers.length - 1] ?? '';
      if (!asTouched && d?.creates) next.as = suggestName(d.asPrefix ?? 'buf', new Set(ctx.names.keys()));
      const same = (Object.keys(next) as (keyof DriverForm)[]).every((k) => next[k] === f[k]);
      return same ? f : next;
    });
  }, [ctx, buffers, vmas, maps, vias, allBuffers, asTouched, d]);

  const composed = compose(form, ctx);
  const problemFor = (field: string) =>
    composed.ok ? undefined : composed.problems.find((p) => p.field === field)?.message;

  const update = <K extends keyof DriverForm>(k: K, v: DriverForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const run = (e?: FormEvent) => {
    e?.preventDefault();
    if (!composed.ok) return;
    store.getState().runOp(composed.op);
    setAsTouched(false);
  };

  const groups = useMemo(() => {
    const m = new Map<string, OpDescriptor[]>();
    for (const o of ops) m.set(o.group, [...(m.get(o.group) ?? []), o]);
    return [...m];
  }, [ops]);

  const field = (name: string, label: string, control: React.ReactNode, help?: string) => {
    const err = problemFor(name);
    return (
      <div className="field" key={name}>
        <label htmlFor={`${id}-${name}`}>{label}</label>
        {control}
        {help && <p className="hint">{help}</p>}
        {err && (
          <p className="field-error" id={`${id}-${name}-error`}>
            {err}
          </p>
        )}
      </div>
    );
  };
  const errProps = (name: string) =>
    problemFor(name) ? { 'aria-invalid': true, 'aria-describedby': `${id}-${name}-error` } : {};

  const passes = d ? wrapperPasses(d, form) : null;

  return (
    <section className="panel driver" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Driver</h2>
      <form onSubmit={run} noValidate>
        {field(
          'op',
          'Function',
          <select
            id={`${id}-op`}
            value={form.op}
            onChange={(e) => {
              update('op', e.target.value);
              setAsTouched(false);
            }}
          >
            {groups.map(([g, list]) => (
              <optgroup key={g} label={g}>
                {list.map((o) => (
                  <option key={o.name} value={o.name}>
                    {o.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>,
          d?.summary,
        )}
        {d?.args.includes('dev') &&
          field(
            'dev',
            'Device',
            <select
              id={`${id}-dev`}
              value={form.dev}
              onChange={(e) => update('dev', e.target.value)}
              {...errProps('dev')}
            >
              {machine.config.devices.map((dv) => (
                <option key={dv.name} value={dv.name}>
                  {dv.name} ({dv.coherent ? 'coherent' : 'non-coherent'}
                  {dv.iommu ? ', IOMMU' : ''}, {dv.dmaMaskBits}-bit)
                </option>
              ))}
            </select>,
          )}
        {d?.args.includes('buf') &&
          field(
            'buf',
            'Buffer',
            <select
              id={`${id}-buf`}
              value={form.buf}
              onChange={(e) => update('buf', e.target.value)}
              {...errProps('buf')}
            >
              {buffers.length === 0 && <option value="">(no suitable buffer)</option>}
              {buffers.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>,
          )}
        {d?.args.includes('via') &&
          field(
            'via',
            'CPU accesses (via)',
            <select
              id={`${id}-via`}
              value={form.via}
              onChange={(e) => update('via', e.target.value)}
              {...errProps('via')}
            >
              {vias.length === 0 && <option value="">(no buffer or mapping)</option>}
              {vias.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>,
          )}
        {d?.args.includes('bufs') &&
          field(
            'bufs',
            'Buffers in the scatterlist',
            <input
              id={`${id}-bufs`}
              value={form.bufs}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => update('bufs', e.target.value)}
              {...errProps('bufs')}
            />,
            allBuffers.length
              ? `Live buffers: ${allBuffers.join(', ')}`
              : 'Allocate buffers first (kmalloc, alloc_pages)',
          )}
        {d?.args.includes('phys') &&
          field(
            'phys',
            'Physical (MMIO) address',
            <input
              id={`${id}-phys`}
              value={form.phys}
              onChange={(e) => update('phys', e.target.value)}
              {...errProps('phys')}
            />,
          )}
        {d?.args.includes('map') &&
          field(
            'map',
            'Mapping',
            <select
              id={`${id}-map`}
              value={form.map}
              onChange={(e) => update('map', e.target.value)}
              {...errProps('map')}
            >
              {maps.length === 0 && <option value="">(no mapping)</option>}
              {maps.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>,
          )}
        {d?.args.includes('vma') &&
          field(
            'vma',
            'User mapping (VMA)',
            <select
              id={`${id}-vma`}
              value={form.vma}
              onChange={(e) => update('vma', e.target.value)}
              {...errProps('vma')}
            >
              {vmas.length === 0 && <option value="">(no user mapping)</option>}
              {vmas.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>,
          )}
        {d?.args.includes('process') &&
          field(
            'process',
            'Process',
            <select
              id={`${id}-process`}
              value={form.process}
              onChange={(e) => update('process', e.target.value)}
            >
              {ctx.processes.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>,
          )}
        {d?.args.includes('size') &&
          field(
            'size',
            'Size',
            <input
              id={`${id}-size`}
              value={form.size}
              onChange={(e) => update('size', e.target.value)}
              autoComplete="off"
              spellCheck={false}
              {...errProps('size')}
            />,
            'Bytes, or with K, M or G: 4096, 64K, 2M',
          )}
        {d?.args.includes('gfp') && (
          <fieldset className="field">
            <legend>GFP flags</legend>
            <label htmlFor={`${id}-gfp`} className="visually-hidden">
              GFP base
            </label>
            <select
              id={`${id}-gfp`}
              value={form.gfpBase}
              title={GFP_HELP[form.gfpBase]}
              onChange={(e) => update('gfpBase', e.target.value as GfpBase)}
            >
              {GFP_BASES.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
            <p className="hint">{GFP_HELP[form.gfpBase]}</p>
            <details className="gfp-more" open={form.gfpMods.length > 0 || undefined}>
              <summary>Modifiers{form.gfpMods.length > 0 ? `: ${form.gfpMods.join(' | ')}` : ''}</summary>
              <div className="checks">
                {GFP_MODIFIERS.map((g) => (
                  <label key={g} title={GFP_HELP[g]} className="check">
                    <input
                      type="checkbox"
                      checked={form.gfpMods.includes(g)}
                      onChange={(e) =>
                        update(
                          'gfpMods',
                          e.target.checked ? [...form.gfpMods, g] : form.gfpMods.filter((x) => x !== g),
                        )
                      }
                    />
                    {g}
                  </label>
                ))}
              </div>
            </details>
          </fieldset>
        )}
        {d?.args.includes('dir') &&
          field(
            'dir',
            'Direction',
            <select
              id={`${id}-dir`}
              value={form.dir}
              title={DIR_HELP[form.dir]}
              onChange={(e) => update('dir', e.target.value as DmaDirection)}
            >
              {DIRECTIONS.map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>,
            DIR_HELP[form.dir],
          )}
        {d?.args.includes('attrs') && (
          <fieldset className="field attrs" onMouseLeave={() => setAttrHint(null)}>
            <legend>Attributes</legend>
            <div className="checks one-col">
              {DMA_ATTRS.map((a) => (
                <label
                  key={a}
                  title={ATTR_HELP[a]}
                  className="check"
                  onMouseEnter={() => setAttrHint(a)}
                  onFocus={() => setAttrHint(a)}
                >
                  <input
                    type="checkbox"
                    checked={form.attrs.includes(a)}
                    aria-describedby={`${id}-attr-hint`}
                    onChange={(e) =>
                      update(
                        'attrs',
                        e.target.checked ? [...form.attrs, a] : form.attrs.filter((x) => x !== a),
                      )
                    }
                  />
                  {a.replace('DMA_ATTR_', '')}
                </label>
              ))}
            </div>
            {/* Every hint is laid out in one grid cell and only the current one is shown, so the
                panel keeps the height of the longest: a shorter hint never shifts the checkboxes
                between a mouse press and its release (which loses the click). */}
            <div className="hint attr-hint-stack" aria-hidden="true">
              {[null, ...DMA_ATTRS].map((a) => (
                <p key={a ?? 'none'} className={a === attrHint ? 'shown' : undefined}>
                  {a ? ATTR_HELP[a] : ATTR_HINT_NONE}
                </p>
              ))}
            </div>
            <p className="visually-hidden" id={`${id}-attr-hint`} aria-live="polite">
              {attrHint ? ATTR_HELP[attrHint] : ATTR_HINT_NONE}
            </p>
          </fieldset>
        )}
        {passes && (
          <p className="hint">
            {form.op}() is a wrapper: it passes {passes.length ? passes.join(' | ') : 'attrs = 0'}.
          </p>
        )}
        {d?.args.includes('value') &&
          field(
            'value',
            'Value',
            <input
              id={`${id}-value`}
              value={form.value}
              onChange={(e) => update('value', e.target.value)}
              {...errProps('value')}
            />,
          )}
        {d?.args.includes('seed') &&
          field(
            'seed',
            'Seed',
            <input
              id={`${id}-seed`}
              value={form.seed}
              onChange={(e) => update('seed', e.target.value)}
              {...errProps('seed')}
            />,
          )}
        {d?.args.includes('percent') &&
          field(
            'percent',
            'Percent of free pages',
            <input
              id={`${id}-percent`}
              value={form.percent}
              onChange={(e) => update('percent', e.target.value)}
              {...errProps('percent')}
            />,
          )}
        {d?.creates &&
          field(
            'as',
            'Name the result (as)',
            <input
              id={`${id}-as`}
              value={form.as}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => {
                setAsTouched(true);
                update('as', e.target.value);
              }}
              {...errProps('as')}
            />,
          )}
        <div className="cline">
          <span className="cline-label" id={`${id}-cline-label`}>
            C line that will run
          </span>
          <output aria-labelledby={`${id}-cline-label`}>
            <code>{composed.cLine}</code>
          </output>
        </div>
        <button type="submit" className="primary" disabled={!composed.ok}>
          Run <kbd>Enter</kbd>
        </button>
      </form>
      <StepResult />
    </section>
  );
}
