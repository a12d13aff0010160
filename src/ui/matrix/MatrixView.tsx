// The attribute matrix view (issue 7, items 2-4): pick a machine, device, call, size and
// workload; the model runs every combination of attributes and GFP flags; the table groups rows
// with the same outcome and names the attributes that made no difference and why. A row opens its
// call on the stage; the matrix exports as CSV and Markdown.
import { Fragment, useId, useMemo, useState } from 'react';
import type { ArchName, AttributeMatrix, MatrixCall, MatrixRow, Workload } from '../../model';
import {
  ARCH_NAMES,
  attributeMatrix,
  COST_COLUMN,
  COST_MODEL_LABEL,
  MATRIX_CALLS,
  matrixTitle,
  matrixToCsv,
  matrixToMarkdown,
  WORKLOADS,
} from '../../model';
import { useDmavizStoreApi } from '../store/context';
import { formatCost } from './bufferCost';
import { exportFileName, type ShapedGroup, type ShapedMatrix, shapeMatrix } from './shape';
import './matrix.css';

const SIZES = ['4KiB', '64KiB', '1MiB', '2MiB', '8MiB', '32MiB'] as const;
const MASKS = [24, 32, 40, 64] as const;

export interface MatrixSettings {
  readonly arch: ArchName;
  readonly coherent: boolean;
  readonly iommu: boolean;
  readonly dmaMaskBits: number;
  readonly call: MatrixCall;
  readonly size: string;
}

export const DEFAULT_MATRIX_SETTINGS: MatrixSettings = {
  arch: 'arm64',
  coherent: false,
  iommu: false,
  dmaMaskBits: 32,
  call: 'dma_alloc_attrs',
  size: '2MiB',
};

