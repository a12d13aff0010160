// Registers the service worker (public/sw.js) in built sites, by a URL relative to the page so
// that the site works from any sub-path; the dev server goes without it.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('./sw.js').catch((e: unknown) => {
      console.warn('dmaviz: offline support unavailable:', e);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
