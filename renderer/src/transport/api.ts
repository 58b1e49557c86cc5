import type { KestrelApi } from '../../../shared/ipc/contract';
import { createWebSocketApi, type HostConnectionListener } from './websocket-api';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    readonly kestrel?: KestrelApi;
  }
}

const TOKEN_KEY = 'kestrel.hostToken';

/** The browser host hands its token in the URL fragment; it is kept for reloads of this tab. */
function hostToken(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash !== null) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    // Out of the address bar and the history: the tab keeps it for reloads.
    window.history.replaceState(null, '', window.location.pathname);
  }
  return fromHash ?? sessionStorage.getItem(TOKEN_KEY);
}

export interface Transport {
  api: KestrelApi;
  mode: 'electron' | 'browser';
}

export function createTransport(onHostConnection: HostConnectionListener): Transport {
  if (window.kestrel !== undefined) return { api: window.kestrel, mode: 'electron' };
  const token = hostToken() ?? '';
  const url = `ws://${window.location.host}/ipc?token=${encodeURIComponent(token)}`;
  return { api: createWebSocketApi(url, onHostConnection), mode: 'browser' };
}
