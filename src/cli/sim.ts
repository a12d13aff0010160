// `npm run sim`: the headless runner. A table of subcommands over one small I/O interface:
// `run` (the default: a scenario file) and `matrix` (issue 7). Exit codes: 0 ran (kernel
// failures are results), 1 invalid input, 2 wrong usage.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { CliIo, Command } from './command';
import { EXIT_OK, usageError } from './command';
import { matrix } from './matrix';
import { runCommand } from './run';

export type { CliIo, Command } from './command';

/** Subcommands by name; a first argument that names none is a scenario FILE for `run`. */
export const commands: Readonly<Record<string, Command>> = {
  run: runCommand,
  matrix,
};

export const DEFAULT_COMMAND = 'run';

export function helpText(): string {
  const lines = ['usage:'];
  for (const c of Object.values(commands)) lines.push(`  npm run sim -- ${c.usage}`);
  lines.push('');
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name}: ${c.summary}`);
  lines.push(
    '',
    `A FILE argument runs the "${DEFAULT_COMMAND}" command; use ./FILE for a file named like a command.`,
    'Exit status: 0 ran (a step the kernel refuses is a result), 1 invalid input, 2 wrong usage.',
    'Scenario format: docs/scenario-format.md',
  );
  return `${lines.join('\n')}\n`;
}

export function main(argv: readonly string[], io: CliIo): number {
  const [first] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    io.out(helpText());
    return EXIT_OK;
  }
  if (first === undefined) return usageError(io, runCommand, 'a scenario FILE is required');
  const named = Object.hasOwn(commands, first) ? commands[first] : undefined;
  if (named) return named.main(argv.slice(1), io);
  return runCommand.main(argv, io);
}

const nodeIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  readFile: (p) => readFileSync(p, 'utf8'),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv.slice(2), nodeIo);
}
