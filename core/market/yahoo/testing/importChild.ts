/**
 * A Yahoo import in a process of its own, for the test that kills one: opens the core's services on the data
 * directory given, with the stand-in for Yahoo as their fetch, imports the IVV fixture two tickers per batch, and
 * prints `committed N` after each batch commits. After the first one every later answer takes a minute, so the
 * process is still in its second batch when the test kills it.
 *
 *     node --import tsx core/market/yahoo/testing/importChild.ts HOME
 */
import path from 'node:path';
import { openServices } from '../../../services.ts';
import { importFromYahoo } from '../yahooImport.ts';
import { YahooStandIn } from './yahooStandIn.ts';

const home = process.argv[2];
if (home === undefined) throw new Error('usage: importChild.ts HOME');
const standIn = new YahooStandIn({ asOf: '2020-10-30' });
const services = openServices({ home, highsWorkers: 1, fetch: standIn.fetch });
try {
  const summary = await importFromYahoo(
    services,
    { universe: 'sp', holdingsFile: path.join(import.meta.dirname, '../fixtures/IVV_holdings.csv'), from: '2020-08-17' },
    {},
    {
      batchSize: 2,
      onBatchCommitted: ({ number }) => {
        process.stdout.write(`committed ${number}\n`);
        standIn.delayMs = 60_000;
      },
    },
  );
  process.stdout.write(`done ${JSON.stringify(summary)}\n`);
} finally {
  await services.close();
}
