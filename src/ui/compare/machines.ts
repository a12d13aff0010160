// The machines of compare mode: one scenario's machine re-created on the architecture, RAM, CMA
// and device settings the user picks for each side. Devices keep their names (the steps refer to
// them), so the same steps run on both; coherence and IOMMU are kept or overridden for all.
import type { ArchName, MachineConfigInput, Op } from '../../model';
import { ARCH_PROFILES } from '../../model';

/** "keep" leaves each device as the scenario has it; true/false sets it on every device. */
export type DeviceSetting = 'keep' | 'on' | 'off';

export interface MachineChoice {
  readonly arch: ArchName;
  readonly coherent: DeviceSetting;
  readonly iommu: DeviceSetting;
  readonly ramMiB: number;
  readonly cmaMiB: number;
}

export const RAM_CHOICES_MIB = [512, 1024, 2048, 4096, 8192] as const;
export const CMA_CHOICES_MIB = [0, 16, 64, 256] as const;

/** RAM sizes the architecture accepts (arm32 stops at 3 GiB of lowmem+highmem here). */
export function ramChoicesFor(arch: ArchName): number[] {
  return RAM_CHOICES_MIB.filter((m) => m <= ARCH_PROFILES[arch].maxRamMiB);
}

/** CMA sizes up to half the RAM (what resolveMachineConfig allows). */
export function cmaChoicesFor(ramMiB: number): number[] {
  return CMA_CHOICES_MIB.filter((m) => m <= ramMiB / 2);
}

/** A choice for `arch` with that architecture's defaults, and the given device settings. */
export function defaultChoice(
  arch: ArchName,
  coherent: DeviceSetting = 'keep',
  iommu: DeviceSetting = 'keep',
) {
  const p = ARCH_PROFILES[arch];
  return { arch, coherent, iommu, ramMiB: p.defaultRamMiB, cmaMiB: p.defaultCmaMiB } satisfies MachineChoice;
}

/** Keeps RAM and CMA valid after the architecture or the RAM changes. */
export function normaliseChoice(c: MachineChoice): MachineChoice {
  const rams = ramChoicesFor(c.arch);
  const ramMiB = rams.includes(c.ramMiB) ? c.ramMiB : ARCH_PROFILES[c.arch].defaultRamMiB;
  const cmas = cmaChoicesFor(ramMiB);
  const cmaMiB = cmas.includes(c.cmaMiB) ? c.cmaMiB : Math.max(...cmas.filter((m) => m <= c.cmaMiB), 0);
  return { ...c, ramMiB, cmaMiB };
}

const setting = (s: DeviceSetting, keep: boolean | undefined) => (s === 'keep' ? keep : s === 'on');

/**
 * The scenario's machine on the chosen side. Layout keys tied to one architecture (ramBase) are
 * dropped when the architecture changes; the model reports any other value the new one refuses.
 */
export function machineFor(base: MachineConfigInput, c: MachineChoice): MachineConfigInput {
  const { ramBase, ...rest } = base;
  const devices = (base.devices && base.devices.length > 0 ? base.devices : [{ name: 'dev0' }]).map((d) => {
    const coherent = setting(c.coherent, d.coherent);
    const iommu = setting(c.iommu, d.iommu);
    return {
      ...d,
      ...(coherent === undefined ? {} : { coherent }),
      ...(iommu === undefined ? {} : { iommu }),
    };
  });
  return {
    ...rest,
    ...(ramBase !== undefined && base.arch === c.arch ? { ramBase } : {}),
    arch: c.arch,
    ramMiB: c.ramMiB,
    cmaMiB: c.cmaMiB,
    devices,
  };
}

/** A session to compare: a machine and its steps (a scenario, the current session, an example). */
export interface CompareSource {
  readonly id: string;
  readonly title: string;
  readonly machine: MachineConfigInput;
  readonly ops: readonly Op[];
}

/** The pair issue 7 names: one coherent allocation of 1 MiB, mapped into a process. */
export const EXAMPLE_SOURCE: CompareSource = {
  id: 'example-coherent-mmap',
  title: 'dma_alloc_coherent 1 MiB + dma_mmap_coherent',
  machine: { devices: [{ name: 'dev0', dmaMaskBits: 32 }], processes: ['app'] },
  ops: [
    { op: 'dma_alloc_coherent', dev: 'dev0', size: '1MiB', gfp: 'GFP_KERNEL', as: 'buf' },
    { op: 'dma_mmap_coherent', buf: 'buf', process: 'app' },
  ],
};

export const DEFAULT_LEFT: MachineChoice = defaultChoice('x86_64', 'on', 'off');
export const DEFAULT_RIGHT: MachineChoice = defaultChoice('arm32', 'off', 'off');

/** "x86_64 · 4 GiB · coherent · no IOMMU": the heading of one side. */
export function choiceSummary(c: MachineChoice): string {
  const ram = c.ramMiB >= 1024 ? `${c.ramMiB / 1024} GiB` : `${c.ramMiB} MiB`;
  const dev = (s: DeviceSetting, on: string, off: string) =>
    s === 'keep' ? `${on} as in scenario` : s === 'on' ? on : off;
  return [
    c.arch,
    ram,
    `CMA ${c.cmaMiB} MiB`,
    dev(c.coherent, 'coherent', 'non-coherent'),
    dev(c.iommu, 'IOMMU', 'no IOMMU'),
  ].join(' · ');
}
