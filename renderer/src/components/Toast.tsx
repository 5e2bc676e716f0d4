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
  const { toasts, dismiss } = useToasts();
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className="toast">
          <span>{t.text}</span>
          {t.action && (
            <button
              type="button"
              onClick={() => {
                t.action!.run();
                dismiss(t.id);
              }}
            >
              {t.action.label}
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
