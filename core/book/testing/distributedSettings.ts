const NAMES = ['JESSICA_DIST_EXPIRE_SECONDS', 'JESSICA_DIST_MAINTENANCE_SECONDS'] as const;

/**
 * The distributed tests' queue settings (a chunk taken from a dead worker after 15 s, expiries checked every second),
 * for the worker processes they start and for the coordinators they run in their own process; `restore` puts this
 * process's environment back as it was.
 */
export function fastFailover(): { env: Record<(typeof NAMES)[number], string>; restore(): void } {
  const saved = NAMES.map((name) => [name, process.env[name]] as const);
  const env = { JESSICA_DIST_EXPIRE_SECONDS: '15', JESSICA_DIST_MAINTENANCE_SECONDS: '1' };
  Object.assign(process.env, env);
  return {
    env,
    restore: () => {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}
