import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { da } from '../texts.da.js';

type Variant = 'success' | 'info' | 'warning' | 'error';
interface Toast {
  id: number;
  variant: Variant;
  heading: string;
  text?: string;
}

const ToastContext = createContext<(toast: Omit<Toast, 'id'>) => void>(() => undefined);

/** DKFDS toasts in a polite live region; each closes itself after 8 s or by its button. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const close = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (toast: Omit<Toast, 'id'>) => {
      const id = Date.now() + Math.random();
      setToasts((list) => [...list, { ...toast, id }]);
      window.setTimeout(() => close(id), 8000);
    },
    [close],
  );
  const variantLabel = useMemo(
    () => ({ success: da.toast.success, info: da.toast.info, warning: da.toast.info, error: da.toast.error }),
    [],
  );
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div className="toast-container" aria-live="polite" aria-atomic="false">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.variant} show`} aria-atomic="true" data-testid="toast">
            <div className="toast-icon"></div>
            <div className="toast-message">
              <p>
                <span className="sr-only">{variantLabel[t.variant]}: </span>
                <strong id={`toast-${t.id}`}>{t.heading}</strong>
              </p>
              {t.text ? <p>{t.text}</p> : null}
              <button type="button" className="toast-close" aria-describedby={`toast-${t.id}`} onClick={() => close(t.id)}>
                {da.toast.close}
              </button>
            </div>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
