import { join } from 'node:path';
import type { EngineEvent } from '../shared/ipc/contract';
import { AccountService, type OAuthSettings } from './accounts/account-service';
import { oauthProvidersFromEnvironment } from './accounts/oauth2/providers';
import { AccountStore } from './accounts/account-store';
import type { SettingsDiscovery } from './accounts/discovery/discover';
import { discoveryFromEnvironment } from './accounts/discovery/from-environment';
import type { SaveLocation } from './attachments/save-location';
import type { SecretStore } from './accounts/secret-store';
import { createHandlers, noDesktop, type CommandHandlers, type DesktopIntegration } from './ipc/handlers';
import { WindowSession, type WindowTransport } from './ipc/window-session';
import { MailtoLinks } from './compose/mailto-links';
import { SyncEngine, type EngineOptions } from './sync/engine';

/** Everything main runs, wired once; the Electron shell and the browser host differ only in transport. */
export class Services {
  readonly accounts: AccountService;
  readonly engine: SyncEngine;
  readonly handlers: CommandHandlers;
  private readonly mailtoLinks = new MailtoLinks();
  private readonly sessions = new Set<WindowSession>();

  constructor(
    dataDir: string,
    secrets: SecretStore,
    saveLocation: SaveLocation,
    engineOptions: EngineOptions = {},
    desktop: DesktopIntegration = noDesktop,
    /** Sees every engine event before the windows do: the shell shows notifications from them. */
    onEvent: (event: EngineEvent) => void = () => undefined,
    /** Finds an address's IMAP settings; tests point its network at loopback. */
    discovery: SettingsDiscovery = discoveryFromEnvironment(),
    /** OAuth2 providers (client ids from the environment); tests point them at a local OAuth server. */
    oauth: OAuthSettings = { providers: oauthProvidersFromEnvironment() },
  ) {
    this.accounts = new AccountService(new AccountStore(join(dataDir, 'accounts.json')), secrets, oauth);
    this.engine = new SyncEngine(
      this.accounts,
      (event) => {
        onEvent(event);
        this.broadcast(event);
      },
      engineOptions,
    );
    this.handlers = createHandlers({
      accounts: this.accounts,
      mailtoLinks: this.mailtoLinks,
      discovery,
      engine: this.engine,
      saveLocation,
      desktop,
      openedFilesDir: join(dataDir, 'opened'),
    });
  }

  openSession(transport: WindowTransport): WindowSession {
    const session = new WindowSession(transport);
    this.sessions.add(session);
    return session;
  }

  closeSession(session: WindowSession): void {
    session.close();
    this.sessions.delete(session);
  }

  async shutdown(): Promise<void> {
    for (const session of this.sessions) session.close();
    this.sessions.clear();
    await this.engine.close();
  }

  /** A mailto: link from the system (a launch argument, a second launch, macOS's open-url): a window opens it. */
  receiveMailtoLink(link: string): void {
    if (this.mailtoLinks.receive(link)) this.broadcast({ type: 'compose' });
  }

  /** Sends an event to every window (a notification was clicked, a menu item chosen). */
  broadcast(event: EngineEvent): void {
    for (const session of this.sessions) session.sendEvent(event);
  }
}
