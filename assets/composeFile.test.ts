/**
 * docker-compose.yml and the files it mounts: the three services, pinned images, ports, named volumes, healthchecks,
 * start order; Grafana's provisioning and CloudBeaver's connection pointing at the database the compose file defines
 * (read from the compose file itself, so a change on one side fails here). Docker cannot pull images on CI, so the
 * stack is not started; `docker compose config` validates the file where the compose plugin is installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const composePath = path.join(repo, 'docker-compose.yml');

interface Healthcheck {
  test: string[] | string;
  interval?: string;
  timeout?: string;
  retries?: number;
}
interface Service {
  image: string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: Healthcheck;
  depends_on?: Record<string, { condition: string }>;
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

// YAML aliases (the one password shared by the server and Grafana) are resolved by the parser, as compose's is
const compose = parseYaml(readFileSync(composePath, 'utf8')) as Compose;
const service = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};

/** Compose's interpolation of `${VAR}`, `${VAR:-default}` (unset or empty) and `${VAR-default}` (unset) from `env`. */
function interpolate(value: string, env: Record<string, string> = {}): string {
  return value.replace(/\$\{(\w+)(?:(:?-)([^}]*))?\}/g, (_m, name: string, op: string | undefined, fallback: string | undefined) => {
    const set = env[name];
    if (op === ':-') return set ? set : (fallback ?? '');
    if (op === '-') return set !== undefined ? set : (fallback ?? '');
    return set ?? '';
  });
}

/** A published port `[host:]hostPort:containerPort` after interpolation. */
function published(spec: string, env: Record<string, string> = {}): { host: string; hostPort: number; containerPort: number } {
  const parts = interpolate(spec, env).split(':');
  const [containerPort, hostPort, host] = [parts.at(-1), parts.at(-2), parts.length === 3 ? parts[0] : '0.0.0.0'];
  return { host: host!, hostPort: Number(hostPort), containerPort: Number(containerPort) };
}

/** A volume entry `source:target[:mode]`: a bind mount when the source is a path, a named volume otherwise. */
function mount(spec: string): { source: string; target: string; bind: boolean; readOnly: boolean } {
  const [source, target, mode] = spec.split(':');
  return { source: source!, target: target!, bind: /^[./~]/.test(source!), readOnly: mode === 'ro' };
}

/** The host path (in the repo) that a container path of a service comes from, through its bind mounts. */
function hostPathOf(serviceName: string, containerPath: string): string {
  for (const m of (service(serviceName).volumes ?? []).map(mount).filter((v) => v.bind)) {
    const rel = path.posix.relative(m.target, containerPath);
    if (rel === '' || (!rel.startsWith('..') && !path.posix.isAbsolute(rel))) return path.join(repo, m.source, rel);
  }
  throw new Error(`${serviceName} mounts nothing from the repository at ${containerPath}`);
}

const database = () => interpolate(service('timescaledb').environment!.POSTGRES_DB!);
const containerPort = () => published(service('timescaledb').ports![0]!).containerPort;

