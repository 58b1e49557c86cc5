import { Fragment, useState } from 'react';
import { describeCertificateReason, type CertificateProblem } from '../../../shared/domain/certificate';
import type { KestrelApi } from '../../../shared/ipc/contract';
import { ModalDialog } from './Dialog';

interface Props {
  problem: CertificateProblem;
  busy: boolean;
  error: string | null;
  onTrust: () => void;
  onCancel: () => void;
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The server's certificate is not trusted: everything needed to judge it, and the choice to trust exactly this
 * certificate for this account. Nothing was sent to the server.
 */
export function CertificateDialog({ problem, busy, error, onTrust, onCancel }: Props) {
  const expired = problem.reason === 'expired';
  return (
    <ModalDialog label="Certificate not trusted" onCancel={onCancel}>
      <div className="certificate-dialog">
        <h2>
          The certificate of {problem.host}:{problem.port} is not trusted
        </h2>
        <p>Kestrel stopped before sending your password, because {describeCertificateReason(problem.reason)}.</p>
        <dl className="certificate-details" aria-label="Certificate details">
          <dt>Issued to</dt>
          <dd>{problem.subject || '(no name)'}</dd>
          <dt>Valid for</dt>
          <dd>{problem.altNames || '(no names listed)'}</dd>
          <dt>Issued by</dt>
          <dd>{problem.issuer || '(unknown)'}</dd>
          <dt>Valid from</dt>
          <dd>{formatDate(problem.validFrom)}</dd>
          <dt>Valid until</dt>
          <dd className={expired ? 'certificate-expired' : undefined}>{formatDate(problem.validTo)}</dd>
          <dt>SHA-256 fingerprint</dt>
          <dd className="fingerprint" data-testid="certificate-fingerprint">
            {/* Lines break between byte pairs only, so that the pairs read the same as on the provider's page. */}
            {problem.sha256.split(':').map((pair, index) => (
              <Fragment key={index}>
                {index > 0 && ':'}
                {index > 0 && <wbr />}
                {pair}
              </Fragment>
            ))}
          </dd>
          <dt>Problem</dt>
          <dd>{problem.reasonCode}</dd>
        </dl>
        <p className="notice">
          Trust it only if you know this server uses this certificate: compare the fingerprint with the one your provider or administrator gave you.
          Someone between you and the server could be presenting it to read your password. Kestrel will accept exactly this certificate for this
          account, and ask again if the server ever presents another.
        </p>
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel} autoFocus>
            Don’t connect
          </button>
          <button type="button" className="danger" disabled={busy} onClick={onTrust}>
            {busy ? 'Connecting…' : 'Trust this certificate'}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}

interface TrustProps {
  api: KestrelApi;
  accountId: string;
  problem: CertificateProblem;
  onDone: () => void;
}

/** For an account that exists: pins the certificate once a connection presenting it succeeded, and sync resumes. */
export function TrustCertificateDialog({ api, accountId, problem: initial, onDone }: TrustProps) {
  const [problem, setProblem] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <CertificateDialog
      problem={problem}
      busy={busy}
      error={error}
      onCancel={onDone}
      onTrust={() => {
        setBusy(true);
        setError(null);
        void api.invoke('accounts.trustCertificate', { accountId, sha256: problem.sha256 }).then((result) => {
          setBusy(false);
          if (result.ok) {
            onDone();
            return;
          }
          // The server now presents yet another certificate: show that one, never trust it unseen.
          if (result.error.certificate !== undefined) setProblem(result.error.certificate);
          setError(result.error.message);
        });
      }}
    />
  );
}
