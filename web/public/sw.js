// Lindung's service worker: the app shell works offline; the API is never cached
// (a worker's data stays on the server). Half-filled forms live in localStorage.
const cacheName = 'lindung-shell-v1';
const shell = ['/', '/manifest.webmanifest', '/icon.svg', '/icon-192.png', '/icon-512.png'];

// The shell and the scripts and styles its page names (hashed, so safe to keep), so that
// the app starts without a connection from the first visit on.
async function cacheShell() {
  const cache = await caches.open(cacheName);
  await cache.addAll(shell);
  const page = await cache.match('/');
  const html = page ? await page.text() : '';
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
  await cache.addAll(assets);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== cacheName).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // The API and its documents are the server's alone (the same list as src/web/plugin.ts).
  const apiPaths = ['/api/', '/docs', '/.well-known/', '/openapi.json', '/health'];
  if (url.origin !== self.location.origin || url.pathname === '/api' || apiPaths.some((p) => url.pathname.startsWith(p))) return;
  if (request.mode === 'navigate') {
    // Network first, so a new release shows at once; the cached shell when offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(cacheName).then((cache) => cache.put('/', copy));
          }
          return response;
        })
        .catch(() => caches.match('/').then((cached) => cached || Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/') || shell.includes(url.pathname)) {
    // Hashed assets never change: the cache answers first.
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(cacheName).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  }
});
