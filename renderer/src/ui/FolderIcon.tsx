import type { FolderRole } from '../../../shared/domain/folder';

/** Outline icons drawn inline (no icon font, no emoji font needed), 24 by 24, in the text's colour. */
const paths: Record<FolderRole | 'folder', string> = {
  inbox: 'M3 13h5l2 3h4l2-3h5M5 5h14l2 8v6H3v-6z',
  sent: 'M3 11l18-8-8 18-2-8z',
  drafts: 'M4 20h4L19 9l-4-4L4 16zM14 6l4 4',
  trash: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13',
  junk: 'M12 3l9 16H3zM12 10v4M12 17v.5',
  archive: 'M3 4h18v4H3zM5 8v12h14V8M10 12h4',
  all: 'M4 6h16M4 12h16M4 18h16',
  flagged: 'M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z',
  folder: 'M3 6h6l2 2h10v11H3z',
};

export function FolderIcon({ role }: { role: FolderRole | null }) {
  return (
    <svg className="folder-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={paths[role ?? 'folder']} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
