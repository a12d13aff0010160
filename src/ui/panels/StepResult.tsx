// The result of the step on show, as the kernel would report it: errno and message for a failure,
// the returned values otherwise (nested lists as a short table with the rest behind an expander),
// and a prominent line when a read saw stale data or not what the scenario expected.
import { useEffect, useRef, useState } from 'react';
import { useDmaviz } from '../store/context';
import { selectRecord } from '../store/store';
import { Fact } from './Fact';
import { readWarningOf } from './readWarning';
import { revealInScrollBox } from './reveal';

/** Rows of a nested list shown before the expander. */
const FIRST_ROWS = 4;
/** Rows an expanded list renders at most (an sg_table of a fragmented buffer has thousands). */
const MAX_ROWS = 500;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A list of records: shown as a table under its term, across the panel's width. */
function isRecordList(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0 && v.every(isRecord);
}

/** A scalar as text: strings (hex addresses included) as they are, the rest with String(). */
export function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '—';
  if (isRecord(v) || Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}

/** Columns of a list of records: every key, in first-seen order. */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

function RecordTable({ rows, label }: { rows: readonly Record<string, unknown>[]; label: string }) {
  const cols = columnsOf(rows);
  return (
    <table className="result-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">#</th>
          {cols.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: entries are positional (sg entry i)
          <tr key={i}>
            <td>{i}</td>
            {cols.map((c) => (
              <td key={c}>{scalarText(r[c])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A long list: its size, the first rows, and every row (up to MAX_ROWS) once expanded. */
function LongList({ name, rows }: { name: string; rows: readonly Record<string, unknown>[] }) {
  const [open, setOpen] = useState(false);
  return (
    <div>
      <span className="result-count">{rows.length} entries</span>
      <RecordTable rows={rows.slice(0, FIRST_ROWS)} label={`${name}, first ${FIRST_ROWS}`} />
      <details className="result-more" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          Show all {rows.length} {name}
        </summary>
        {open && <RecordTable rows={rows.slice(0, MAX_ROWS)} label={`${name}, all`} />}
        {open && rows.length > MAX_ROWS && <p className="muted">… {rows.length - MAX_ROWS} more not shown</p>}
      </details>
    </div>
  );
}

/** One returned value: scalars as text, records as key: value, lists as "N entries" + table. */
export function ResultValue({ name, value }: { name: string; value: unknown }) {
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">none</span>;
    if (!value.every(isRecord)) {
      const shown = value.slice(0, 8).map(scalarText).join(', ');
      return (
        <span>
          {shown}
          {value.length > 8 && <span className="muted"> … {value.length - 8} more</span>}
        </span>
      );
    }
    const rows = value as Record<string, unknown>[];
    if (rows.length <= FIRST_ROWS) return <RecordTable rows={rows} label={name} />;
    return <LongList name={name} rows={rows} />;
  }
  if (isRecord(value))
    return (
      <span>
        {Object.entries(value).map(([k, v], i) => (
          <span key={k}>
            {i > 0 && ', '}
            <span className="result-key">{k}:</span> {scalarText(v)}
          </span>
        ))}
      </span>
    );
  return <>{scalarText(value)}</>;
}

export function StepResult() {
  const record = useDmaviz(selectRecord);
  const cursor = useDmaviz((s) => s.cursor);
  const ref = useRef<HTMLElement>(null);
  // A call just run: bring its result into view (the panel scrolls at 1280x720).
  useEffect(() => (record ? revealInScrollBox(ref.current, 'y') : undefined), [record]);
  if (!record) return null;
  const r = record.result;
  const warning = readWarningOf(record);
  return (
    <section
      ref={ref}
      className={`result ${r.ok ? 'ok' : 'failed'}${warning ? ' warned' : ''}`}
      aria-label="Result"
      aria-live="polite"
    >
      <h3>
        Result of step {cursor}: {record.op.op}
      </h3>
      {warning?.lines.map((l) => (
        <p key={l} className="read-warning">
          <span aria-hidden="true">⚠ </span>
          <strong>{l.slice(0, l.indexOf(':') + 1)}</strong>
          {l.slice(l.indexOf(':') + 1)}
        </p>
      ))}
      {r.ok ? (
        <dl>
          {Object.entries(r.value).map(([k, v]) => (
            <div key={k} className={isRecordList(v) ? 'wide' : undefined}>
              <Fact term={k}>
                <ResultValue name={k} value={v} />
              </Fact>
            </div>
          ))}
        </dl>
      ) : (
        <p>
          <strong className="errno">-{r.error.code}</strong> {r.error.message}
        </p>
      )}
    </section>
  );
}
