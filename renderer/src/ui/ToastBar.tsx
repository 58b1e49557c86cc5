import type { Toast } from './use-mail-actions';

export function ToastBar({ toast, onDismiss }: { toast: Toast | null; onDismiss: () => void }) {
  if (toast === null) return null;
  return (
    <div className={`toast ${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
      <span>{toast.text}</span>
      {toast.undo !== undefined && (
        <button type="button" onClick={toast.undo}>
          Undo
        </button>
      )}
      <button type="button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
