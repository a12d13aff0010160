// The machine editor: architecture, RAM, CMA, vmalloc, swiotlb, dma-debug, devices and
// processes, checked live by the model's resolveMachineConfig; applying starts a new machine.
import { useEffect, useId, useRef, useState } from 'react';
import {
  ARCH_NAMES,
  type ArchName,
  type MachineConfigInput,
  profileOf,
  resolveMachineConfig,
} from '../../model';
import { useDmaviz, useDmavizStoreApi } from '../store/context';

interface DeviceRow {
  readonly key: number;
  name: string;
  coherent: boolean;
  iommu: boolean;
  dmaMaskBits: string;
}

interface Draft {
  arch: ArchName;
  ramMiB: string;
  cmaMiB: string;
  vmallocMiB: string;
  swiotlbMiB: string;
  dmaDebug: boolean;
  devices: DeviceRow[];
  processes: string;
}

let rowKey = 0;

function draftOf(input: MachineConfigInput): Draft {
  const str = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    arch: input.arch ?? 'arm64',
    ramMiB: str(input.ramMiB),
    cmaMiB: str(input.cmaMiB),
    vmallocMiB: str(input.vmallocMiB),
    swiotlbMiB: str(input.swiotlbMiB),
    dmaDebug: input.dmaDebug ?? true,
    devices: (input.devices ?? [{ name: 'dev0' }]).map((d) => ({
      key: rowKey++,
      name: d.name,
      coherent: d.coherent ?? true,
      iommu: d.iommu ?? false,
      dmaMaskBits: str(d.dmaMaskBits ?? 32),
    })),
    processes: (input.processes ?? ['app']).join(', '),
  };
}

/** Blank = the architecture's default; anything else must be a number (the model checks ranges). */
function num(s: string): number | undefined {
  return s.trim() === '' ? undefined : Number(s.trim());
}

export function inputOf(d: Draft): MachineConfigInput {
  const input: MachineConfigInput = {
    arch: d.arch,
    dmaDebug: d.dmaDebug,
    devices: d.devices.map((r) => ({
      name: r.name.trim(),
      coherent: r.coherent,
      iommu: r.iommu,
      dmaMaskBits: num(r.dmaMaskBits) ?? 32,
    })),
    processes: d.processes
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  };
  const set = (k: 'ramMiB' | 'cmaMiB' | 'vmallocMiB' | 'swiotlbMiB') => {
    const v = num(d[k]);
    if (v !== undefined) input[k] = v;
  };
  set('ramMiB');
  set('cmaMiB');
  set('vmallocMiB');
  set('swiotlbMiB');
  return input;
}

export function MachineEditor({ onClose }: { onClose: () => void }) {
  const store = useDmavizStoreApi();
  const current = useDmaviz((s) => s.machineInput);
  const [draft, setDraft] = useState(() => draftOf(current));
  const id = useId();
  const firstRef = useRef<HTMLSelectElement>(null);
  const input = inputOf(draft);
  const check = resolveMachineConfig(input);
  const p = profileOf(draft.arch);

  useEffect(() => {
    firstRef.current?.focus();
  }, []);

  const apply = () => {
    if (!check.ok) return;
    const r = store.getState().newMachine(input, `${draft.arch} machine`);
    if (r.ok) {
      store
        .getState()
        .notify(
          `A new ${draft.arch} machine was started (${check.config.ramMiB} MiB RAM, ${check.config.devices.length} devices); the earlier steps were cleared.`,
        );
      onClose();
    }
  };

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const setRow = (key: number, patch: Partial<DeviceRow>) =>
    setDraft((d) => ({ ...d, devices: d.devices.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));

  return (
    <div className="overlay">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-t`}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      >
        <h2 id={`${id}-t`}>Machine</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <div className="grid2">
            <label htmlFor={`${id}-arch`}>Architecture</label>
            <select
              id={`${id}-arch`}
              ref={firstRef}
              value={draft.arch}
              onChange={(e) => set('arch', e.target.value as ArchName)}
            >
              {ARCH_NAMES.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
            <label htmlFor={`${id}-ram`}>RAM (MiB)</label>
            <input
              id={`${id}-ram`}
              inputMode="numeric"
              value={draft.ramMiB}
              placeholder={`${p.defaultRamMiB} (default)`}
              onChange={(e) => set('ramMiB', e.target.value)}
            />
            <label htmlFor={`${id}-cma`}>CMA (MiB)</label>
            <input
              id={`${id}-cma`}
              inputMode="numeric"
              value={draft.cmaMiB}
              placeholder={`${p.defaultCmaMiB} (default)`}
              onChange={(e) => set('cmaMiB', e.target.value)}
            />
            <label htmlFor={`${id}-vm`}>vmalloc (MiB)</label>
            <input
              id={`${id}-vm`}
              inputMode="numeric"
              value={draft.vmallocMiB}
              placeholder="architecture default"
              onChange={(e) => set('vmallocMiB', e.target.value)}
            />
            <label htmlFor={`${id}-sw`}>swiotlb (MiB)</label>
            <input
              id={`${id}-sw`}
              inputMode="numeric"
              value={draft.swiotlbMiB}
              placeholder="architecture default"
              onChange={(e) => set('swiotlbMiB', e.target.value)}
            />
            <label htmlFor={`${id}-dbg`}>dma-debug</label>
            <input
              id={`${id}-dbg`}
              type="checkbox"
              checked={draft.dmaDebug}
              onChange={(e) => set('dmaDebug', e.target.checked)}
            />
            <label htmlFor={`${id}-proc`}>Processes</label>
            <input
              id={`${id}-proc`}
              value={draft.processes}
              onChange={(e) => set('processes', e.target.value)}
            />
          </div>
          <table className="devices">
            <caption>Devices</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Coherent</th>
                <th scope="col">IOMMU</th>
                <th scope="col">DMA mask bits</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.devices.map((r, i) => (
                <tr key={r.key}>
                  <td>
                    <input
                      aria-label={`Device ${i + 1} name`}
                      value={r.name}
                      onChange={(e) => setRow(r.key, { name: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Device ${i + 1} coherent`}
                      checked={r.coherent}
                      onChange={(e) => setRow(r.key, { coherent: e.target.checked })}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Device ${i + 1} IOMMU`}
                      checked={r.iommu}
                      onChange={(e) => setRow(r.key, { iommu: e.target.checked })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`Device ${i + 1} DMA mask bits`}
                      inputMode="numeric"
                      size={4}
                      value={r.dmaMaskBits}
                      onChange={(e) => setRow(r.key, { dmaMaskBits: e.target.value })}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() =>
                        set(
                          'devices',
                          draft.devices.filter((x) => x.key !== r.key),
                        )
                      }
                      aria-label={`Remove device ${r.name || i + 1}`}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            onClick={() =>
              set('devices', [
                ...draft.devices,
                {
                  key: rowKey++,
                  name: `dev${draft.devices.length}`,
                  coherent: true,
                  iommu: false,
                  dmaMaskBits: '32',
                },
              ])
            }
          >
            Add device
          </button>
          {!check.ok && (
            <ul className="problems" aria-label="Problems">
              {check.problems.map((pr) => (
                <li key={pr}>{pr}</li>
              ))}
            </ul>
          )}
          {check.ok && check.notes.length > 0 && (
            <ul className="notes" aria-label="Notes">
              {check.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <p className="hint">Applying starts a new machine: the steps of this session are cleared.</p>
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!check.ok}>
              Start new machine
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
