// `npm run sim -- [run] FILE [--json]`: validate a scenario file, run it headless, print the
// report (readable text, or the "dmaviz-report/1" JSON with --json).
import { buildReport, formatReportText, parseScenario, reportJson, runScenario } from '../model/index';
import type { CliIo, Command } from './command';
import { EXIT_INVALID, EXIT_OK, usageError } from './command';

export type RunOutput = { ok: true; json: string; text: string } | { ok: false; problems: string[] };

/** Parses, runs and reports one scenario file's text: the whole pipeline, without I/O. */
export function runScenarioText(text: string): RunOutput {
  const parsed = parseScenario(text);
  if (!parsed.ok) return parsed;
  const run = runScenario(parsed.scenario);
  if (!run.ok) return run;
  const report = buildReport(run);
  return { ok: true, json: reportJson(report), text: formatReportText(report) };
}

export const runCommand: Command = {
  usage: '[run] FILE [--json]',
  summary: 'run a scenario file and print its report (--json: the dmaviz-report/1 JSON)',
  main(args: readonly string[], io: CliIo): number {
    let json = false;
    const files: string[] = [];
    for (const a of args) {
      if (a === '--json') json = true;
      else if (a === '--') continue;
      else if (a.startsWith('-') && a !== '-') return usageError(io, runCommand, `unknown option ${a}`);
      else files.push(a);
    }
    if (files.length !== 1) {
      return usageError(
        io,
        runCommand,
        files.length === 0 ? 'a scenario FILE is required' : 'give exactly one FILE',
      );
    }
    const file = files[0] as string;
    let text: string;
    try {
      text = io.readFile(file === '-' ? '/dev/stdin' : file);
    } catch (e) {
      const code = (e as { code?: string }).code;
      return usageError(io, runCommand, `cannot read ${file}${code ? ` (${code})` : ''}`);
    }
    const out = runScenarioText(text);
    if (!out.ok) {
      io.err(
        `${file}: invalid scenario (${out.problems.length} problem${out.problems.length === 1 ? '' : 's'})\n`,
      );
      for (const p of out.problems) io.err(`  ${p}\n`);
      return EXIT_INVALID;
    }
    io.out(json ? out.json : out.text);
    return EXIT_OK;
  },
};
