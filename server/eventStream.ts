import type { WebSocket } from 'ws';
import { eventNames } from '../api/events.ts';
import type { Core } from '../core/createCore.ts';

/** What travels on the event socket, one JSON text frame per core event. */
export interface EventFrame {
  event: string;
  payload: unknown;
}

/**
 * Forwards every core event to one socket until it closes. The socket only listens: anything the page
 * sends on it is ignored, since calls go through POST /rpc where they are authorized one by one.
 */
export function streamEvents(socket: WebSocket, core: Pick<Core, 'subscribe'>): void {
  const unsubscribes = eventNames.map((event) =>
    core.subscribe(event, (payload) => {
      if (socket.readyState !== socket.OPEN) return;
      const frame: EventFrame = { event, payload };
      socket.send(JSON.stringify(frame));
    }),
  );
  socket.on('close', () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  });
}
