/** The number shows; "unread" is read out with it, so the button's name contains what it shows. */
export function UnreadCount({ count }: { count: number }) {
  return (
    <span className="unread-count">
      {' '}
      {count}
      <span className="visually-hidden"> unread</span>
    </span>
  );
}
