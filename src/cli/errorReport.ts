import { type Command, CommanderError } from 'commander';
import { clipQuotedRuns, InputError } from '../io/inputError.ts';

/**
 * How the CLI ends on an error: bad input (InputError) and usage errors (unknown option, missing
 * or invalid argument, bad choice) print one line `vchain: error: …` and exit 2; anything else is
 * a fault of vchain's own: one line, exit 1, the stack with VCHAIN_DEBUG=1.
 */

/** A commander usage error, with the command it belongs to (for "see `vchain rsm build --help`"). */
export class UsageError extends Error {
  constructor(
    readonly commander: CommanderError,
    readonly commandPath: string,
  ) {
    super(commander.message.replace(/^error:\s*/, ''));
    this.name = 'UsageError';
  }
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Makes every command throw its usage errors (as UsageError) instead of printing them and exiting
 * with commander's code 1; help and version output are untouched. Call after registering commands.
 */
export function installUsageErrors(program: Command): void {
  const visit = (cmd: Command) => {
    cmd.exitOverride((err) => {
      throw new UsageError(err, commandPath(cmd));
    });
    cmd.configureOutput({ outputError: () => {} });
    for (const sub of cmd.commands) visit(sub);
  };
  visit(program);
}

/** Writes the one-line report of `e` to stderr and returns the exit code. */
export function reportError(e: unknown, write: (s: string) => void = (s) => process.stderr.write(s)): number {
  if (e instanceof UsageError) {
    const code = e.commander.code;
    // --help, --version and `vchain help …`: already printed, not errors.
    if (code === 'commander.helpDisplayed' || code === 'commander.version') return e.commander.exitCode;
    // `vchain` alone or a command group without its subcommand: commander printed the help.
    if (code === 'commander.help') return 2;
    write(`vchain: error: ${clipQuotedRuns(e.message)} (see \`${e.commandPath} --help\`)\n`);
    return 2;
  }
  if (e instanceof CommanderError) {
    write(`vchain: error: ${clipQuotedRuns(e.message.replace(/^error:\s*/, ''))}\n`);
    return 2;
  }
  if (e instanceof InputError) {
    write(`vchain: error: ${e.message}\n`);
    return 2;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  write(
    `vchain: internal error (${err.name}): ${clipQuotedRuns(err.message)}; please report it${process.env.VCHAIN_DEBUG ? '' : ' (VCHAIN_DEBUG=1 prints the stack)'}\n`,
  );
  if (process.env.VCHAIN_DEBUG) write(`${err.stack}\n`);
  return 1;
}
