import type { RunFile } from '../../../../api/runs.ts';
import { saveAsDownload } from '../../components/savedFile.ts';

/** Saves a waterfall file the core wrote as a download under its suggested name. */
export function downloadRunFile(file: RunFile, doc: Document = document): void {
  saveAsDownload(file.fileName, file.text, file.mediaType, doc);
}
