// Provides one store per subtree (compare mode mounts two), and the hook components read it with.
import { createContext, type ReactNode, useContext, useState } from 'react';
import { useStore } from 'zustand';
import { createDmavizStore, type DmavizStore, type Full } from './store';

const StoreContext = createContext<DmavizStore | null>(null);

export function DmavizProvider({ store, children }: { store?: DmavizStore; children: ReactNode }) {
  const [own] = useState(() => store ?? createDmavizStore());
  return <StoreContext.Provider value={store ?? own}>{children}</StoreContext.Provider>;
}

export function useDmavizStoreApi(): DmavizStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('useDmaviz outside DmavizProvider');
  return s;
}

/** Reads the store with a selector (use useShallow from zustand/shallow for object results). */
export function useDmaviz<T>(selector: (s: Full) => T): T {
  return useStore(useDmavizStoreApi(), selector);
}
