import type { CsvExport } from '../../../../api/runs.ts';

/** Saves a CSV the core wrote as a file download under its suggested name (a Blob, so nothing goes back to the server). */
export function downloadCsv(file: CsvExport, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv;charset=utf-8' }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