/** Saves a text file through the browser's download. */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function MatrixView({
  workloadId,
  onWorkload,
  onOpened,
}: {
  /** The chosen workload's id in WORKLOADS, or null for none (shared with the stage's badge). */
  workloadId: string | null;
  onWorkload: (id: string | null) => void;
  /** Called after a row was loaded into the session, to show the stage. */
  onOpened: () => void;
}) {
  const store = useDmavizStoreApi();
  const [settings, setSettings] = useState<MatrixSettings>(DEFAULT_MATRIX_SETTINGS);
  const workload = workloadId ? WORKLOADS[workloadId] : undefined;
  const result = useMemo(
    () =>
      attributeMatrix({
        machine: { arch: settings.arch },
        dev: {
          name: 'dev0',
          coherent: settings.coherent,
          iommu: settings.iommu,
          dmaMaskBits: settings.dmaMaskBits,
        },
        call: settings.call,
        size: settings.size,
        ...(workload ? { workload } : {}),
      }),
    [settings, workload],
  );
  const shaped = useMemo(() => (result.ok ? shapeMatrix(result.matrix, workload) : null), [result, workload]);

  const open = (m: AttributeMatrix, row: MatrixRow) => {
    const s = store.getState();
    const r = s.loadSession(m.machine, row.ops, `${m.call} ${row.id} on ${m.arch}`, row.ops.length);
    if (!r.ok) return;
    const ref = store.getState().machine.names.get('buf');
    if (ref?.kind === 'buffer') store.getState().select(ref.id);
    onOpened();
  };

  return (
    <section className="matrix" aria-label="Attribute matrix">
      <MatrixControls settings={settings} onSettings={setSettings} />
      <WorkloadPicker workloadId={workloadId} onWorkload={onWorkload} />
      {!result.ok || !shaped ? (
        <div className="matrix-problems" role="alert">
          <p>The model cannot build this matrix:</p>
          <ul>
            {(result.ok ? [] : result.problems).map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : (
        <MatrixBody matrix={result.matrix} shaped={shaped} workload={workload} onOpen={open} />
      )}
    </section>
  );
}

function MatrixControls({
  settings,
  onSettings,
}: {
  settings: MatrixSettings;
  onSettings: (s: MatrixSettings) => void;
}) {
  const id = useId();
  const set = (patch: Partial<MatrixSettings>) => onSettings({ ...settings, ...patch });
  return (
    <form className="matrix-controls" aria-label="Matrix settings" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={`${id}-arch`}>Arch</label>
      <select
        id={`${id}-arch`}
        value={settings.arch}
        onChange={(e) => set({ arch: e.target.value as ArchName })}
      >
        {ARCH_NAMES.map((a) => (
          <option key={a}>{a}</option>
        ))}
      </select>
      <span className="matrix-check">
        <input
          id={`${id}-coh`}
          type="checkbox"
          checked={settings.coherent}
          onChange={(e) => set({ coherent: e.target.checked })}
        />
        <label htmlFor={`${id}-coh`}>Coherent device</label>
      </span>
      <span className="matrix-check">
        <input
          id={`${id}-iommu`}
          type="checkbox"
          checked={settings.iommu}
          onChange={(e) => set({ iommu: e.target.checked })}
        />
        <label htmlFor={`${id}-iommu`}>Behind an IOMMU</label>
      </span>
      <label htmlFor={`${id}-mask`}>DMA mask</label>
      <select
        id={`${id}-mask`}
        value={settings.dmaMaskBits}
        onChange={(e) => set({ dmaMaskBits: Number(e.target.value) })}
      >
        {MASKS.map((m) => (
          <option key={m} value={m}>
            {m}-bit
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-call`}>Call</label>
      <select
        id={`${id}-call`}
        value={settings.call}
        onChange={(e) => set({ call: e.target.value as MatrixCall })}
      >
        {MATRIX_CALLS.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
      <label htmlFor={`${id}-size`}>Size</label>
      <select id={`${id}-size`} value={settings.size} onChange={(e) => set({ size: e.target.value })}>
        {SIZES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
    </form>
  );
}

/** The workload the cost column prices, with the cost model's label beside it. */
function WorkloadPicker({
  workloadId,
  onWorkload,
}: {
  workloadId: string | null;
  onWorkload: (id: string | null) => void;
}) {
  const id = useId();
  return (
    <p className="matrix-cost-note">
      <label htmlFor={id}>Workload</label>{' '}
      <select id={id} value={workloadId ?? ''} onChange={(e) => onWorkload(e.target.value || null)}>
        <option value="">none (no cost column)</option>
        {Object.values(WORKLOADS).map((w) => (
          <option key={w.id} value={w.id}>
            {w.id}: {w.title}
          </option>
        ))}
      </select>{' '}
      {workloadId && (
        <>
          <span className="illustrative">Illustrative</span> cost: {COST_MODEL_LABEL}; assumptions and sources
          in docs/cost-model.md.
        </>
      )}
    </p>
  );
}

function MatrixBody({
  matrix,
  shaped,
  workload,
  onOpen,
}: {
  matrix: AttributeMatrix;
  shaped: ShapedMatrix;
  workload: Workload | undefined;
  onOpen: (m: AttributeMatrix, row: MatrixRow) => void;
}) {
  const captionId = useId();
  return (
    <>
      <div className="matrix-head">
        <h2 id={captionId}>{matrixTitle(matrix)}</h2>
        <div className="matrix-export">
          <button
            type="button"
            onClick={() =>
              downloadText(exportFileName(matrix, 'csv'), matrixToCsv(matrix, workload), 'text/csv')
            }
          >
            Download CSV
          </button>
          <button
            type="button"
            onClick={() =>
              downloadText(exportFileName(matrix, 'md'), matrixToMarkdown(matrix, workload), 'text/markdown')
            }
          >
            Download Markdown
          </button>
        </div>
      </div>
      {matrix.notes.length > 0 && <p className="matrix-note">{matrix.notes.join(' ')}</p>}
      <section className="matrix-effects" aria-label="What each attribute changed">
        <h3>What each attribute changed</h3>
        <ul>
          {shaped.effects.map((e) => (
            <li
              key={e.attr}
              data-effect={e.effect.startsWith('no difference') ? 'none' : 'some'}
              title={e.why || undefined}
            >
              <code>{e.attr}</code>: {e.effect}
              {e.why && <span className="matrix-why"> — {e.why}</span>}
            </li>
          ))}
        </ul>
      </section>
      <div className="matrix-scroll">
        <table className="matrix-table" aria-labelledby={captionId}>
          <thead>
            <tr>
              {shaped.columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.header === COST_COLUMN ? (
                    <>
                      cost per second <span className="illustrative">illustrative units</span>
                    </>
                  ) : (
                    c.header
                  )}
                </th>
              ))}
            </tr>
          </thead>
          {shaped.groups.map((g) => (
            <GroupRows key={g.label} group={g} shaped={shaped} onOpen={(row) => onOpen(matrix, row)} />
          ))}
        </table>
      </div>
    </>
  );
}

/** The attributes of a row, breakable after each "+"; the model's "0" reads "no attributes". */
function attrsLabel(cell: string) {
  if (cell === '0') return 'no attributes';
  return cell.split('+').map((a, i) => (
    <Fragment key={a}>
      {i > 0 && (
        <>
          +<wbr />
        </>
      )}
      {a}
    </Fragment>
  ));
}

function GroupRows({
  group,
  shaped,
  onOpen,
}: {
  group: ShapedGroup;
  shaped: ShapedMatrix;
  onOpen: (row: MatrixRow) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? group.rows : group.rows.slice(0, 1);
  const more = group.rows.length - 1;
  const width = shaped.columns.length;
  return (
    <tbody className={group.ok ? 'matrix-group' : 'matrix-group failed'} aria-label={`Group ${group.label}`}>
      <tr className="matrix-group-head">
        <th scope="rowgroup" colSpan={width}>
          <span className="matrix-group-label">{group.label}</span> {group.summary}{' '}
          <span className="matrix-group-count">
            ({group.rows.length} row{group.rows.length === 1 ? '' : 's'})
          </span>
          {more > 0 && (
            <button type="button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
              {expanded ? 'Show one row' : `Show all ${group.rows.length} rows`}
            </button>
          )}
          {group.cost && (
            <span className="matrix-group-cost">
              {' '}
              · {group.cost.workload}: {formatCost(group.cost)}{' '}
              <span className="illustrative">illustrative</span>
            </span>
          )}
          {group.noDifference.length > 0 && (
            <div className="matrix-nodiff">
              <span>Made no difference here:</span>
              <ul aria-label={`Made no difference in ${group.label}`}>
                {group.noDifference.map((n) => (
                  <li key={n.attr} title={n.why || undefined}>
                    <code>{n.attr}</code>
                    <span className="visually-hidden"> made no difference{n.why ? `: ${n.why}` : ''}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </th>
      </tr>
      {shown.map(({ row, cells }) => (
        <tr key={row.id} data-row={row.id}>
          {shaped.columns.map((c, i) => (
            <Fragment key={c.header}>
              {c.header === 'attributes' ? (
                <td>
                  <button
                    type="button"
                    className="matrix-open"
                    onClick={() => onOpen(row)}
                    aria-label={`Open ${row.id} on the stage`}
                    title="Open this call on the stage"
                  >
                    {attrsLabel(cells[i] ?? '')}
                  </button>
                </td>
              ) : (
                <td
                  className={c.numeric ? 'num' : undefined}
                  title={cells[i] && cells[i].length > 40 ? cells[i] : undefined}
                >
                  {cells[i]}
                </td>
              )}
            </Fragment>
          ))}
        </tr>
      ))}
    </tbody>
  );
}
