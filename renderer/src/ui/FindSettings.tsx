import { useState } from 'react';
import type { DiscoveredSettings } from '../../../shared/domain/discovery';
import type { KestrelApi } from '../../../shared/ipc/contract';
import { describeSettingsSource } from './settings-source';

interface Props {
  api: KestrelApi;
  email: string;
  /** Fills the form; every field stays editable. `email` is the address they were found for. */
  onFound: (settings: DiscoveredSettings, email: string) => void;
}

type Outcome = {
  email: string;
  found: boolean;
  message: string;
  /**
   * Settings DNS names a server outside the address's domain for: anyone who answers DNS on the network
   * can name one, with a valid certificate of its own, so they fill the form only once the user says so
   * (RFC 6186 section 6).
   */
  unconfirmed?: DiscoveredSettings;
};

/** The "Find settings" button of account setup, and the line that says where the settings came from. */
export function FindSettings({ api, email, onFound }: Props) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const find = async (): Promise<void> => {
    setBusy(true);
    setOutcome(null);
    const result = await api.invoke('accounts.discover', { email: email.trim() });
    setBusy(false);
    if (result.ok) {
      const { source } = result.value;
      const outside = source.kind === 'dns' && source.outsideDomain;
      if (!outside) onFound(result.value, email);
      setOutcome({ email, found: true, message: describeSettingsSource(source), ...(outside ? { unconfirmed: result.value } : {}) });
    } else {
      setOutcome({ email, found: false, message: result.error.message });
    }
  };

  const confirm = (found: Outcome, settings: DiscoveredSettings): void => {
    onFound(settings, found.email);
    setOutcome({ email: found.email, found: true, message: found.message });
  };

  // What was found for another address no longer describes the form.
  const current = outcome !== null && outcome.email === email ? outcome : null;
  const unconfirmed = current?.unconfirmed;
  return (
    <div className="find-settings">
      <button type="button" disabled={busy || email.trim() === ''} onClick={() => void find()}>
        {busy ? 'Looking…' : 'Find settings'}
      </button>
      <p className={current?.found === false ? 'field-error' : 'hint'} role="status">
        {busy ? 'Looking for your server’s settings…' : (current?.message ?? 'Fills in the server from your address; you can change everything.')}
      </p>
      {current !== null && unconfirmed !== undefined && (
        <button
          type="button"
          onClick={() => {
            confirm(current, unconfirmed);
          }}
        >
          Use {unconfirmed.host}
        </button>
      )}
    </div>
  );
}
