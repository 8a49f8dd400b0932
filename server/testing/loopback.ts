import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';

export interface LoopbackResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * One HTTP request to the bridge on 127.0.0.1, with any headers a browser or an attacker's page could
 * send, Host included (which fetch would not let a test set).
 */
export function loopbackRequest(
  port: number,
  request: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<LoopbackResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: request.method ?? 'GET', path: request.path, headers: { host: `127.0.0.1:${port}`, ...request.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Calls a core method as the browser's HTTP transport does. */
export async function rpc(port: number, token: string, method: string, args: unknown): Promise<{ status: number; envelope: unknown }> {
  const response = await fetch(`http://127.0.0.1:${port}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(args),
  });
  return { status: response.status, envelope: await response.json() };
}

/** An open event socket and every frame it has received, parsed. */
export interface EventSocket {
  frames: { event: string; payload: unknown }[];
  close(): void;
}

export function openEventSocket(port: number, token: string): Promise<EventSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/events?token=${encodeURIComponent(token)}`);
    const frames: EventSocket['frames'] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    socket.once('open', () => resolve({ frames, close: () => socket.close() }));
    socket.once('error', reject);
  });
}

/** A stand-in for dist/renderer: a page and one hashed asset, as Vite lays them out. */
export function fakeRendererBuild(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jessica-renderer-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/app-1a2b.js"></script></head><body></body></html>');
  writeFileSync(path.join(dir, 'assets/app-1a2b.js'), 'document.title = "Jessica";\n');
  return dir;
}

/** Polls until `done()` holds: events cross a socket asynchronously. */
export async function eventually(done: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
