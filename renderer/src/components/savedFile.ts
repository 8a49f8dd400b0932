/**
 * Saves text the core wrote (a CSV, a waterfall) as a download under its suggested name: a Blob, so nothing goes back
 * to the server, and the object URL freed once the browser has taken it.
 */
export function saveAsDownload(fileName: string, text: string, mediaType: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mediaType};charset=utf-8` }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
