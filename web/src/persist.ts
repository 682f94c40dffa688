import { useEffect, useState } from 'react';

const prefix = 'lindung.';

/**
 * State that survives a refresh, a closed tab or a dropped connection: kept in
 * localStorage under `key` until `clear` (a form sent, a sign-out).
 */
export function usePersistentState<T extends object>(key: string, initial: T): [T, (value: T | ((previous: T) => T)) => void, () => void] {
  const [value, setValue] = useState<T>(() => read(key, initial));
  useEffect(() => {
    try {
      localStorage.setItem(prefix + key, JSON.stringify(value));
    } catch {
      // Storage full or disabled: the form still works, it just is not kept.
    }
  }, [key, value]);
  const clear = () => {
    localStorage.removeItem(prefix + key);
    setValue(initial);
  };
  return [value, setValue, clear];
}

function read<T extends object>(key: string, initial: T): T {
  try {
    const stored = localStorage.getItem(prefix + key);
    return stored === null ? initial : { ...initial, ...(JSON.parse(stored) as T) };
  } catch {
    return initial;
  }
}

export function forget(key: string): void {
  localStorage.removeItem(prefix + key);
}
