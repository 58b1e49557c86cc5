import { listAttachments } from '../../../shared/domain/attachments';
import type { CachedMessage } from '../cache/db';

const marks = {
  attachment: { label: 'Has attachments', path: 'M8 12l6-6a3 3 0 014 4l-8 8a5 5 0 01-7-7l7-7' },
  answered: { label: 'Answered', path: 'M10 8L5 12l5 4M5 12h9a5 5 0 015 5' },
} as const;

/** A small mark in the list with a name screen readers speak. */
export function MarkIcon({ kind }: { kind: keyof typeof marks }) {
  const { label, path } = marks[kind];
  return (
    <svg className="mark" viewBox="0 0 24 24" width="14" height="14" role="img" aria-label={label}>
      <title>{label}</title>
      <path d={path} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function hasAttachments(message: CachedMessage): boolean {
  return message.bodyStructure !== null && listAttachments(message.bodyStructure).length > 0;
}
