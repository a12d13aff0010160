// `npm run sim`: the headless runner. A table of subcommands (today `run`, the default; later
// `matrix`, issue 7) over one small I/O interface, so every command is testable without a
// process. Exit codes: 0 ran (kernel failures are results), 1 invalid input, 2 wrong usage.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runCommand } from './run';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly readFile: (path: string) => string;
}

export interface Command {
  /** One line shown by --help, after "npm run sim -- ". */
  readonly usage: string;
  readonly summary: string;
  readonly main: (args: readonly string[], io: CliIo) => number;
}

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/** Subcommands by name; a first argument that names none is a scenario FILE for `run`. */
export const commands: Readonly<Record<string, Command>> = {
  run: runCommand,
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
    'Exit status: 0 the scenario ran (a step the kernel refuses is a result), 1 invalid file, 2 wrong usage.',
    'Format: docs/scenario-format.md',
  );
  return `${lines.join('\n')}\n`;
}

export function usageError(io: CliIo, message: string): number {
  io.err(`sim: ${message}\n${helpText()}`);
  return EXIT_USAGE;
}

export function main(argv: readonly string[], io: CliIo): number {
  const [first, ...rest] = argv;
  if (first === undefined) return usageError(io, 'a scenario FILE is required');
  if (first === '--help' || first === '-h' || first === 'help') {
    io.out(helpText());
    return EXIT_OK;
  }
  const named = Object.hasOwn(commands, first) ? commands[first] : undefined;
  if (named) return named.main(rest, io);
  return (commands[DEFAULT_COMMAND] as Command).main(argv, io);
}

const nodeIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  readFile: (p) => readFileSync(p, 'utf8'),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv.slice(2), nodeIo);
}
