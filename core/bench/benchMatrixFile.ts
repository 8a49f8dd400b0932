import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { ZodError } from 'zod';
import { benchMatrixSchema, type BenchPreset, type ParsedBenchMatrix } from '../../api/bench.ts';
import { InputError } from '../errors.ts';
import { fileSystemFailure } from '../fileSystemErrors.ts';

/** A matrix larger than this is no matrix: the default one is 2 kB. */
const MAX_MATRIX_BYTES = 256 * 1024;

/** The matrices shipped in bench/ (`tiny` for a quick look and the tests, `default` for `jessica bench`). */
export function presetMatrixFile(preset: BenchPreset): string {
  return path.resolve(import.meta.dirname, '../../bench', `matrix.${preset}.yaml`);
}

/**
 * A bench matrix from a file, JSON (`.json`) or YAML (`.yaml`, `.yml`) by its extension, checked against the
 * matrix schema (api/bench.ts). Every refusal is one line naming the file and, where it is the content, the line
 * (syntax) or the field (`workloads[0].factors.solver[1]`).
 */
export function readBenchMatrix(file: string): ParsedBenchMatrix {
  const extension = path.extname(file).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(extension)) {
    throw new InputError(`a bench matrix is JSON (.json) or YAML (.yaml, .yml), not "${extension || 'no extension'}"`, { file, field: 'matrixFile' });
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const failure = fileSystemFailure(error);
    throw new InputError(failure ? failure.message : `cannot be read: ${(error as Error).message}`, { file, field: 'matrixFile' }, { placed: failure !== undefined });
  }
  if (Buffer.byteLength(text) > MAX_MATRIX_BYTES) throw new InputError(`is over ${MAX_MATRIX_BYTES / 1024} KiB: a bench matrix is a few lines`, { file });
  let value: unknown;
  try {
    value = extension === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0].line;
      throw new InputError(`is not valid YAML: ${error.message.split('\n')[0]!.replace(/:$/, '')}`, { file, ...(line === undefined ? {} : { line }) });
    }
    throw new InputError(`is not valid JSON: ${(error as Error).message}`, { file });
  }
  return parseBenchMatrix(value, file);
}

/** `value` checked as a matrix; a refusal names `source` (a file, or `matrix` for one given whole) and the field. */
export function parseBenchMatrix(value: unknown, source: string): ParsedBenchMatrix {
  if (value === null || value === undefined) throw new InputError('the matrix is empty: give at least one workload', { file: source });
  const parsed = benchMatrixSchema.safeParse(value);
  if (!parsed.success) throw matrixError(parsed.error, source);
  return parsed.data;
}

function matrixError(error: ZodError, source: string): InputError {
  const issue = error.issues[0]!;
  const field = fieldPath(issue.path);
  return new InputError(issue.message, { file: source, ...(field === '' ? {} : { field }) });
}

/** A zod path as a reader writes it: `workloads[0].factors.solver[1]`. */
export function fieldPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`), '');
}
