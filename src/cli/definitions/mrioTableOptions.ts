import { type Command, Option } from 'commander';
import { MRIO_FORMAT_NAMES } from '../../io/mrioFormats.ts';

/**
 * How --mrio is read, the same for decompose, run and serve: --format (else detected), --sheet
 * of a CEADs workbook, --aggregate with a concordance (docs/formats.md §7–8). `aggregate` says
 * what the command does with the aggregated table.
 */
export function addMrioTableOptions(cmd: Command, aggregate: string): Command {
  return cmd
    .addOption(
      new Option('--format <format>', 'format of --mrio (default: detected from the path)').choices(
        MRIO_FORMAT_NAMES,
      ),
    )
    .option(
      '--sheet <name>',
      "worksheet of a CEADs --mrio workbook (default: one named like 'English…', else the first)",
    )
    .option('--aggregate <file>', `region/sector concordance CSV kind,from,to[,share]: ${aggregate}`);
}
