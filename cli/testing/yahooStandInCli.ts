/**
 * `jessica` as a user runs it, with the stand-in for Yahoo's servers (core/market/yahoo/testing/yahooStandIn.ts) as
 * the global fetch, for the tests of `jessica data yahoo` that need Yahoo's answers: the CLI, the core and
 * yahoo-finance2 run as they are, only the network is the stand-in. $YAHOO_STAND_IN holds its options as JSON:
 * `{ "asOf": "2020-10-30", "offline": false, "faults": [["ZZZZ", { "kind": "notFound" }, 1]] }`.
 *
 *     node --import tsx cli/testing/yahooStandInCli.ts data yahoo --universe sp --tickers AAPL
 */
import { YahooStandIn, type Fault, type StandInOptions } from '../../core/market/yahoo/testing/yahooStandIn.ts';

const options = JSON.parse(process.env.YAHOO_STAND_IN ?? '{"asOf":"2020-10-30"}') as StandInOptions & { faults?: [string, Fault, number | null][] };
const standIn = new YahooStandIn(options);
// JSON has no Infinity: null stands for "every request"
for (const [key, fault, times] of options.faults ?? []) standIn.fail(key, fault, times ?? Infinity);
globalThis.fetch = standIn.fetch;
await import('../main.ts');
