import { describe, expect, it } from 'vitest';
import { progressMeter } from './progress-rate';

describe('progressMeter', () => {
  it('adds a rate and the time left once there is enough to go on', () => {
    let now = 1000;
    const meter = progressMeter(() => now);
    expect(meter({ done: 50, total: 1000 })).toEqual({ done: 50, total: 1000 });
    now += 2000;
    expect(meter({ done: 500, total: 1000 })).toEqual({ done: 500, total: 1000, perSecond: 250, secondsLeft: 2 });
  });
});
