import { useState, type SyntheticEvent } from 'react';
import { formatAddressList, parseAddressList } from '../../../shared/compose/address-list';
import type { ComposeFields } from '../../../shared/compose/mailto';
import type { Draft } from '../../../shared/domain/draft';
import type { Address } from '../../../shared/domain/message';
import type { CachedAccount } from '../cache/db';
import { ModalDialog } from './Dialog';
import { TextField } from './TextField';

/** What opens the composer: fields to start from (a mailto: link, a failed draft), and the account to write from. */
export interface ComposeRequest {
  fields: ComposeFields;
  accountId: string | null;
  /** A draft being written again keeps its Message-ID: the failed attempt and this one are one message. */
  messageId?: string;
  /** The failed change it came from, settled once this one is saved. */
  failedOperationId?: number;
}

type RecipientField = 'to' | 'cc' | 'bcc';
type ComposeField = RecipientField | 'subject' | 'text';

interface Props {
  accounts: readonly CachedAccount[];
  request: ComposeRequest;
  /** Resolves with an error to show, or null once the draft is queued. */
  onSave: (accountId: string, draft: Draft) => Promise<string | null>;
  onClose: () => void;
}

/** The account's address as mail carries it (an internationalized domain in its xn-- form). */
function mailAddressOf(account: CachedAccount): string | null {
  const parsed = parseAddressList(account.email);
  return parsed.ok && parsed.addresses.length === 1 ? (parsed.addresses[0]?.address ?? null) : null;
}

/**
 * A new message, saved to the account's Drafts folder: Kestrel does not send mail yet, and says so. The
 * draft then syncs like any other message, so any mail app on the same account can finish and send it.
 */
export function Composer({ accounts, request, onSave, onClose }: Props) {
  const [accountId, setAccountId] = useState(request.accountId ?? accounts[0]?.id ?? '');
  const [values, setValues] = useState<Record<ComposeField, string>>({
    to: formatAddressList(request.fields.to),
    cc: formatAddressList(request.fields.cc),
    bcc: formatAddressList(request.fields.bcc),
    subject: request.fields.subject,
    text: request.fields.text,
  });
  const [errors, setErrors] = useState<Partial<Record<RecipientField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const [busy, setBusy] = useState(false);
  const written = Object.values(values).some((value) => value.trim() !== '');

  /** Escape or Discard: a written message asks first, and Escape while asking keeps writing. */
  const close = (): void => {
    if (!written) onClose();
    else setConfirmingDiscard(!confirmingDiscard);
  };

  const submit = async (event: SyntheticEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const account = accounts.find((candidate) => candidate.id === accountId);
    const from = account === undefined ? null : mailAddressOf(account);
    if (account === undefined || from === null) {
      setFormError(account === undefined ? 'Choose the account to write from.' : `The account’s address “${account.email}” cannot be written from.`);
      return;
    }
    const recipients: Partial<Record<RecipientField, Address[]>> = {};
    const problems: Partial<Record<RecipientField, string>> = {};
    for (const field of ['to', 'cc', 'bcc'] as const) {
      const parsed = parseAddressList(values[field]);
      if (parsed.ok) recipients[field] = parsed.addresses;
      else problems[field] = parsed.hint;
    }
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      setFormError('Some addresses need attention.');
      return;
    }
    setBusy(true);
    const problem = await onSave(account.id, {
      from: { name: account.displayName, address: from },
      to: recipients.to ?? [],
      cc: recipients.cc ?? [],
      bcc: recipients.bcc ?? [],
      subject: values.subject.replace(/[\r\n]+/g, ' '),
      text: values.text,
      messageId: request.messageId ?? `<${crypto.randomUUID()}@${from.slice(from.lastIndexOf('@') + 1)}>`,
      date: Date.now(),
    });
    setBusy(false);
    setFormError(problem);
  };

  const textField = (name: RecipientField | 'subject', label: string) => (
    <TextField
      id={`compose-${name}`}
      label={label}
      autoComplete="off"
      value={values[name]}
      error={name === 'subject' ? undefined : errors[name]}
      onChange={(value) => {
        setValues((current) => ({ ...current, [name]: value }));
      }}
    />
  );

  return (
    <ModalDialog label="New message" onCancel={close}>
      <form className="composer" onSubmit={(event) => void submit(event)} noValidate>
        <h2>New message</h2>
        <div className="field">
          <label htmlFor="compose-from">From</label>
          <select
            id="compose-from"
            value={accountId}
            onChange={(event) => {
              setAccountId(event.target.value);
            }}
          >
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.displayName === '' ? account.email : `${account.displayName} <${account.email}>`}
              </option>
            ))}
          </select>
        </div>
        {textField('to', 'To')}
        {textField('cc', 'Cc')}
        {textField('bcc', 'Bcc')}
        {textField('subject', 'Subject')}
        <div className="field">
          <label htmlFor="compose-text">Message</label>
          <textarea
            id="compose-text"
            rows={12}
            value={values.text}
            onChange={(event) => {
              setValues((current) => ({ ...current, text: event.target.value }));
            }}
          />
        </div>
        <p className="hint">
          Kestrel does not send mail yet: the message is saved to the account’s Drafts folder, where any mail app on this account can send it.
        </p>
        {formError !== null && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        {/* Keys keep the two rows' buttons apart: reused, the clicked "Keep writing" would become the
            submit button while its click is still being handled, and submit the form. */}
        {confirmingDiscard ? (
          <div key="discard" className="dialog-buttons" role="group" aria-label="Discard this message?">
            <span>Discard this message?</span>
            <button
              type="button"
              onClick={() => {
                setConfirmingDiscard(false);
              }}
            >
              Keep writing
            </button>
            <button type="button" className="danger" onClick={onClose}>
              Discard
            </button>
          </div>
        ) : (
          <div key="actions" className="dialog-buttons">
            <button type="button" onClick={close}>
              Discard
            </button>
            <button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save to Drafts'}
            </button>
          </div>
        )}
      </form>
    </ModalDialog>
  );
}
