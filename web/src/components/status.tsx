import { useEffect } from 'react';
import { da } from '../texts.da.js';

export function Loading() {
  return (
    <p role="status" className="mt-5">
      {da.app.loading}
    </p>
  );
}

export function LoadError({ message, retry }: { message?: string; retry?: () => void }) {
  return (
    <div className="alert alert-error mt-5" role="alert">
      <div className="alert-body">
        <p className="alert-text">{message ?? da.app.loadFailed}</p>
        {retry ? (
          <button type="button" className="button button-secondary mt-3" onClick={retry}>
            {da.app.retry}
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** Sets the document title: "<page> – LTT-forløb". */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} – ${da.app.title}`;
  }, [title]);
}
