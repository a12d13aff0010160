// Machine configuration: a scenario's `machine` object resolved to the kernel's defaults for its
// architecture, with every number checked. Bad input is a list of problems, never an exception.
import { ARCH_PROFILES, profileOf } from './arch/profiles';
import type { ArchName, DeviceConfig, MachineConfig, MachineConfigInput } from './types';
import { GiB, MiB } from './units';

export const DEFAULT_DEVICE: Omit<DeviceConfig, 'name' | 'driver'> = {
  coherent: true,
  iommu: false,
  dmaMaskBits: 32,
};

export type ConfigResult =
  | { ok: true; config: MachineConfig; notes: string[] }
  | { ok: false; problems: string[] };

/** Resolves a machine description; `notes` say which kernel rule changed what the user asked. */
export function resolveMachineConfig(input: MachineConfigInput = {}): ConfigResult {
  const problems: string[] = [];
  const notes: string[] = [];
  const arch: ArchName = input.arch ?? 'arm64';
  if (!(arch in ARCH_PROFILES)) {
    return {
      ok: false,
      problems: [`machine.arch: unknown architecture "${String(arch)}" (x86_64, arm64, arm32, riscv64)`],
    };
  }
  const p = profileOf(arch);
  const ramMiB = input.ramMiB ?? p.defaultRamMiB;
  if (!Number.isInteger(ramMiB) || ramMiB < 64 || ramMiB > p.maxRamMiB) {
    problems.push(
      `machine.ramMiB: ${String(ramMiB)} is not a whole number of MiB between 64 and ${p.maxRamMiB} on ${arch}`,
    );
  }
  const ramBase = input.ramBase ?? p.defaultRamBase;
  if (!Number.isInteger(ramBase) || ramBase < 0 || ramBase % (4 * MiB) !== 0) {
    problems.push(`machine.ramBase: ${String(ramBase)} must be a non-negative multiple of 4 MiB`);
  }
  if (p.addrHexDigits === 8 && ramBase + ramMiB * MiB > 4 * GiB) {
    problems.push(`machine.ramBase: on ${arch} RAM must lie below 4 GiB`);
  }
  const cmaMiB = input.cmaMiB ?? p.defaultCmaMiB;
  if (!Number.isInteger(cmaMiB) || cmaMiB < 0 || cmaMiB > ramMiB / 2) {
    problems.push(`machine.cmaMiB: ${String(cmaMiB)} must be a whole number from 0 to half the RAM`);
  } else if (cmaMiB % 4 !== 0) {
    problems.push(
      `machine.cmaMiB: ${cmaMiB} is not a multiple of 4 MiB (CMA areas are pageblock aligned here)`,
    );
  }
  const vmallocMiB = input.vmallocMiB ?? p.defaultVmallocMiB;
  if (!Number.isInteger(vmallocMiB) || vmallocMiB < 16) {
    problems.push(
      `machine.vmallocMiB: ${String(vmallocMiB)} must be a whole number of at least 16 (the kernel's minimum)`,
    );
  } else if (p.vmallocCarvesLowmem && vmallocMiB > 752) {
    problems.push(`machine.vmallocMiB: ${vmallocMiB} leaves no lowmem on ${arch} (3G/1G split)`);
  } else if (!p.vmallocCarvesLowmem && input.vmallocMiB !== undefined && vmallocMiB > p.defaultVmallocMiB) {
    problems.push(`machine.vmallocMiB: ${vmallocMiB} is larger than this architecture's vmalloc area`);
  }
  const swiotlbMiB = input.swiotlbMiB ?? p.defaultSwiotlbMiB(ramBase, ramMiB * MiB);
  if (!Number.isInteger(swiotlbMiB) || swiotlbMiB < 0 || swiotlbMiB > Math.min(1024, ramMiB / 4)) {
    problems.push(
      `machine.swiotlbMiB: ${String(swiotlbMiB)} must be a whole number from 0 to a quarter of RAM (max 1024)`,
    );
  }
  const defaultPoolKiB = p.armAtomicPool
    ? 256
    : p.genericAtomicPools
      ? Math.min(4096, Math.max(128, 128 * Math.ceil(ramMiB / 1024)))
      : 0;
  const atomicPoolKiB = input.atomicPoolKiB ?? defaultPoolKiB;
  if (
    !Number.isInteger(atomicPoolKiB) ||
    atomicPoolKiB < 0 ||
    atomicPoolKiB % 4 !== 0 ||
    atomicPoolKiB > 4096
  ) {
    problems.push(`machine.atomicPoolKiB: ${String(atomicPoolKiB)} must be a multiple of 4 from 0 to 4096`);
  }
  const devices: DeviceConfig[] = [];
  const seen = new Set<string>();
  (input.devices ?? [{ name: 'dev0' }]).forEach((d, i) => {
    const where = `machine.devices[${i}]`;
    if (typeof d?.name !== 'string' || !/^[A-Za-z_][\w.-]{0,31}$/.test(d.name)) {
      problems.push(`${where}.name: a device needs a name of letters, digits, "_", "-" or "."`);
      return;
    }
    if (seen.has(d.name)) problems.push(`${where}.name: "${d.name}" is used twice`);
    seen.add(d.name);
    const bits = d.dmaMaskBits ?? DEFAULT_DEVICE.dmaMaskBits;
    if (!Number.isInteger(bits) || bits < 24 || bits > 64) {
      problems.push(`${where}.dmaMaskBits: ${String(bits)} must be a whole number from 24 to 64`);
    }
    let coherent = d.coherent ?? (p.alwaysCoherent ? true : DEFAULT_DEVICE.coherent);
    if (!coherent && p.alwaysCoherent) {
      notes.push(
        `${d.name}: x86_64 has no non-coherent DMA (dev_is_dma_coherent() is always true); made coherent`,
      );
      coherent = true;
    }
    const driver = d.driver ?? (d.name.replace(/\d+$/, '') || d.name);
    if (typeof driver !== 'string' || !/^[\w.-]{1,32}$/.test(driver)) {
      problems.push(`${where}.driver: a driver name of letters, digits, "_", "-" or "."`);
    }
    devices.push({
      name: d.name,
      coherent,
      iommu: d.iommu ?? DEFAULT_DEVICE.iommu,
      dmaMaskBits: bits,
      driver,
    });
  });
  const processes = [...(input.processes ?? ['app'])];
  processes.forEach((name, i) => {
    if (typeof name !== 'string' || !/^[A-Za-z_][\w.-]{0,31}$/.test(name)) {
      problems.push(`machine.processes[${i}]: a process needs a name of letters, digits, "_", "-" or "."`);
    }
  });
  if (new Set(processes).size !== processes.length) problems.push('machine.processes: a name is used twice');
  const dmaDebug = input.dmaDebug ?? true;
  if (typeof dmaDebug !== 'boolean') problems.push('machine.dmaDebug: must be true or false');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    notes,
    config: {
      arch,
      ramMiB,
      ramBase,
      cmaMiB,
      vmallocMiB,
      swiotlbMiB,
      atomicPoolKiB,
      dmaDebug,
      devices,
      processes,
    },
  };
}
