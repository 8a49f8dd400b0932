import { InputError } from '../errors.ts';
import { quoted } from '../quotedText.ts';

/** A universe's name as every import accepts it: it names files, runs and rows, so plain characters only. */
const UNIVERSE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Bad input naming the field when `universe` is not a name an import may store. */
export function checkUniverseName(universe: string): void {
  if (!UNIVERSE_NAME.test(universe)) {
    throw new InputError(`${quoted(universe)} is not a valid universe name (letters, digits, _ . -; up to 64)`, { field: 'universe' });
  }
}
