// The card of the selected buffer: its addresses in hex, memory type (with the palette's colour
// and pattern), pgprot, source allocator, path, size and attributes; and a list to pick from.
// The selection follows the step on show (the buffer it allocated, mapped, read or freed), so the
// card and the stage's Cache & data view show what the step touched.
import { useEffect, useId } from 'react';
import type { MemType } from '../../model';
import { bufferView } from '../../model';
import { fmtBytes } from '../format';
import { WorkloadCostBadge } from '../matrix/WorkloadCostBadge';
import { useDmaviz, useDmavizStoreApi } from '../store/context';
import { liveBuffers } from '../store/selectors';
import type { DmavizStore } from '../store/store';
import { selectMachine, selectSelection } from '../store/store';
import { MEMTYPE_STYLE } from '../theme/palette';
import { Fact } from './Fact';
import { stepBufferOf } from './stepBuffer';

/** A small swatch in the memory type's colour and pattern (the same everywhere). */
export function MemTypeSwatch({ memtype }: { memtype: MemType }) {
  const st = MEMTYPE_STYLE[memtype];
  const bg =
    st.pattern === 'stripes'
      ? `repeating-linear-gradient(45deg, ${st.color} 0 3px, transparent 3px 6px)`
      : st.pattern === 'crosshatch'
        ? `repeating-linear-gradient(45deg, ${st.color} 0 2px, transparent 2px 5px), repeating-linear-gradient(-45deg, ${st.color} 0 2px, transparent 2px 5px)`
        : st.color;
  return (
    <span className="memtype">
      <span className="swatch" style={{ background: bg, borderColor: st.color }} aria-hidden="true" />
      {st.label}
    </span>
  );
}

/** Selects the buffer of the step on show, if it names one (else the selection stays). */
function selectStepBuffer(store: DmavizStore): void {
  const s = store.getState();
  const id = s.cursor > 0 ? stepBufferOf(s.history.record(s.cursor - 1), s.machine) : null;
  if (id !== null && id !== s.selection) s.select(id);
}

/**
 * Moves the selection to the step's buffer whenever the position or the session changes, in the
 * same store update (a subscription, not an effect, so the stage never frames the old selection).
 */
function useFollowStepBuffer(store: DmavizStore): void {
  useEffect(() => {
    if (store.getState().selection === null) selectStepBuffer(store);
    return store.subscribe((s, before) => {
      if (s.cursor !== before.cursor || s.version !== before.version) selectStepBuffer(store);
    });
  }, [store]);
}

export function BufferCard() {
  const store = useDmavizStoreApi();
  useFollowStepBuffer(store);
  const machine = useDmaviz(selectMachine);
  const selection = useDmaviz(selectSelection);
  const live = useDmaviz(liveBuffers);
  const id = useId();
  const rec = selection ? machine.buffers.get(selection) : undefined;
  const v = rec ? bufferView(machine, rec) : null;
  return (
    <section className="panel card" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Buffer</h2>
      <label htmlFor={`${id}-pick`} className="visually-hidden">
        Live buffers
      </label>
      <select
        id={`${id}-pick`}
        value={rec?.live ? rec.id : ''}
        onChange={(e) => store.getState().select(e.target.value || null)}
      >
        <option value="">{live.length ? 'Choose a live buffer…' : 'No live buffers'}</option>
        {live.map((b) => (
          <option key={b.id} value={b.id}>
            {b.label}
          </option>
        ))}
      </select>
      {!selection && <p className="muted">Select a buffer here, on the stage or in the timeline.</p>}
      {selection && !v && <p className="muted">This buffer does not exist yet at this step.</p>}
      {v && (
        <article aria-label={`Buffer ${v.name ?? v.id}`}>
          <p className="card-title">
            <strong>{v.name ?? v.id}</strong> <span className="muted">({v.id})</span>{' '}
            {!v.live && <span className="badge">freed</span>}
          </p>
          <dl className="facts">
            <Fact term="Device">{v.dev ?? '—'}</Fact>
            <Fact term="CPU address">
              <code>{v.cpuAddr.address}</code> <span className="muted">{v.cpuAddr.kind}</span>
              {v.cpuAddr.cookie && (
                <span className="muted"> ({v.cpuAddr.cookie} cookie: not dereferenceable)</span>
              )}
            </Fact>
            {v.cpuAddr.memtype && (
              <Fact term="Memory type">
                <MemTypeSwatch memtype={v.cpuAddr.memtype} />
              </Fact>
            )}
            {v.cpuAddr.pgprot && (
              <Fact term="pgprot">
                <code>{v.cpuAddr.pgprot}</code>
              </Fact>
            )}
            {v.linearAlias && (
              <Fact term="Linear alias">
                <code>{v.linearAlias.address}</code> <MemTypeSwatch memtype={v.linearAlias.memtype} />{' '}
                <code>{v.linearAlias.pgprot}</code>
              </Fact>
            )}
            <Fact term="DMA address">
              <code>{v.dmaAddr ?? '—'}</code>
            </Fact>
            {v.iommu && (
              <Fact term="IOVA">
                <code>{v.iommu.iova}</code> {fmtBytes(v.iommu.size)} · {v.iommu.prot.join(' | ')}
              </Fact>
            )}
            <Fact term="Physical">
              {v.physRanges.length === 1 ? 'contiguous: ' : `${v.physRanges.length} runs: `}
              {v.physRanges.slice(0, 4).map((r) => (
                <span key={r.phys} className="run">
                  <code>{r.phys}</code> ×{r.pages}
                </span>
              ))}
              {v.physRanges.length > 4 && <span className="muted"> … {v.physRanges.length - 4} more</span>}
            </Fact>
            {v.userMappings.length > 0 && (
              <Fact term="User mappings">
                {v.userMappings.map((u) => (
                  <span key={u.vma} className="run">
                    {u.process}:{u.vma} <code>{u.start}</code> <MemTypeSwatch memtype={u.memtype} />
                  </span>
                ))}
              </Fact>
            )}
            <Fact term="Source">
              {v.source}
              {v.zone ? ` · ZONE_${v.zone}` : ''}
            </Fact>
            <Fact term="Path">
              {v.allocFn} → {v.path}
            </Fact>
            <Fact term="Size">
              {fmtBytes(v.size)} · {v.pages} pages{v.pagesHeld !== v.pages ? ` (${v.pagesHeld} held)` : ''}
            </Fact>
            <Fact term="Attributes">{v.attrs.length ? v.attrs.join(' | ') : '0'}</Fact>
            <Fact term="gfp">{v.gfp}</Fact>
            <Fact term="Zeroed">{v.zeroed ? 'yes' : 'no (old contents visible)'}</Fact>
          </dl>
          <div className="card-cost">
            <WorkloadCostBadge compact />
          </div>
        </article>
      )}
    </section>
  );
}
