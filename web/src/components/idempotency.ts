import { useEffect, useMemo, useRef } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';

/**
 * One Idempotency-Key per intended submission of a form: a double click, or a retry after a
 * lost answer, sends the same key and the service does the work once. Any change to the form
 * is a new intent and gets a new key; so does a success (`reset`).
 */
export function useIdempotencyKey<T extends FieldValues>(form: UseFormReturn<T>) {
  const key = useRef<string | undefined>(undefined);
  useEffect(() => {
    const watcher = form.watch(() => {
      key.current = undefined;
    });
    return () => watcher.unsubscribe();
  }, [form]);
  return useMemo(
    () => ({
      get: () => (key.current ??= crypto.randomUUID()),
      reset: () => {
        key.current = undefined;
      },
    }),
    [],
  );
}
