// What every `npm run sim` subcommand shares: a small I/O interface (so commands are testable
// without a process), the command shape of sim.ts's table and the exit codes.

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

/** The scenario ran (kernel failures are results) or the command printed its output. */
export const EXIT_OK = 0;
/** The input is invalid: every problem is on stderr. */
export const EXIT_INVALID = 1;
/** Wrong usage: a usage line is on stderr. */
export const EXIT_USAGE = 2;

/** Prints a usage problem with the command's usage line; returns EXIT_USAGE. */
export function usageError(io: CliIo, command: Pick<Command, 'usage'>, message: string): number {
  io.err(
    `sim: ${message}\nusage: npm run sim -- ${command.usage}\n(npm run sim -- --help lists every command)\n`,
  );
  return EXIT_USAGE;
}
