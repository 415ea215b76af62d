import { Command } from 'commander';
import { abortAllOutputs } from '../io/atomicOutput.ts';
import { InputError } from '../io/inputError.ts';
import { registerCommands } from './commands/index.ts';

const program = new Command();
program
  .name('vchain')
  .description(
    "Who gains and who pays along a country's value chains: social welfare and PM2.5 health damage, region by region.",
  )
  .version('0.1.0')
  .showHelpAfterError();

registerCommands(program);

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
  if (e instanceof InputError) {
    process.stderr.write(`vchain: error: ${e.message}\n`);
    process.exit(2);
  }
  const err = e as Error;
  process.stderr.write(`vchain: ${err.name === 'Error' ? 'error' : err.name}: ${err.message}\n`);
  if (process.env.VCHAIN_DEBUG) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
}
