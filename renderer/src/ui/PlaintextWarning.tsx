interface ConsentProps {
  consented: boolean;
  onChange: (consented: boolean) => void;
}

/** In the add-account form when "no encryption" is picked: plain text needs this explicit consent. */
export function PlaintextConsent({ consented, onChange }: ConsentProps) {
  return (
    <div className="plaintext-consent" role="group" aria-labelledby="plaintext-consent-title">
      <p id="plaintext-consent-title" className="insecure-warning">
        <strong>No encryption.</strong> Your password and every message travel in clear text: anyone on the same network (a café’s Wi-Fi, your
        provider) can read and change them. Use this only for a server on your own computer or network that offers nothing better.
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          name="plaintextOptIn"
          checked={consented}
          onChange={(event) => {
            onChange(event.target.checked);
          }}
        />
        I understand, connect without encryption for this account
      </label>
    </div>
  );
}

/** Shown for as long as an account connects in plain text, so that it is never forgotten. */
export function PlaintextAccountWarning({ email }: { email: string }) {
  return (
    <span className="insecure-warning" role="note" title="Password and mail travel unencrypted. Change to TLS when the server allows it.">
      {email}: not encrypted
    </span>
  );
}
