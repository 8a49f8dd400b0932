/**
 * Whether process `pid` still runs on this machine: how a file left by a process (a staging database, a
 * half-written output) is told apart from one a live process is still writing.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
