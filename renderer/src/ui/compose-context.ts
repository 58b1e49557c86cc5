import { createContext } from 'react';

/**
 * What a mailto: link in a message does: opens a new message in Kestrel. Outside the app's window (a
 * component shown alone), the link goes to the system as any other link would.
 */
export const ComposeContext = createContext<(mailto: string) => void>((mailto) => {
  window.open(mailto, '_blank', 'noopener,noreferrer');
});
