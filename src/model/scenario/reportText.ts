// The report for a person: each step with its arguments, narration, kernel call path, result,
// cache maintenance, bounce copies and kernel messages, then the buffers, the metrics and
// dma-debug's errors. Derived from the JSON report only, so the two never disagree.
import { formatSize } from '../units';
import type { BufferView } from '../views';
import type { ScenarioReport, StepReport } from './report';

export function formatReportText(report: ScenarioReport): string {
  const out: string[] = [];
  const m = report.machine;
  out.push(report.title, '='.repeat(Math.min(report.title.length, 100)));
  out.push(
    `machine: ${m.arch}, ${m.ramMiB} MiB RAM, CMA ${m.cmaMiB} MiB, vmalloc ${m.vmallocMiB} MiB, ` +
      `swiotlb ${m.swiotlbMiB} MiB, atomic pool ${m.atomicPoolKiB} KiB, dma-debug ${m.dmaDebug ? 'on' : 'off'}`,
  );
  for (const d of m.devices) {
    out.push(
      `device ${d.name}: ${d.coherent ? 'coherent' : 'non-coherent'}, ${d.iommu ? 'behind an IOMMU' : 'no IOMMU'}, ` +
        `${d.dmaMaskBits}-bit DMA mask`,
    );
  }
  out.push(`processes: ${m.processes.join(', ') || 'none'}`);
  for (const n of report.notes) out.push(`note: ${n}`);
  for (const s of report.steps) out.push('', ...stepLines(s));
  out.push('', 'Buffers');
  const names = Object.keys(report.buffers);
  if (names.length === 0) out.push('  (none)');
  for (const name of names) out.push(...bufferLines(name, report.buffers[name]!));
  out.push('', 'Metrics');
  for (const [k, v] of Object.entries(report.metrics)) {
    out.push(
      `  ${k}: ${typeof v === 'number' && k.endsWith('Bytes') ? `${v} (${formatSize(v)})` : String(v)}`,
    );
  }
  out.push('', 'dma-debug');
  if (report.dmaDebug.length === 0) out.push('  no errors');
  for (const e of report.dmaDebug) out.push(`  steps[${e.step}]: ${e.message}`);
  const sm = report.summary;
  out.push(
    '',
    `${sm.steps} steps: ${sm.ok} ok, ${sm.failed} failed as the kernel would fail` +
      (sm.expectationsFailed ? `, ${sm.expectationsFailed} expectations not met` : '') +
      `, ${sm.dmaDebugErrors} dma-debug errors`,
  );
  return `${out.join('\n')}\n`;
}

function stepLines(s: StepReport): string[] {
  const { note, ...rest } = s.args;
  const args = Object.entries(rest).map(
    ([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : typeof v === 'string' ? v : JSON.stringify(v)}`,
  );
  const lines = [`steps[${s.index}] ${s.op}(${args.join(', ')})${s.as ? ` as ${s.as}` : ''}`];
  if (s.say) lines.push(`  "${s.say}"`);
  if (typeof note === 'string') lines.push(`  note: ${note}`);
  if (s.calls.length > 0) lines.push(`  calls: ${s.calls.join(' → ')}`);
  if (s.ok) {
    const entries = Object.entries(s.result ?? {});
    lines.push(`  ok${entries.length ? `: ${entries.map(([k, v]) => `${k}=${scalar(v)}`).join(', ')}` : ''}`);
  } else {
    lines.push(`  FAILED ${s.error?.code}: ${s.error?.message}`);
  }
  for (const c of s.cacheOps) lines.push(`  cache: ${c.op} ${formatSize(c.bytes)} via ${c.alias} (${c.fn})`);
  for (const b of s.bounceCopies)
    lines.push(`  bounce: ${formatSize(b.bytes)}${b.dir ? ` ${b.dir}` : ''} (${b.fn})`);
  for (const m of s.messages) lines.push(`  kernel ${m.level}: ${m.text}`);
  return lines;
}

function bufferLines(name: string, b: BufferView): string[] {
  const lines = [
    `  ${name}: ${b.live ? 'live' : 'freed'}, ${b.dev ?? 'no device'}, ${formatSize(b.size)} in ${b.pages} page${b.pages === 1 ? '' : 's'}, ` +
      `${b.physContiguous ? 'physically contiguous' : 'scattered'}, from ${b.source}${b.path ? ` (${b.path})` : ''}`,
    `    cpu: ${b.cpuAddr.kind} ${b.cpuAddr.address}${b.cpuAddr.memtype ? ` ${b.cpuAddr.memtype}` : ''}` +
      (b.linearAlias ? `; linear alias ${b.linearAlias.memtype}` : '') +
      `; dma: ${b.dmaAddr ?? 'none'}` +
      (b.iommu ? `; iova ${b.iommu.iova} (${formatSize(b.iommu.size)})` : ''),
  ];
  for (const u of b.userMappings) lines.push(`    user: ${u.process} ${u.vma} at ${u.start} ${u.memtype}`);
  return lines;
}

function scalar(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
