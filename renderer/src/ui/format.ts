import type { Address } from '../../../shared/domain/message';

export function formatListDate(epochMs: number, now = new Date()): string {
  const date = new Date(epochMs);
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric', month: 'short', day: 'numeric' });
}

export function formatFullDate(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });
}

export function senderName(from: readonly Address[]): string {
  const first = from[0];
  if (first === undefined) return '(no sender)';
  return first.name || first.address || '(no sender)';
}

export function formatAddress(address: Address): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}
