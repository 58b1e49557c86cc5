import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ELECTRON_CHANNELS, isCommandName } from '../../shared/ipc/channels';
import type { CacheRequest, EngineEvent, KestrelApi } from '../../shared/ipc/contract';

/**
 * Exposes the contract's API and nothing else: no ipcRenderer, no channel names chosen by the page.
 * Sandboxed, so it is bundled, may only use `electron`, and imports nothing else at run time.
 */
const api: KestrelApi = {
  // Main validates and answers with the contract's Result; the cast only restores the generic's link.
  invoke: ((channel: unknown, input: unknown) => {
    if (!isCommandName(channel)) return Promise.resolve({ ok: false, error: { code: 'BAD_INPUT', message: 'Unknown command.' } });
    return ipcRenderer.invoke(ELECTRON_CHANNELS.invoke, channel, input);
  }) as KestrelApi['invoke'],
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, payload: EngineEvent): void => {
      listener(payload);
    };
    ipcRenderer.on(ELECTRON_CHANNELS.event, forward);
    return () => ipcRenderer.removeListener(ELECTRON_CHANNELS.event, forward);
  },
  serveCache: (handler) => {
    const serve = (_event: IpcRendererEvent, message: { id: number; request: CacheRequest }): void => {
      void handler(message.request).then((result) => {
        ipcRenderer.send(ELECTRON_CHANNELS.cacheReply, message.id, result);
      });
    };
    ipcRenderer.on(ELECTRON_CHANNELS.cacheRequest, serve);
    return () => ipcRenderer.removeListener(ELECTRON_CHANNELS.cacheRequest, serve);
  },
};

contextBridge.exposeInMainWorld('kestrel', api);
