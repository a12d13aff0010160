import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { persistStore, restoreInto } from './persist/session';
import { rootFor } from './present/routes';
import { registerServiceWorker } from './share/offline';
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

// ?embed=1 and ?view=speaker render their own roots; the service worker makes the site offline-ready.
const Root = rootFor(location.search, () => <App store={store} />);
registerServiceWorker();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
