import type { KeyboardEvent, PointerEvent } from 'react';

interface Props {
  label: string;
  value: number;
  min: number;
  max: number;
  onResize: (width: number) => void;
}

const KEY_STEP = 16;

/** A pane border to drag, or to focus and move with the arrow keys (a WAI-ARIA window splitter). */
export function Splitter({ label, value, min, max, onResize }: Props) {
  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    const startX = event.clientX;
    const startWidth = value;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const move = (moveEvent: globalThis.PointerEvent): void => {
      onResize(startWidth + moveEvent.clientX - startX);
    };
    const stop = (): void => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', stop);
      target.removeEventListener('pointercancel', stop);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', stop);
    target.addEventListener('pointercancel', stop);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = { ArrowLeft: -KEY_STEP, ArrowRight: KEY_STEP, Home: min - value, End: max - value }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    onResize(value + step);
  };
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