describe('docker-compose.yml', () => {
  it('has the three services on pinned images', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['cloudbeaver', 'grafana', 'timescaledb']);
    expect(service('timescaledb').image).toMatch(/^timescale\/timescaledb-ha:pg1[67](\.\d+)?-ts\d+\.\d+\.\d+$/);
    expect(service('grafana').image).toMatch(/^grafana\/grafana-oss:\d+\.\d+\.\d+$/);
    expect(service('cloudbeaver').image).toMatch(/^dbeaver\/cloudbeaver:\d+\.\d+\.\d+$/);
  });

  it('publishes 5432, 3000 and 8978 on this machine by default, each port and the address configurable', () => {
    const expected = { timescaledb: 5432, grafana: 3000, cloudbeaver: 8978 };
    const variables = { timescaledb: 'JESSICA_PG_PORT', grafana: 'GRAFANA_PORT', cloudbeaver: 'CLOUDBEAVER_PORT' };
    for (const [name, port] of Object.entries(expected) as [keyof typeof expected, number][]) {
      const ports = service(name).ports!;
      expect(ports, name).toHaveLength(1);
      expect(published(ports[0]!), name).toEqual({ host: '127.0.0.1', hostPort: port, containerPort: port });
      expect(published(ports[0]!, { [variables[name]]: '15000', JESSICA_BIND: '0.0.0.0' }), name).toEqual({ host: '0.0.0.0', hostPort: 15000, containerPort: port });
    }
  });

  it('gives the database a password from .env with a default, and the database jessica', () => {
    const env = service('timescaledb').environment!;
    expect(database()).toBe('jessica');
    expect(interpolate(env.POSTGRES_PASSWORD!)).toBe('jessica');
    expect(interpolate(env.POSTGRES_PASSWORD!, { JESSICA_PG_PASSWORD: 's3cret' })).toBe('s3cret');
    expect(interpolate(service('grafana').environment!.GF_SECURITY_ADMIN_PASSWORD!, { GRAFANA_ADMIN_PASSWORD: 'g' })).toBe('g');
    // CloudBeaver refuses an administrator password under its policy: 8 characters, mixed case, a digit
    expect(interpolate(service('cloudbeaver').environment!.CB_ADMIN_PASSWORD!)).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{8,}$/);
  });

  it('keeps every service its data in a named volume declared at the top level', () => {
    const expected = { timescaledb: '/home/postgres/pgdata', grafana: '/var/lib/grafana', cloudbeaver: '/opt/cloudbeaver/workspace' };
    const declared = Object.keys(compose.volumes ?? {});
    for (const [name, target] of Object.entries(expected)) {
      const named = (service(name).volumes ?? []).map(mount).filter((m) => !m.bind);
      expect(named.map((m) => m.target), name).toEqual([target]);
      expect(declared, name).toContain(named[0]!.source);
    }
    // the server's data directory lies inside its volume
    expect(service('timescaledb').environment!.PGDATA!.startsWith(expected.timescaledb + '/')).toBe(true);
    expect(declared.sort()).toEqual(Object.values(compose.services).flatMap((s) => (s.volumes ?? []).map(mount).filter((m) => !m.bind).map((m) => m.source)).sort());
  });

  it('mounts only paths that exist in the repository, read-only', () => {
    const binds = Object.entries(compose.services).flatMap(([name, s]) => (s.volumes ?? []).map(mount).filter((m) => m.bind).map((m) => ({ name, ...m })));
    expect(binds.length).toBeGreaterThanOrEqual(3);
    for (const b of binds) {
      expect(b.source.startsWith('./'), `${b.name}: ${b.source}`).toBe(true);
      expect(existsSync(path.join(repo, b.source)), `${b.name}: ${b.source} does not exist`).toBe(true);
      expect(b.readOnly, `${b.name}: ${b.source} should be mounted :ro`).toBe(true);
    }
  });

  it('checks the health of the database and of Grafana, and starts both apps after the database is healthy', () => {
    const db = service('timescaledb').healthcheck!;
    expect(db.test[0]).toBe('CMD-SHELL');
    expect(db.test[1]).toMatch(new RegExp(`^pg_isready .*-p ${containerPort()}\\b.*-U postgres.*-d ${database()}\\b`));
    const grafana = service('grafana').healthcheck!;
    expect(String(grafana.test)).toMatch(/localhost:3000\/api\/health/);
    for (const h of [db, grafana]) {
      expect(h.interval).toMatch(/^\d+s$/);
      expect(h.retries).toBeGreaterThan(0);
    }
    for (const name of ['grafana', 'cloudbeaver']) expect(service(name).depends_on, name).toEqual({ timescaledb: { condition: 'service_healthy' } });
  });

  it('validates with docker compose config (where the compose plugin is installed)', (ctx) => {
    const probe = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      ctx.skip(`docker compose is not available here (${(probe.error?.message ?? probe.stderr).trim().split('\n')[0]}): the file was checked by the tests above only`);
    }
    const out = execFileSync('docker', ['compose', '-f', composePath, 'config', '--format', 'json'], { encoding: 'utf8', env: { ...process.env, JESSICA_PG_PASSWORD: '' } });
    const resolved = JSON.parse(out) as { services: Record<string, { environment: Record<string, string> }> };
    expect(resolved.services.timescaledb!.environment.POSTGRES_PASSWORD).toBe('jessica');
    expect(resolved.services.grafana!.environment.JESSICA_PG_PASSWORD).toBe('jessica');
  });
});

