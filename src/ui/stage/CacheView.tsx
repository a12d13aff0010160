// The cache and data view: the selected buffer's cache lines, an overview strip of all of them
// and a zoomed list down to single lines, with the CPU's and the device's view of each value.
import { useMemo, useState } from 'react';
import type { MachineState } from '../../model';
import { hexAddr } from '../../model';
import { type LineState, lineViews } from './cacheLines';

const STATE_COLOR: Readonly<Record<LineState, string>> = {
  invalid: '#d9d9d9',
  clean: '#56B4E9',
  dirty: '#D55E00',
};
const ROWS = 16;

export function CacheView({ machine, selection }: { machine: MachineState; selection: string | null }) {
  const lines = useMemo(() => (selection ? lineViews(machine, selection) : null), [machine, selection]);
  const [first, setFirst] = useState(0);
  if (lines === null)
    return (
      <section className="cache-view cache-empty" aria-label="Cache and data">
        <p>
          {selection
            ? 'This machine has no cache and data model yet.'
            : 'Select a buffer on the Mappings view to see its cache lines.'}
        </p>
        <p>
          Here each cache line of the buffer appears with its state in the CPU cache (invalid, clean, dirty),
          the value the CPU reads and the value the device reads; a value one of them would read stale is
          flagged.
        </p>
      </section>
    );
  const n = lines.length;
  const bins = Math.min(n, 256);
  const per = n / bins;
  const start = Math.min(first, Math.max(0, n - ROWS));
  const shown = lines.slice(start, start + ROWS);
  const stale = lines.filter((l) => l.cpuStale || l.deviceStale).length;
  const hex = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;
  return (
    <section className="cache-view" aria-label="Cache and data">
      <p>
        {n} cache lines of {machine.profile.cacheLine} bytes · {stale} stale ·{' '}
        <span className="swatch" style={{ background: STATE_COLOR.clean }} /> clean{' '}
        <span className="swatch" style={{ background: STATE_COLOR.dirty }} /> dirty{' '}
        <span className="swatch" style={{ background: STATE_COLOR.invalid }} /> invalid
      </p>
      <svg
        className="cache-strip"
        viewBox={`0 0 ${bins} 10`}
        preserveAspectRatio="none"
        aria-label="All lines"
      >
        {Array.from({ length: bins }, (_, i) => {
          const l = lines[Math.floor(i * per)]!;
          const anyStale = lines
            .slice(Math.floor(i * per), Math.floor((i + 1) * per))
            .some((x) => x.cpuStale || x.deviceStale);
          return (
            <rect
              key={l.line}
              x={i}
              width={1}
              height={10}
              fill={STATE_COLOR[l.state]}
              stroke={anyStale ? '#000' : 'none'}
              strokeWidth={0.15}
            />
          );
        })}
      </svg>
      <label className="cache-scrub">
        Lines from{' '}
        <input
          type="range"
          min={0}
          max={Math.max(0, n - ROWS)}
          value={start}
          onChange={(e) => setFirst(Number(e.target.value))}
        />
      </label>
      <div className="cache-nav">
        <button type="button" onClick={() => setFirst(Math.max(0, start - ROWS))} disabled={start === 0}>
          Previous lines
        </button>
        <span>
          lines {start + 1}–{start + shown.length} of {n}
        </span>
        <button type="button" onClick={() => setFirst(start + ROWS)} disabled={start + ROWS >= n}>
          Next lines
        </button>
      </div>
      <table className="cache-table">
        <thead>
          <tr>
            <th scope="col">phys</th>
            <th scope="col">cache</th>
            <th scope="col">CPU reads</th>
            <th scope="col">device reads</th>
            <th scope="col">last written</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((l) => (
            <tr key={l.line} data-state={l.state} data-stale={l.cpuStale || l.deviceStale ? '' : undefined}>
              <td>{hexAddr(machine.profile, l.phys)}</td>
              <td>
                <span className="swatch" style={{ background: STATE_COLOR[l.state] }} /> {l.state}
              </td>
              <td className={l.cpuStale ? 'stale' : undefined}>
                {hex(l.cpu)}
                {l.cpuStale ? ' ⚠ stale' : ''}
              </td>
              <td className={l.deviceStale ? 'stale' : undefined}>
                {hex(l.device)}
                {l.deviceStale ? ' ⚠ stale' : ''}
              </td>
              <td>{l.truth === null ? '—' : hex(l.truth)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
