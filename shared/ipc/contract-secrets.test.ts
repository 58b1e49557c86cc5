import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandNames, commands, engineEventSchema } from './contract';

const secretName = /pass|secret|token|credential|oauth/i;

/** Every property name anywhere in the JSON form of a schema. */
function propertyNames(schema: z.ZodType): string[] {
  const names: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node) as Array<[string, unknown]>) {
        if (key === 'properties' && typeof value === 'object' && value !== null) names.push(...Object.keys(value));
        visit(value);
      }
    }
  };
  visit(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));
  return names;
}

describe('what main may answer a window', () => {
  it('has no field that could carry a password or token, in any command answer or event', () => {
    const offending = [
      ...commandNames.flatMap((name) => propertyNames(commands[name].output).map((property) => `${name}: ${property}`)),
      ...propertyNames(engineEventSchema).map((property) => `event: ${property}`),
    ].filter((entry) => secretName.test(entry.split(': ')[1] ?? ''));
    expect(offending).toEqual([]);
  });

  it('reads enough of each answer to see its fields (the check above looks at something)', () => {
    expect(propertyNames(commands['accounts.list'].output)).toEqual(expect.arrayContaining(['email', 'host', 'username']));
    expect(propertyNames(commands['app.secretStorage'].output)).toEqual(expect.arrayContaining(['kind', 'problem']));
  });
});
