/** The one channel the renderer calls the core on: `invoke(channel, method, args)` answers an envelope. */
export const INVOKE_CHANNEL = 'jessica:invoke';

/** The channel the main process pushes core events on, as `{event, payload}`. */
export const EVENT_CHANNEL = 'jessica:event';

/** The channel the renderer asks for a file dialog on: `invoke(channel, request)` answers the path or null. */
export const PICK_PATH_CHANNEL = 'jessica:pick-path';

/** What travels on EVENT_CHANNEL. */
export interface EventMessage {
  event: string;
  payload: unknown;
}
