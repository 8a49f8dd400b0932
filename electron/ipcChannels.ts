/** The one channel the renderer calls the core on: `invoke(channel, method, args)` answers an envelope. */
export const INVOKE_CHANNEL = 'jessica:invoke';

/** The channel the main process pushes core events on, as `{event, payload}`. */
export const EVENT_CHANNEL = 'jessica:event';

/** What travels on EVENT_CHANNEL. */
export interface EventMessage {
  event: string;
  payload: unknown;
}
