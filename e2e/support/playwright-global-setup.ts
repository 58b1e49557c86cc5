import { ensureChromiumInstalled } from './chromium';
import { ensureDovecotInstalled } from './dovecot';

export default function globalSetup(): void {
  ensureChromiumInstalled();
  ensureDovecotInstalled();
}
