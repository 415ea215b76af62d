import { Command } from 'commander';
import { abortAllOutputs } from '../io/atomicOutput.ts';
import { registerCommands } from './commands/index.ts';
import { installUsageErrors, reportError } from './errorReport.ts';

const program = new Command();
program
  .name('vchain')
  .description(
    "Who gains and who pays along a country's value chains: social welfare and PM2.5 health damage, region by region.",
  )
  .version('0.1.0');

registerCommands(program);
installUsageErrors(program);

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    abortAllOutputs();
    process.stderr.write(`\nvchain: interrupted (${sig}); no output was written\n`);
    process.exit(130);
  });
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  abortAllOutputs();
  process.exit(reportError(e));
}