describe("Grafana's provisioning", () => {
  const provisioningDir = hostPathOf('grafana', '/etc/grafana/provisioning');
  const datasources = (parseYaml(readFileSync(path.join(provisioningDir, 'datasources/jessica.yaml'), 'utf8')) as {
    datasources: { name: string; uid: string; type: string; url: string; user: string; secureJsonData: { password: string }; jsonData: Record<string, unknown> }[];
  }).datasources;
  const providers = (parseYaml(readFileSync(path.join(provisioningDir, 'dashboards/jessica.yaml'), 'utf8')) as {
    providers: { name: string; type: string; options: { path: string } }[];
  }).providers;

  it('is mounted from assets/grafana/provisioning', () => {
    expect(path.relative(repo, provisioningDir)).toBe(path.join('assets', 'grafana', 'provisioning'));
  });

  it('has one PostgreSQL data source on the timescaledb service, its port and database, with TimescaleDB on', () => {
    expect(datasources).toHaveLength(1);
    const ds = datasources[0]!;
    expect(ds.type).toBe('grafana-postgresql-datasource');
    const [host, port] = ds.url.split(':');
    expect(Object.keys(compose.services)).toContain(host);
    expect(host).toBe('timescaledb');
    expect(Number(port)).toBe(containerPort());
    expect(ds.jsonData.database).toBe(database());
    expect(ds.jsonData.timescaledb).toBe(true);
    expect(ds.user).toBe('postgres');
  });

  it("reads the database's password from the environment compose gives Grafana, the server's own", () => {
    const reference = /^\$\{?(\w+)\}?$/.exec(datasources[0]!.secureJsonData.password);
    expect(reference, 'the password should be an environment variable, not written in the file').not.toBeNull();
    const variable = reference![1]!;
    const grafanaValue = service('grafana').environment![variable];
    expect(grafanaValue, `grafana's environment has no ${variable}`).toBeDefined();
    for (const env of [{}, { JESSICA_PG_PASSWORD: 'changed' }] as Record<string, string>[]) {
      expect(interpolate(grafanaValue!, env)).toBe(interpolate(service('timescaledb').environment!.POSTGRES_PASSWORD!, env));
    }
  });

  it('loads the dashboards from the folder compose mounts, assets/grafana/dashboards', () => {
    expect(providers).toHaveLength(1);
    expect(providers[0]!.type).toBe('file');
    const dir = hostPathOf('grafana', providers[0]!.options.path);
    expect(path.relative(repo, dir)).toBe(path.join('assets', 'grafana', 'dashboards'));
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(5);
  });
});

describe("CloudBeaver's connection", () => {
  const target = '/opt/cloudbeaver/conf/initial-data-sources.conf';
  const file = hostPathOf('cloudbeaver', target);
  const config = JSON.parse(readFileSync(file, 'utf8')) as {
    connections: Record<string, { provider: string; driver: string; configuration: Record<string, string> }>;
  };

  it('is the file run-server.sh copies into a new workspace', () => {
    expect(path.relative(repo, file)).toBe(path.join('assets', 'cloudbeaver', 'initial-data-sources.conf'));
  });

  it('names the timescaledb service, its port and database, as the compose file defines them', () => {
    const connections = Object.values(config.connections);
    expect(connections).toHaveLength(1);
    const c = connections[0]!;
    expect([c.provider, c.driver]).toEqual(['postgresql', 'postgres-jdbc']);
    const cfg = c.configuration;
    expect(Object.keys(compose.services)).toContain(cfg.host);
    expect(cfg.host).toBe('timescaledb');
    expect(Number(cfg.port)).toBe(containerPort());
    expect(cfg.database).toBe(database());
    expect(cfg.url).toBe(`jdbc:postgresql://${cfg.host}:${cfg.port}/${cfg.database}`);
    expect(cfg.user).toBe('postgres');
    expect(JSON.stringify(config), 'no password in the repository').not.toMatch(/"(password|auth-properties)"\s*:/i);
  });
});
