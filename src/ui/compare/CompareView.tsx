// Compare mode (issue 7, item 1): one session on two machines side by side, each with its own
// store and stage, driven in lock-step by one set of controls, with a strip naming what differs
// at the step on show.
import { useEffect, useId, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { MachineConfigInput, Op } from '../../model';
import { ARCH_NAMES, ARCH_PROFILES } from '../../model';
import { SCENARIOS } from '../../scenarios';
import { WorkloadCostBadge } from '../matrix/WorkloadCostBadge';
import { ErrorBoundary } from '../shell/ErrorBoundary';
import { Stage } from '../stage/Stage';
import { DmavizProvider, useDmavizStoreApi } from '../store/context';
import { createDmavizStore, type DmavizStore } from '../store/store';
import { type BounceNote, bounceNotesOf } from './bounce';
import { type CompareSide, type DiffItem, diffSides, recordsUpTo } from './diff';
import {
  type CompareSource,
  choiceForSource,
  choiceSummary,
  cmaChoicesFor,
  DEFAULT_LEFT,
  DEFAULT_RIGHT,
  type DeviceSetting,
  EXAMPLE_SOURCE,
  isScenarioCmaFor,
  isScenarioRamFor,
  type MachineChoice,
  normaliseChoice,
  ramChoicesFor,
  ramOf,
  type SizePick,
  type SourceSizes,
  scenarioSizesOf,
  sizeLabel,
} from './machines';
import { jumpPair, loadPair, type Pair, type PairLoad } from './pair';
import { ShadowScope } from './ShadowScope';
import './compare.css';

const CURRENT = 'current-session';

/** The sessions that can be compared: the example pair, every guided scenario, the session on show. */
function useSources(main: DmavizStore): CompareSource[] {
  const version = useStore(main, (s) => s.version);
  return useMemo(() => {
    void version;
    const s = main.getState();
    const current: CompareSource[] =
      s.history.length > 0
        ? [
            {
              id: CURRENT,
              title: `Current session: ${s.title}`,
              machine: s.machineInput,
              ops: s.history.steps.map((r) => r.op),
            },
          ]
        : [];
    const scenarios = SCENARIOS.map((g) => ({
      id: g.slug,
      title: g.title,
      machine: g.scenario.machine as MachineConfigInput,
      ops: g.scenario.steps as unknown as Op[],
    }));
    return [EXAMPLE_SOURCE, ...current, ...scenarios];
  }, [main, version]);
}

function sideOf(store: DmavizStore): CompareSide {
  const s = store.getState();
  return { machine: s.machine, boot: s.history.at(0), records: recordsUpTo(s.history, s.cursor) };
}

export function CompareView({
  initialSource,
  workloadId,
}: {
  initialSource?: string | null;
  /** The workload priced on each side's selected buffer (WORKLOADS id), or null. */
  workloadId: string | null;
}) {
  const main = useDmavizStoreApi();
  const [pair] = useState<Pair>(() => ({ left: createDmavizStore(), right: createDmavizStore() }));
  const sources = useSources(main);
  const [sourceId, setSourceId] = useState(() =>
    sources.some((s) => s.id === initialSource) ? (initialSource as string) : EXAMPLE_SOURCE.id,
  );
  const sourceOf = (id: string) => sources.find((s) => s.id === id) ?? EXAMPLE_SOURCE;
  const source = sourceOf(sourceId);
  // Each side starts on the session's own RAM and CMA ("as in scenario") where it sets them.
  const sizes = scenarioSizesOf(source.machine);
  const sizeSource = source.id === CURRENT ? 'session' : 'scenario';
  const [left, setLeft] = useState<MachineChoice>(() => choiceForSource(DEFAULT_LEFT, sizes));
  const [right, setRight] = useState<MachineChoice>(() => choiceForSource(DEFAULT_RIGHT, sizes));
  const pickSource = (id: string) => {
    const next = scenarioSizesOf(sourceOf(id).machine);
    setSourceId(id);
    setLeft((c) => choiceForSource(c, next));
    setRight((c) => choiceForSource(c, next));
  };
  const [problems, setProblems] = useState<PairLoad>({ left: [], right: [] });

  useEffect(() => {
    setProblems(loadPair(pair, source, left, right));
  }, [pair, source, left, right]);

  const theme = useStore(main, (s) => s.theme);
  useEffect(() => {
    pair.left.getState().setTheme(theme);
    pair.right.getState().setTheme(theme);
  }, [pair, theme]);

  const cursor = useStore(pair.left, (s) => s.cursor);
  const lv = useStore(pair.left, (s) => s.version);
  const rv = useStore(pair.right, (s) => s.version);
  const rc = useStore(pair.right, (s) => s.cursor);
  // biome-ignore lint/correctness/useExhaustiveDependencies: History is mutable; the versions and cursors say when it changed
  const { diff, bounces } = useMemo(() => {
    const l = sideOf(pair.left);
    const r = sideOf(pair.right);
    return { diff: diffSides(l, r), bounces: { left: bounceNotesOf(l), right: bounceNotesOf(r) } };
  }, [pair, cursor, rc, lv, rv]);
  const length = source.ops.length;
  useLockstepKeys(pair, cursor, length);

  const sourceLabel = useId();
  return (
    <section className="compare" aria-label="Compare two machines">
      <div className="compare-bar">
        <label htmlFor={sourceLabel}>Session</label>
        <select id={sourceLabel} value={sourceId} onChange={(e) => pickSource(e.target.value)}>
          {sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
        <StepButtons pair={pair} cursor={cursor} length={length} />
      </div>
      <StepList pair={pair} source={source} cursor={cursor} />
      <div className="compare-sides">
        <SidePanel
          side="Left"
          store={pair.left}
          choice={left}
          onChoice={setLeft}
          sizes={sizes}
          sizeSource={sizeSource}
          problems={problems.left}
          workloadId={workloadId}
        />
        <SidePanel
          side="Right"
          store={pair.right}
          choice={right}
          onChoice={setRight}
          sizes={sizes}
          sizeSource={sizeSource}
          problems={problems.right}
          workloadId={workloadId}
        />
        <DiffStrip items={diff} bounces={bounces} cursor={cursor} length={length} left={left} right={right} />
      </div>
    </section>
  );
}

function StepButtons({ pair, cursor, length }: { pair: Pair; cursor: number; length: number }) {
  return (
    <fieldset className="compare-steps">
      <legend className="visually-hidden">Step both machines</legend>
      <button type="button" onClick={() => jumpPair(pair, 0)} disabled={cursor === 0}>
        Boot
      </button>
      <button type="button" onClick={() => jumpPair(pair, cursor - 1)} disabled={cursor === 0}>
        ◀ Previous step
      </button>
      <output className="compare-position" aria-live="polite">
        Step {cursor} of {length}
      </output>
      <button type="button" onClick={() => jumpPair(pair, cursor + 1)} disabled={cursor >= length}>
        Next step ▶
      </button>
      <button type="button" onClick={() => jumpPair(pair, length)} disabled={cursor >= length}>
        Last
      </button>
    </fieldset>
  );
}

/** The steps as a row of buttons: the call, and ✓/✗ on each side. */
function StepList({ pair, source, cursor }: { pair: Pair; source: CompareSource; cursor: number }) {
  const lv = useStore(pair.left, (s) => s.version);
  const rv = useStore(pair.right, (s) => s.version);
  // biome-ignore lint/correctness/useExhaustiveDependencies: History is mutable; the versions say when it changed
  const results = useMemo(() => {
    const of = (st: DmavizStore, i: number) => {
      const h = st.getState().history;
      if (i >= h.length) return '·';
      const r = h.record(i).result;
      return r.ok ? '✓' : `✗ ${r.error.code}`;
    };
    return source.ops.map((_, i) => [of(pair.left, i), of(pair.right, i)] as const);
  }, [pair, source, lv, rv]);
  return (
    <ol className="compare-steplist" aria-label="Steps">
      {source.ops.map((op, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional; a step's index is its identity
        <li key={i}>
          <button
            type="button"
            aria-current={cursor === i + 1 ? 'step' : undefined}
            onClick={() => jumpPair(pair, i + 1)}
            title={`Show both machines after step ${i + 1}`}
          >
            <span className="compare-stepnum">{i + 1}</span> {op.op}
            <span className="compare-results">
              {results[i]?.[0]} | {results[i]?.[1]}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}

const SETTINGS: ReadonlyArray<readonly [DeviceSetting, string]> = [
  ['keep', 'keep'],
  ['on', 'yes'],
  ['off', 'no'],
];

/**
 * The options of a size picker: "as in scenario (2 GiB)" first when the session's own size fits,
 * then the fixed sizes, the architecture's default marked.
 */
function sizeOptions(
  fixed: readonly number[],
  scenario: number | null,
  archDefault: number,
  arch: string,
  from: 'scenario' | 'session',
): ReadonlyArray<readonly [SizePick, string]> {
  return [
    ...(scenario === null ? [] : [['scenario', `as in ${from} (${sizeLabel(scenario)})`] as const]),
    ...fixed.map((m) => [m, m === archDefault ? `${sizeLabel(m)} (${arch} default)` : sizeLabel(m)] as const),
  ];
}

/** One labelled select of a side's machine picker. */
function Pick<T extends string | number>({
  label,
  value,
  options,
  onPick,
}: {
  label: string;
  value: T;
  options: ReadonlyArray<readonly [T, string]>;
  onPick: (v: T) => void;
}) {
  const id = useId();
  return (
    <span className="compare-pick">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onPick(options.find(([v]) => String(v) === e.target.value)?.[0] ?? value)}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </span>
  );
}

function SidePanel({
  side,
  store,
  choice,
  onChoice,
  sizes,
  sizeSource,
  problems,
  workloadId,
}: {
  side: 'Left' | 'Right';
  store: DmavizStore;
  choice: MachineChoice;
  onChoice: (c: MachineChoice) => void;
  /** The session's own RAM and CMA ("as in scenario"). */
  sizes: SourceSizes;
  sizeSource: 'scenario' | 'session';
  problems: readonly string[];
  workloadId: string | null;
}) {
  const set = (patch: Partial<MachineChoice>) => onChoice(normaliseChoice({ ...choice, ...patch }, sizes));
  const profile = ARCH_PROFILES[choice.arch];
  const ram = ramOf(choice, sizes);
  return (
    <section className="compare-side" aria-label={`${side} machine`}>
      <fieldset className="compare-machine">
        <legend>
          {side}: {choiceSummary(choice, sizes)}
        </legend>
        <Pick
          label="Arch"
          value={choice.arch}
          options={ARCH_NAMES.map((a) => [a, a] as const)}
          onPick={(arch) => set({ arch })}
        />
        <Pick
          label="Coherent"
          value={choice.coherent}
          options={SETTINGS}
          onPick={(coherent) => set({ coherent })}
        />
        <Pick label="IOMMU" value={choice.iommu} options={SETTINGS} onPick={(iommu) => set({ iommu })} />
        <Pick
          label="RAM"
          value={choice.ramMiB}
          options={sizeOptions(
            ramChoicesFor(choice.arch),
            isScenarioRamFor(choice.arch, sizes) ? (sizes.ramMiB ?? null) : null,
            profile.defaultRamMiB,
            choice.arch,
            sizeSource,
          )}
          onPick={(ramMiB) => set({ ramMiB })}
        />
        <Pick
          label="CMA"
          value={choice.cmaMiB}
          options={sizeOptions(
            cmaChoicesFor(ram),
            isScenarioCmaFor(ram, sizes) ? (sizes.cmaMiB ?? null) : null,
            profile.defaultCmaMiB,
            choice.arch,
            sizeSource,
          )}
          onPick={(cmaMiB) => set({ cmaMiB })}
        />
      </fieldset>
      {problems.length > 0 ? (
        <div className="compare-problems" role="alert">
          <p>This machine does not boot with these settings:</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : (
        <DmavizProvider store={store}>
          <div className="compare-cost">
            <WorkloadCostBadge workloadId={workloadId} />
          </div>
          <ShadowScope className="compare-stage">
            <ErrorBoundary region={`${side.toLowerCase()} stage`}>
              <Stage />
            </ErrorBoundary>
          </ShadowScope>
        </DmavizProvider>
      )}
    </section>
  );
}

function DiffStrip({
  items,
  bounces,
  cursor,
  length,
  left,
  right,
}: {
  items: readonly DiffItem[];
  bounces: SideNotes;
  cursor: number;
  length: number;
  left: MachineChoice;
  right: MachineChoice;
}) {
  const differ = items.filter((i) => i.differs);
  const same = items.filter((i) => !i.differs);
  return (
    <section className="diff-strip" aria-label="Differences at this step">
      <h2>
        {differ.length === 0
          ? 'No difference'
          : `${differ.length} difference${differ.length === 1 ? '' : 's'}`}{' '}
        {cursor === 0 ? 'at boot' : `after step ${cursor} of ${length}`}
      </h2>
      {differ.length > 0 && (
        <table className="diff-table">
          <thead>
            <tr>
              <th scope="col">What differs</th>
              <th scope="col">
                Left <span className="diff-arch">{left.arch}</span>
              </th>
              <th scope="col">
                Right <span className="diff-arch">{right.arch}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {differ.map((i) => (
              <tr key={i.key} data-key={i.key}>
                <th scope="row">{i.label}</th>
                <td>{i.left}</td>
                <td>{i.right}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <BounceNotes bounces={bounces} left={left} right={right} />
      {same.length > 0 && (
        <p className="diff-same">
          <span>Same on both:</span>{' '}
          {same.map((i, n) => (
            <span key={i.key}>
              {n > 0 ? ' · ' : ''}
              {i.label} <span className="diff-value">{i.left}</span>
            </span>
          ))}
        </p>
      )}
    </section>
  );
}

/** Each side's swiotlb notes (bounce.ts): stale reads and bounce copies that are not the cache's doing. */
interface SideNotes {
  readonly left: readonly BounceNote[];
  readonly right: readonly BounceNote[];
}

/** "Left arm64, step 25: rx bounced through swiotlb: …", one item per note; nothing when no side bounced. */
function BounceNotes({
  bounces,
  left,
  right,
}: {
  bounces: SideNotes;
  left: MachineChoice;
  right: MachineChoice;
}) {
  const id = useId();
  const rows = [
    ...bounces.left.map((n) => ['Left', left.arch, n] as const),
    ...bounces.right.map((n) => ['Right', right.arch, n] as const),
  ];
  if (rows.length === 0) return null;
  return (
    <div className="diff-bounce">
      <h3 id={id}>swiotlb bouncing, not cache coherence</h3>
      <ul aria-labelledby={id}>
        {rows.map(([side, arch, n]) => (
          <li key={`${side}:${n.key}`}>
            <span className="diff-bounce-side">
              {side} <span className="diff-arch">{arch}</span>
              {n.step === null ? '' : `, step ${n.step}`}:
            </span>{' '}
            {n.text}
          </li>
        ))}
      </ul>
    </div>
  );
}

function isTyping(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName));
}

/** ←/→ (with or without Shift), Home and End step both machines; the main session's keys stay still. */
function useLockstepKeys(pair: Pair, cursor: number, length: number): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const to: Record<string, number> = {
        ArrowRight: cursor + 1,
        ArrowLeft: cursor - 1,
        Home: 0,
        End: length,
      };
      const c = to[e.key];
      if (c === undefined) return;
      e.preventDefault();
      jumpPair(pair, Math.max(0, Math.min(length, c)));
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [pair, cursor, length]);
}
