import { useState } from 'react';
import type { MessageRef } from '../../../shared/cache/delta';
import { listAttachments, opensSafely, type AttachmentInfo } from '../../../shared/domain/attachments';
import type { BodyStructureNode } from '../../../shared/domain/message';
import type { KestrelApi } from '../../../shared/ipc/contract';

interface Props {
  api: KestrelApi;
  message: MessageRef;
  structure: BodyStructureNode | null;
  /** The desktop app opens files with the system's app; a browser tab cannot. */
  canOpen: boolean;
}

/** An icon per kind of file, so a list of attachments reads at a glance. */
function kindOf(type: string): string {
  const [major = '', minor = ''] = type.toLowerCase().split('/');
  if (major === 'image') return 'Image';
  if (major === 'audio') return 'Audio';
  if (major === 'video') return 'Video';
  if (minor === 'pdf') return 'PDF';
  if (/zip|compressed|tar|gzip|rar|7z/.test(minor)) return 'Archive';
  if (/sheet|excel|csv/.test(minor)) return 'Spreadsheet';
  if (/word|document|text|rtf/.test(minor) || major === 'text') return 'Document';
  return 'File';
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Listed from BODYSTRUCTURE, which the header sync already has; the bytes come only on Save. */
export function Attachments({ api, message, structure, canOpen }: Props) {
  const [notice, setNotice] = useState<string | null>(null);
  const attachments = structure === null ? [] : listAttachments(structure);
  if (attachments.length === 0) return null;

  const save = async (attachment: AttachmentInfo): Promise<void> => {
    setNotice(`Saving ${attachment.filename}…`);
    const result = await api.invoke('messages.saveAttachment', { ...message, part: attachment.part, filename: attachment.filename });
    if (result.ok) setNotice(`Saved ${attachment.filename} to ${result.value.savedTo}`);
    else setNotice(result.error.code === 'CANCELLED' ? null : result.error.message);
  };

  const open = async (attachment: AttachmentInfo): Promise<void> => {
    setNotice(`Opening ${attachment.filename}…`);
    const result = await api.invoke('messages.openAttachment', { ...message, part: attachment.part, filename: attachment.filename });
    setNotice(result.ok ? null : result.error.message);
  };

  return (
    <section className="attachments" aria-label="Attachments">
      <ul>
        {attachments.map((attachment) => (
          <li key={attachment.part}>
            <span className="attachment-kind">{kindOf(attachment.type)}</span>
            <span className="attachment-name">{attachment.filename}</span>
            <span className="attachment-size">{formatSize(attachment.size)}</span>
            <button type="button" aria-label={`Save ${attachment.filename}`} onClick={() => void save(attachment)}>
              Save
            </button>
            {canOpen && opensSafely(attachment.filename) && (
              <button type="button" aria-label={`Open ${attachment.filename}`} onClick={() => void open(attachment)}>
                Open
              </button>
            )}
          </li>
        ))}
      </ul>
      {notice !== null && <p role="status">{notice}</p>}
    </section>
  );
}
