import { describe, expect, it } from 'vitest';
import { formatListDate } from './format';

describe('formatListDate', () => {
  const now = new Date(2026, 10, 26, 15, 0);

  it('shows the time for mail from today', () => {
    const text = formatListDate(new Date(2026, 10, 26, 9, 5).getTime(), now);
    expect(text).toMatch(/09.05|9.05/);
    expect(text).not.toMatch(/2026/);
  });

  it('shows the day without the year for mail from this year', () => {
    const text = formatListDate(new Date(2026, 2, 3, 9, 5).getTime(), now);
    expect(text).toMatch(/3/);
    expect(text).not.toMatch(/2026|09.05/);
  });

  it('shows the year for older mail', () => {
    expect(formatListDate(new Date(2019, 2, 3).getTime(), now)).toMatch(/2019/);
  });
});
