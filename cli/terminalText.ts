/**
 * What `jessica` prints, fit for a terminal. Messages and tables carry text from the user's files and the store
 * (tickers, account ids, use-case titles, CSV headers, paths): an ESC sequence in a CSV header would recolour or
 * clear the screen, a CR overwrite the line before it, a BEL ring, a bidi override reorder what follows. Such
 * characters are written as escapes (`\x1b`, `\u202e`); the only line breaks left are the ones the CLI writes
 * itself, between the lines of a table or report. The characters and their escapes are core/quotedText.ts's, the
 * ones a core message uses for the text it quotes; this covers everything else a shell prints.
 */
import { escapeControls } from '../core/quotedText.ts';

/** A report or table: every unsafe character escaped, its own line breaks kept. */
export function terminalText(text: string): string {
  return text.split('\n').map((line) => escapeControls(line)).join('\n');
}

/** One line (an error message): line breaks escaped too, so it stays one line. */
export function terminalLine(text: string): string {
  return escapeControls(text);
}

/** A report or table to stdout. */
export function printOut(text: string): void {
  process.stdout.write(terminalText(text));
}

/** A one-line message to stderr, ended by its line break. */
export function printError(line: string): void {
  process.stderr.write(`${terminalLine(line)}\n`);
}

/**
 * Machine output (--json, --csv) to stdout: as it is when it goes to a file or a pipe, where escaping would change
 * the data; escaped when it reaches a terminal, in JSON's own form (`\u001b`) so that JSON stays JSON.
 */
export function printData(text: string): void {
  const asJson = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  process.stdout.write(process.stdout.isTTY ? text.split('\n').map((line) => escapeControls(line, asJson)).join('\n') : text);
}
