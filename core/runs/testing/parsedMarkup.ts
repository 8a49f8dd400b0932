import { createRequire } from 'node:module';

/**
 * Waterfall files parsed as a browser would, for tests: SVG as strict XML (jsdom's XML parser throws on anything
 * not well-formed), HTML by the HTML5 rules, optionally running its script. jsdom ships no types and the project's
 * TypeScript has no DOM library, so it is loaded untyped and given the few DOM members the tests read.
 */
export interface MarkupElement {
  localName: string;
  textContent: string | null;
  nextElementSibling: MarkupElement | null;
  style: { display: string };
  getAttribute(name: string): string | null;
  querySelector(selectors: string): MarkupElement | null;
  querySelectorAll(selectors: string): ArrayLike<MarkupElement> & Iterable<MarkupElement>;
  dispatchEvent(event: unknown): boolean;
}

export interface MarkupDocument extends MarkupElement {
  documentElement: MarkupElement;
  getElementById(id: string): MarkupElement | null;
}

interface JsdomWindow {
  document: MarkupDocument;
  MouseEvent: new (type: string, init: { bubbles: boolean }) => unknown;
}

const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (text: string, options?: { contentType?: string; runScripts?: 'dangerously' }) => { window: JsdomWindow };
};

/** An SVG file's document; throws when the text is not well-formed XML. */
export function parseSvg(text: string): MarkupDocument {
  return new JSDOM(text, { contentType: 'image/svg+xml' }).window.document;
}

/** An HTML page's window: its document, and with `runScripts` its own script run, for events to be sent to it. */
export function parseHtml(text: string, { runScripts = false }: { runScripts?: boolean } = {}): JsdomWindow {
  return new JSDOM(text, runScripts ? { runScripts: 'dangerously' } : {}).window;
}
