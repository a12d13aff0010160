// The machines of compare mode: one scenario's machine re-created on the architecture, RAM, CMA
// and device settings the user picks for each side. Devices keep their names (the steps refer to
// them), so the same steps run on both; coherence and IOMMU are kept or overridden for all.
import type { ArchName, MachineConfigInput, Op } from '../../model';
import { ARCH_PROFILES } from '../../model';

/** "keep" leaves each device as the scenario has it; true/false sets it on every device. */
export type DeviceSetting = 'keep' | 'on' | 'off';

/**
 * A size in MiB, or "scenario": the size the session's machine gives (so a side keeps the
 * scenario's RAM when only its architecture or coherence changes).
 */
export type SizePick = number | 'scenario';

export interface MachineChoice {
  readonly arch: ArchName;
  readonly coherent: DeviceSetting;
  readonly iommu: DeviceSetting;
  readonly ramMiB: SizePick;
  readonly cmaMiB: SizePick;
}

/** The RAM and CMA a session's machine boots with (absent: it names no architecture to default from). */
export type SourceSizes = Pick<MachineConfigInput, 'ramMiB' | 'cmaMiB'>;

/**
 * The sizes the session ran with: those it sets, else its own architecture's defaults (what the
 * model gives it). A session that names no architecture has none: each side takes its own default.
 */
export function scenarioSizesOf(base: MachineConfigInput): SourceSizes {
  const p = base.arch === undefined ? undefined : ARCH_PROFILES[base.arch];
  const ramMiB = base.ramMiB ?? p?.defaultRamMiB;
  const cmaMiB = base.cmaMiB ?? p?.defaultCmaMiB;
  return { ...(ramMiB === undefined ? {} : { ramMiB }), ...(cmaMiB === undefined ? {} : { cmaMiB }) };
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

/** Whether the session's own RAM size boots on `arch` (it is set, and within the architecture's limit). */
export function isScenarioRamFor(arch: ArchName, sizes: SourceSizes): boolean {
  return sizes.ramMiB !== undefined && sizes.ramMiB <= ARCH_PROFILES[arch].maxRamMiB;
}

/** Whether the session's own CMA size fits `ramMiB` (it is set, and at most half the RAM). */
export function isScenarioCmaFor(ramMiB: number, sizes: SourceSizes): boolean {
  return sizes.cmaMiB !== undefined && sizes.cmaMiB <= ramMiB / 2;
}

/** The RAM the side boots with, in MiB. */
export function ramOf(c: MachineChoice, sizes: SourceSizes): number {
  return c.ramMiB === 'scenario' ? (sizes.ramMiB ?? ARCH_PROFILES[c.arch].defaultRamMiB) : c.ramMiB;
}

/** The CMA area the side boots with, in MiB. */
export function cmaOf(c: MachineChoice, sizes: SourceSizes): number {
  return c.cmaMiB === 'scenario' ? (sizes.cmaMiB ?? ARCH_PROFILES[c.arch].defaultCmaMiB) : c.cmaMiB;
}

/**
 * A choice for `arch` with the given device settings: the session's RAM and CMA where it sets
 * them ("as in scenario"), the architecture's defaults otherwise.
 */
export function defaultChoice(
  arch: ArchName,
  coherent: DeviceSetting = 'keep',
  iommu: DeviceSetting = 'keep',
  sizes: SourceSizes = {},
): MachineChoice {
  const p = ARCH_PROFILES[arch];
  return normaliseChoice(
    {
      arch,
      coherent,
      iommu,
      ramMiB: sizes.ramMiB !== undefined ? 'scenario' : p.defaultRamMiB,
      cmaMiB: sizes.cmaMiB !== undefined ? 'scenario' : p.defaultCmaMiB,
    },
    sizes,
  );
}

/** The same machine for another session: its RAM and CMA go back to "as in scenario" where it sets them. */
export function choiceForSource(c: MachineChoice, sizes: SourceSizes): MachineChoice {
  return defaultChoice(c.arch, c.coherent, c.iommu, sizes);
}

/**
 * Keeps RAM and CMA valid after the architecture, the RAM or the session changes: a size the
 * architecture refuses falls back to the session's own, then to the architecture's default.
 */
export function normaliseChoice(c: MachineChoice, sizes: SourceSizes = {}): MachineChoice {
  const p = ARCH_PROFILES[c.arch];
  const scenarioRam = isScenarioRamFor(c.arch, sizes);
  const ramOk = c.ramMiB === 'scenario' ? scenarioRam : ramChoicesFor(c.arch).includes(c.ramMiB);
  const ramMiB: SizePick = ramOk ? c.ramMiB : scenarioRam ? 'scenario' : p.defaultRamMiB;
  const ram = ramOf({ ...c, ramMiB }, sizes);
  if (c.cmaMiB === 'scenario' && isScenarioCmaFor(ram, sizes)) return { ...c, ramMiB };
  const want = cmaOf(c, sizes);
  const cmas = cmaChoicesFor(ram);
  const cmaMiB = cmas.includes(want) ? want : Math.max(...cmas.filter((m) => m <= want), 0);
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
    ramMiB: ramOf(c, scenarioSizesOf(base)),
    cmaMiB: cmaOf(c, scenarioSizesOf(base)),
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

/** "512 MiB", "2 GiB". */
export const sizeLabel = (m: number) => (m >= 1024 ? `${m / 1024} GiB` : `${m} MiB`);

/** "x86_64 · 4 GiB · CMA 16 MiB · coherent · no IOMMU": the heading of one side. */
export function choiceSummary(c: MachineChoice, sizes: SourceSizes = {}): string {
  const dev = (s: DeviceSetting, on: string, off: string) =>
    s === 'keep' ? `${on} as in scenario` : s === 'on' ? on : off;
  return [
    c.arch,
    sizeLabel(ramOf(c, sizes)),
    `CMA ${cmaOf(c, sizes)} MiB`,
    dev(c.coherent, 'coherent', 'non-coherent'),
    dev(c.iommu, 'IOMMU', 'no IOMMU'),
  ].join(' · ');
}
