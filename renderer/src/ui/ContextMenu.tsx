import { useEffect, useRef } from 'react';

export interface MenuItem {
  label: string;
  run: () => void;
}

interface Props {
  label: string;
  x: number;
  y: number;
  items: readonly MenuItem[];
  onClose: () => void;
}

/** A menu at the pointer (or the focused row); arrow keys move, Enter runs, Escape or a click away closes. */
export function ContextMenu({ label, x, y, items, onClose }: Props) {
  const menu = useRef<HTMLUListElement>(null);
  useEffect(() => {
    menu.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const away = (event: MouseEvent): void => {
      if (!(event.target instanceof Node) || menu.current?.contains(event.target) !== true) onClose();
    };
    window.addEventListener('mousedown', away);
    return () => {
      window.removeEventListener('mousedown', away);
    };
  }, [onClose]);
  return (
    <ul
      ref={menu}
      className="context-menu"
      role="menu"
      aria-label={label}
      style={{ left: Math.min(x, window.innerWidth - 220), top: Math.min(y, window.innerHeight - items.length * 32 - 16) }}
      onKeyDown={(event) => {
        const buttons = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
        const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
        if (event.key === 'Escape') onClose();
        else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          buttons[(at + (event.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length]?.focus();
        }
      }}
    >
      {items.map((item) => (
        <li key={item.label} role="none">
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              onClose();
              item.run();
            }}
          >
            {item.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
