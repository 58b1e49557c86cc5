import { MAX_MAILTO_LENGTH } from '../../shared/compose/mailto';

function isMailtoLink(text: string): boolean {
  return /^mailto:/i.test(text) && text.length <= MAX_MAILTO_LENGTH;
}

/**
 * The mailto: link among a launch's arguments: the system starts the default mail app with the link as
 * an argument (Windows, Linux), and a second launch hands its arguments to the running one.
 */
export function mailtoInArgv(argv: readonly string[]): string | null {
  return argv.find(isMailtoLink) ?? null;
}

/** The most links kept waiting for a window: a flood of them is not a queue of work for the user. */
const MAX_WAITING = 10;

/**
 * mailto: links the system handed over, waiting for a window to take them. A window takes one when told
 * that one is waiting and when it starts (a link can arrive before any page is listening); taking
 * removes it, so each link opens one new message, however many times a window asks.
 */
export class MailtoLinks {
  private readonly waiting: string[] = [];

  /** Keeps a link; false when it is not a mailto: link (then nobody needs telling). */
  receive(link: string): boolean {
    if (!isMailtoLink(link)) return false;
    if (this.waiting.length >= MAX_WAITING) this.waiting.shift();
    this.waiting.push(link);
    return true;
  }

  take(): string | null {
    return this.waiting.shift() ?? null;
  }
}
