/** The part of Electron's WebFrameMain the check reads; a test passes a fake. */
export interface FrameLike {
  readonly url: string;
  /** null for a window's main frame */
  readonly parent: unknown;
}

/** The part of an IPC event from a page the main process reads; a test passes a fake. */
export interface IpcEventLike {
  readonly sender: { readonly id: number };
  /** null when the frame has navigated away or been destroyed since it sent */
  readonly senderFrame: FrameLike | null;
}

/** scheme://host of a URL, for the app's own scheme too (WHATWG gives a non-special scheme the origin "null"). */
function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return undefined;
  }
}

/**
 * Why the frame that sent an IPC message may not call the main process, or undefined when it may: it must
 * be the main frame of its window (an <iframe>, even of the app's own origin, could be a page from imported
 * data) showing one of the app's origins (its scheme, or the renderer dev server when developing).
 * The window (WebContents) is checked separately: this is about which document inside it sent.
 */
export function senderFrameRefusal(event: IpcEventLike, appOrigins: readonly string[]): string | undefined {
  const frame = event.senderFrame;
  if (frame === null || frame === undefined) return 'the frame that called is gone';
  if (frame.parent !== null && frame.parent !== undefined) return 'only the main frame of the app window may call the Jessica core';
  const origin = originOf(frame.url);
  if (origin === undefined || !appOrigins.includes(origin)) return `a page of ${origin ?? 'no origin'} may not call the Jessica core`;
  return undefined;
}
