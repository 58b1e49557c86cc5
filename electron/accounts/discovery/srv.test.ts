import { describe, expect, it } from 'vitest';
import { pickSrvRecord } from './srv';

const record = (name: string, port: number, priority: number, weight: number) => ({ name, port, priority, weight });

describe('pickSrvRecord', () => {
  it('takes the lowest priority, then the highest weight', () => {
    const records = [record('c.example.com', 993, 20, 100), record('a.example.com', 993, 10, 5), record('b.example.com', 993, 10, 50)];
    expect(pickSrvRecord(records)?.name).toBe('b.example.com');
  });

  it('reads a lone "." as no service', () => {
    expect(pickSrvRecord([record('', 0, 0, 0)])).toBeUndefined();
    expect(pickSrvRecord([record('.', 0, 0, 0)])).toBeUndefined();
  });

  it('skips port 0 and targets that are not host names', () => {
    expect(pickSrvRecord([record('a.example.com', 0, 0, 0), record('bad name', 993, 0, 0), record('ok.example.com', 993, 5, 0)])?.name).toBe(
      'ok.example.com',
    );
    expect(pickSrvRecord([])).toBeUndefined();
  });
});
