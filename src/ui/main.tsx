import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { persistStore, restoreInto } from './persist/session';
import { createDmavizStore } from './store/store';
import { installTestHook } from './testHook';
import './styles.css';

const store = createDmavizStore();
try {
  restoreInto(store, window.localStorage);
} catch (e) {
  store
    .getState()
    .notify(`The saved session could not be restored: ${e instanceof Error ? e.message : String(e)}`);
}
persistStore(store, window.localStorage);
if (import.meta.env.MODE === 'e2e') installTestHook(store);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App store={store} />
    </StrictMode>,
  );
}
