import { Command } from 'commander';
import { UsageError } from '../../cli/context.js';
import { runLink } from './link-cli.js';

/** `interdict link FILE.csv --id COLUMN --map FIELD=COLUMN,... --out CLUSTERS.csv`: any CSV of people, no database. */
export function linkCommand(): Command {
  return new Command('link')
    .description('Resolve the people in any CSV (unsupervised Fellegi-Sunter linkage); writes id,cluster')
    .argument('<file>', 'CSV with a header row')
    .requiredOption('--id <column>', 'the column holding the record id')
    .option('--map <pairs>', 'FIELD=COLUMN[,FIELD=COLUMN...]; fields: given_name, surname, full_name, dob, sex, street_number, street, city, state, postcode, id_number, phone, email')
    .option('--out <file>', 'where to write id,cluster (default: standard output)')
    .option('--threshold <p>', 'match probability to join at (default 0.5)', Number)
    .option('--review-out <file>', 'write the uncertain pairs to review (a,b,probability)')
    .option('--decisions <file>', 'analyst decisions that bind the run (a,b,confirmed|rejected)')
    .option('--previous <file>', "an earlier run's id,cluster: keeps cluster ids stable")
    .action(async (file: string, o: { id: string; map?: string; out?: string; threshold?: number; reviewOut?: string; decisions?: string; previous?: string }) => {
      if (o.threshold !== undefined && !(o.threshold > 0 && o.threshold < 1)) throw new UsageError('--threshold must be between 0 and 1');
      const summary = await runLink({ file, ...o });
      if (summary.exitCode === 2) throw new UsageError('see the message above');
      if (summary.exitCode !== 0) process.exitCode = summary.exitCode;
    });
}
