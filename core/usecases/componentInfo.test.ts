import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComponentInfo } from '../../api/useCases.ts';
import { componentCatalogue } from '../../solver/components/catalogue.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';
import { parameterSchemas } from './parameterValue.ts';

let home: string;
let core: Core;
let infos: ComponentInfo[];
beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-components-'));
  core = createCore(openServices({ home }));
  const r = await core.dispatch('components/list', {});
  if (!r.ok) throw new Error(r.error.message);
  infos = r.value as ComponentInfo[];
});
afterAll(async () => {
  await core.services.close();
  fs.rmSync(home, { recursive: true, force: true });
});

interface PropertySchema {
  type?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

describe('components/list', () => {
  it('lists every catalogue component in catalogue order with its doc and what it provides, requires and needs', () => {
    expect(infos.map((c) => c.id)).toEqual([...componentCatalogue.keys()]);
    for (const info of infos) {
      const c = componentCatalogue.get(info.id)!;
      expect(info).toMatchObject({ kind: c.kind, title: c.title, doc: c.doc, provides: [...c.provides], requires: [...c.requires], features: [...c.features] });
    }
  });

  it("gives each component's parameters as a closed JSON Schema object whose properties are the schema's parameters", () => {
    for (const info of infos) {
      const names = Object.keys(parameterSchemas(componentCatalogue.get(info.id)!.params) ?? {});
      expect(info.paramsSchema, info.id).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', additionalProperties: false });
      expect(Object.keys(info.paramsSchema.properties as object).sort(), info.id).toEqual([...names].sort());
    }
  });

  it('marks required exactly the parameters the component cannot do without, and gives the defaults zod fills in', () => {
    for (const info of infos) {
      const params = componentCatalogue.get(info.id)!.params;
      const properties = info.paramsSchema.properties as Record<string, PropertySchema>;
      const required = new Set((info.paramsSchema.required as string[] | undefined) ?? []);
      const parsedEmpty = params.safeParse({});
      const missing = new Set(parsedEmpty.success ? [] : parsedEmpty.error.issues.filter((i) => i.path.length === 1).map((i) => String(i.path[0])));
      expect([...required].sort(), info.id).toEqual([...missing].sort());
      const filled = parsedEmpty.success ? (parsedEmpty.data as Record<string, unknown>) : {};
      for (const [name, p] of Object.entries(properties)) {
        if ('default' in p) expect(filled[name], `${info.id}.${name}`).toEqual(p.default);
      }
    }
  });

  it('carries the bounds zod checks: a value just past a bound of the JSON Schema fails the component schema', () => {
    let checked = 0;
    for (const info of infos) {
      const params = componentCatalogue.get(info.id)!.params;
      const properties = info.paramsSchema.properties as Record<string, PropertySchema>;
      // the other required parameters at values inside their bounds, so only the one under test can fail
      const base = Object.fromEntries(
        ((info.paramsSchema.required as string[] | undefined) ?? []).map((n) => [n, properties[n]!.type === 'integer' ? 1 : 0.5]),
      );
      for (const [name, p] of Object.entries(properties)) {
        if (p.type !== 'number') continue;
        if (p.maximum !== undefined) {
          expect(params.safeParse({ ...base, [name]: p.maximum + 1e-6 }).success, `${info.id}.${name} over max`).toBe(false);
          checked++;
        }
        if (p.exclusiveMinimum !== undefined) {
          expect(params.safeParse({ ...base, [name]: p.exclusiveMinimum }).success, `${info.id}.${name} at exclusive min`).toBe(false);
          checked++;
        }
        if (p.minimum !== undefined) {
          expect(params.safeParse({ ...base, [name]: p.minimum - 1e-6 }).success, `${info.id}.${name} under min`).toBe(false);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
