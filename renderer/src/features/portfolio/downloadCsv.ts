import type { CsvExport } from '../../../../api/runs.ts';
import { saveAsDownload } from '../../components/savedFile.ts';

/** Saves a CSV the core wrote as a file download under its suggested name. */
export function downloadCsv(file: CsvExport, doc: Document = document): void {
  saveAsDownload(file.fileName, file.csv, 'text/csv', doc);
}
