// dmaviz offline support: once the app has loaded, it keeps working with no network (a talk
// venue). Pages: network first, then the cached copy. Everything else from this site: the cache
// first (built assets have content hashes in their names), then the network, caching what
// arrives. On install it reads index.html and caches what it references. Scope and URLs are
// relative to this file, so the site works from any sub-path.
const CACHE = 'dmaviz-v1';
const BASE = new URL('./', self.location.href);
const INDEX = new URL('./index.html', BASE).href;

async function precache() {
  const cache = await caches.open(CACHE);
  const res = await fetch(BASE.href, { cache: 'no-cache' });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put(INDEX, res);
  const urls = new Set([new URL('./favicon.svg', BASE).href]);
  for (const m of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
    const u = new URL(m[1], BASE);
    if (u.origin === self.location.origin) urls.add(u.href);
  }
  await Promise.all(
    [...urls].map((u) =>
      fetch(u).then(
        (r) => (r.ok ? cache.put(u, r) : undefined),
        () => undefined,
      ),
    ),
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirstPage(request) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(INDEX, res.clone());
    return res;
  } catch (e) {
    const hit = await cache.match(INDEX);
    if (hit) return hit;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  // ignoreVary: a module script asks with an Origin header the precache request did not send.
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok && res.type === 'basic') await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(BASE.href)) return;
  if (req.mode === 'navigate') event.respondWith(networkFirstPage(req));
  else event.respondWith(cacheFirst(req));
});
