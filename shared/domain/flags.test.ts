import { describe, expect, it } from 'vitest';
import { tagLabel, tagsOf } from './flags';

describe('tags', () => {
  it('are the keywords people chose, not system flags or bookkeeping keywords', () => {
    expect(tagsOf(['\\Seen', '$Forwarded', 'NonJunk', '$Important', 'project-x'])).toEqual(['$Important', 'project-x']);
    expect(tagLabel('$Important')).toBe('Important');
    expect(tagLabel('project-x')).toBe('project-x');
  });
});
