import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { abortAllOutputs } from '../io/atomicOutput.ts';
import { registerCommands } from './definitions/index.ts';
import { installUsageErrors, reportError } from './errorReport.ts';

const program = new Command();
program
  .name('vchain')
  .description(
    "Who gains and who pays along a country's value chains: social welfare and PM2.5 health damage, region by region.",
  )
  .version(
    (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
      .version,
  );

registerCommands(program);
installUsageErrors(program);

// Exit codes 128 + signal number, as a shell reports them; SIGKILL cannot be caught (docs: README).
const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGQUIT: 131, SIGTERM: 143 } as const;
for (const [sig, code] of Object.entries(SIGNAL_EXIT)) {
  process.on(sig, () => {
    abortAllOutputs();
    process.stderr.write(`\nvchain: interrupted (${sig}); no output was written\n`);
    process.exit(code);
  });
}
// Any other way out (process.exit from a library, an uncaught error) still removes temp folders.
process.on('exit', abortAllOutputs);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  abortAllOutputs();
  process.exit(reportError(e));
}
