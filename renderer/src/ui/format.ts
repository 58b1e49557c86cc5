import { withoutDirectionControls } from '../../../shared/domain/direction-controls';
import type { Address } from '../../../shared/domain/message';

// Building a formatter is far dearer than using one, and the list formats a date per visible row on
// every render: the three it needs are built once.
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayThisYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const dayOtherYear = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

export function formatListDate(epochMs: number, now = new Date()): string {
  const date = new Date(epochMs);
  if (date.toDateString() === now.toDateString()) return timeOfDay.format(date);
  return (date.getFullYear() === now.getFullYear() ? dayThisYear : dayOtherYear).format(date);
}

export function formatFullDate(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });
}

// Mail cached before headers lost their direction controls keeps them: they go here too.
export function senderName(from: readonly Address[]): string {
  const first = from[0];
  if (first === undefined) return '(no sender)';
  return withoutDirectionControls(first.name || first.address || '(no sender)');
}

export function formatAddress(address: Address): string {
  const name = withoutDirectionControls(address.name);
  const email = withoutDirectionControls(address.address);
  return name ? `${name} <${email}>` : email;
}

/**
 * A link's target as the status line shows it: as the URL parser reads it, where a direction control or
 * other invisible character in the user name or host is written out (%E2%80%AE), not obeyed.
 */
export function linkTargetText(href: string): string {
  try {
    return new URL(href).href;
  } catch {
    return withoutDirectionControls(href);
  }
}
