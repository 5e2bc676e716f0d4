import { useTranslation } from 'react-i18next';
import { create } from 'zustand';

interface ToastMessage {
  id: number;
  text: string;
  action?: { label: string; run: () => void };
}

interface ToastState {
  toasts: ToastMessage[];
  show(text: string, action?: ToastMessage['action']): void;
  dismiss(id: number): void;
}

let next = 1;

export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  show(text, action) {
    const id = next++;
    set({ toasts: [...get().toasts, { id, text, action }] });
    setTimeout(() => get().dismiss(id), 8000);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export function Toasts() {
  const { t } = useTranslation();
  const { toasts, dismiss } = useToasts();
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast">
          <span>{toast.text}</span>
          {toast.action && (
            <button
              type="button"
              onClick={() => {
                toast.action!.run();
                dismiss(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button type="button" className="toast-close" aria-label={t('app.dismiss')} title={t('app.dismiss')} onClick={() => dismiss(toast.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
