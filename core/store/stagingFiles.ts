import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { isProcessRunning } from '../runningProcess.ts';

/*
 * Staging files: scratch databases beside the store that an import fills before it publishes (see
 * core/market/universeStaging.ts). An import that ends in any ordinary way deletes its own; this file
 * covers the others. Each is named for its owner, `<store>.staging-p<pid>t<thread>-<label>-<random>`,
 * so that one left by a process that died (SIGKILL, a crash, a power cut) can be told from one still
 * being written, and is removed the next time the store opens or an import begins. While one is open,
 * the process removes it itself when it exits or is interrupted (Ctrl-C, SIGTERM, a closed terminal)
 * before the import ends.
 */

const STAGING = '.staging-';
const ownerPattern = /^p(\d+)t(\d+)-/;
/** What SQLite may add to a database's name for its journal files. */
const journalSuffix = /-(journal|wal|shm)$/;

/**
 * Files named before owners were (`<store>.staging-<universe>-<random>`) are removed once untouched this
 * long: an import writes its staging file continuously, so an hour without a write is no import.
 */
export const UNOWNED_STAGING_AGE_MS = 60 * 60 * 1000;

/** The signals that end a process by default and can be caught: Ctrl-C, kill, a closed terminal. */
const endingSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** This thread's open staging files, each with what closes its database before it is deleted. */
const open = new Map<string, () => void>();

export interface StagingFile {
  readonly path: string;
  /** Deletes the file (its database closed first by the caller); safe to call twice. */
  remove(): void;
}

/**
 * Names a new staging file beside `base` (the store's file, or another path for an in-memory store) and
 * keeps it to be removed if the process ends before `remove`: `close` closes its database first.
 */
export function createStagingFile(base: string, label: string, close: () => void): StagingFile {
  const file = `${base}${STAGING}p${process.pid}t${threadId}-${label}-${randomBytes(6).toString('hex')}`;
  if (open.size === 0) watchProcessEnd();
  open.set(file, close);
  return {
    path: file,
    remove() {
      deleteFile(file);
      if (open.delete(file) && open.size === 0) unwatchProcessEnd();
    },
  };
}

/**
 * Removes the staging files beside `base` whose owner is gone: a process no longer running, this
 * thread when it no longer has the file open (a process id used again after a restart), or no owner
 * named and untouched for UNOWNED_STAGING_AGE_MS. The files of a running process are kept, as are those
 * of other threads of this one. Returns the files removed; one that cannot be removed is left for later.
 */
export function removeDeadStagingFiles(base: string, now: number = Date.now()): string[] {
  const dir = path.dirname(base);
  const prefix = path.basename(base) + STAGING;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const file = path.join(dir, name);
    try {
      if (!isOrphan(file, name.slice(prefix.length), now)) continue;
      fs.rmSync(file, { force: true });
      removed.push(file);
    } catch {
      // another user's file, or one removed meanwhile: nothing to do now
    }
  }
  return removed;
}

function isOrphan(file: string, rest: string, now: number): boolean {
  const owner = ownerPattern.exec(rest);
  if (owner === null) return now - fs.statSync(file).mtimeMs > UNOWNED_STAGING_AGE_MS;
  const pid = Number(owner[1]);
  if (pid !== process.pid) return !isProcessRunning(pid);
  return Number(owner[2]) === threadId && !open.has(file.replace(journalSuffix, ''));
}

function deleteFile(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/** Closes and deletes every open staging file: the process is ending. */
function removeAllOpen(): void {
  for (const [file, close] of open) {
    try {
      close();
    } catch {
      // the file goes all the same
    }
    try {
      deleteFile(file);
    } catch {
      // left for the next start to remove
    }
  }
  open.clear();
}

function onExit(): void {
  removeAllOpen();
}

/**
 * Ctrl-C and its kin end a process without its 'exit' event. When nothing else listens for the signal,
 * the staging files are removed and the signal raised again, so the process still ends as it would have
 * (status 130 for Ctrl-C). When something else does (a server stopping gracefully), that listener decides
 * how the process ends, and the 'exit' listener or the import's own end removes the files.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  removeAllOpen();
  unwatchProcessEnd();
  try {
    process.kill(process.pid, signal);
  } catch {
    process.exit(128 + (os.constants.signals[signal] ?? 1));
  }
}

function watchProcessEnd(): void {
  process.on('exit', onExit);
  for (const signal of endingSignals) process.on(signal, onSignal);
}

function unwatchProcessEnd(): void {
  process.off('exit', onExit);
  for (const signal of endingSignals) process.off(signal, onSignal);
}
