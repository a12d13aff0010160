// The metrics of the state on show, each with its change in the current step. Gauges with a
// total are role="meter" (the vmalloc gauge is log-scaled: a 64-bit vmalloc area is tens of TiB).
import { useId } from 'react';
import { useShallow } from 'zustand/shallow';
import { fmtBytes, fmtDelta } from '../format';
import { useDmaviz } from '../store/context';
import { metricsWithDelta } from '../store/selectors';
import { Fact } from './Fact';

interface GaugeProps {
  readonly name: string;
  readonly used: number;
  readonly total: number;
  readonly before: number | null;
  readonly log?: boolean;
  readonly fmt?: (n: number) => string;
}

function Gauge({ name, used, total, before, log = false, fmt = fmtBytes }: GaugeProps) {
  const delta = before === null ? 0 : used - before;
  const frac = total <= 0 ? 0 : log ? Math.log1p(used) / Math.log1p(total) : used / total;
  const pct = total > 0 ? (100 * used) / total : 0;
  const pctText = pct === 0 ? '0%' : pct < 0.01 ? '<0.01%' : `${pct < 1 ? pct.toFixed(2) : pct.toFixed(1)}%`;
  const text = total > 0 ? `${fmt(used)} of ${fmt(total)}` : 'none on this machine';
  const deltaText = fmtDelta(delta, fmt);
  return (
    // biome-ignore lint/a11y/useSemanticElements: <meter> cannot carry the "used of total" text or a log-scaled bar
    <div
      className={`metric ${delta !== 0 ? 'changed' : ''}`}
      role="meter"
      aria-label={name}
      aria-valuemin={0}
      aria-valuemax={Math.max(total, 1)}
      aria-valuenow={used}
      aria-valuetext={`${text}${deltaText ? `, ${deltaText} in this step` : ''}`}
    >
      <div className="metric-head">
        <span className="metric-name">
          {name}
          {deltaText && <span className={`delta ${delta > 0 ? 'up' : 'down'}`}> {deltaText}</span>}
        </span>
        <span className="metric-value">
          {text}
          {total > 0 && <span className="muted"> · {pctText}</span>}
        </span>
      </div>
      <div className="bar" aria-hidden="true">
        <div className="bar-fill" style={{ width: `${Math.min(100, frac * 100)}%` }} />
      </div>
      {log && <div className="metric-foot muted">log scale: the area is {fmt(total)}</div>}
    </div>
  );
}

function Counter({ name, now, before }: { name: string; now: number; before: number | null }) {
  const delta = before === null ? 0 : now - before;
  return (
    <div className={`counter ${delta !== 0 ? 'changed' : ''}`}>
      <Fact term={name}>
        {delta !== 0 && <span className={`delta ${delta > 0 ? 'up' : 'down'}`}>{fmtDelta(delta)} </span>}
        {fmtBytes(now)}
      </Fact>
    </div>
  );
}

export function MetricsPanel() {
  const { now, before } = useDmaviz(useShallow(metricsWithDelta));
  const id = useId();
  const slots = (n: number) => `${n} slot${n === 1 ? '' : 's'}`;
  return (
    <section className="panel metrics" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Metrics</h2>
      <Gauge
        name="RAM used"
        used={now.ramUsedBytes}
        total={now.ramTotalBytes}
        before={before?.ramUsedBytes ?? null}
      />
      <Gauge
        name="vmalloc"
        used={now.vmallocUsedBytes}
        total={now.vmallocTotalBytes}
        before={before?.vmallocUsedBytes ?? null}
        log
      />
      <Gauge
        name="CMA"
        used={now.cmaUsedBytes}
        total={now.cmaTotalBytes}
        before={before?.cmaUsedBytes ?? null}
      />
      <Gauge
        name="Atomic pool"
        used={now.atomicPoolUsedBytes}
        total={now.atomicPoolTotalBytes}
        before={before?.atomicPoolUsedBytes ?? null}
      />
      <Gauge
        name="swiotlb"
        used={now.swiotlbUsedSlots}
        total={now.swiotlbTotalSlots}
        before={before?.swiotlbUsedSlots ?? null}
        fmt={slots}
      />
      <dl className="counters">
        <Counter name="IOMMU-mapped" now={now.iommuMappedBytes} before={before?.iommuMappedBytes ?? null} />
        <Counter name="Cache clean" now={now.cacheCleanBytes} before={before?.cacheCleanBytes ?? null} />
        <Counter
          name="Cache invalidate"
          now={now.cacheInvalidateBytes}
          before={before?.cacheInvalidateBytes ?? null}
        />
        <Counter name="Cache flush" now={now.cacheFlushBytes} before={before?.cacheFlushBytes ?? null} />
        <Counter name="Bounce copies" now={now.bounceCopyBytes} before={before?.bounceCopyBytes ?? null} />
      </dl>
    </section>
  );
}
