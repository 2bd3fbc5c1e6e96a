/*
 * The site's service worker (written into the site as sw.js by hooks/offline.py,
 * which fills in the lists and versions). After one visit to any page, every page and
 * asset is in the cache; after one visit to a calculator, its Python runtime too. It
 * answers only this site's own requests and never asks any other host for anything.
 *
 * Pages (HTML): the network first, so a new build shows as soon as the reader is
 * online; the cache when offline. Everything else: the cache first (each build has
 * its own page cache; the runtime's cache lasts until the runtime changes).
 */
const PAGES_VERSION = /*PAGES_VERSION*/null;
const RUNTIME_VERSION = /*RUNTIME_VERSION*/null;
const PAGES = /*PAGES*/null;
const RUNTIME = /*RUNTIME*/null;

const PREFIX = "contracting-site";
const PAGES_CACHE = `${PREFIX}-pages-${PAGES_VERSION}`;
const RUNTIME_CACHE = `${PREFIX}-runtime-${RUNTIME_VERSION}`;
const root = new URL("./", self.location.href);
const runtimeURLs = new Set(RUNTIME.map((path) => new URL(path, root).href));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(PAGES_CACHE)
      .then((cache) => cache.addAll(PAGES.map((path) => new URL(path, root).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names
        .filter((name) => name.startsWith(`${PREFIX}-`) && name !== PAGES_CACHE && name !== RUNTIME_CACHE)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

/* A calculator page asks for the runtime once it has opened and again once Python is
 * ready (loader.js): all of it, but the snapshot only if the calculator's worker
 * started from it ({snapshot: true}; on a slow connection it does not download it). */
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "cache-runtime") return;
  const withSnapshot = event.data.snapshot === true;
  event.waitUntil(
    caches.open(RUNTIME_CACHE).then(async (cache) => {
      for (const url of runtimeURLs) {
        if ((url.endsWith("/python-snapshot.zst") && !withSnapshot) || (await cache.match(url))) continue;
        try {
          const response = await fetch(url);
          if (response.ok) await cache.put(url, response);
        } catch {
          /* offline or gone: tried again on the next calculator page */
        }
      }
    }),
  );
});

function cacheFor(url) {
  return runtimeURLs.has(url) ? RUNTIME_CACHE : PAGES_CACHE;
}

async function fromNetwork(request, cacheName) {
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    const copy = response.clone();
    caches.open(cacheName).then((cache) => cache.put(request.url.split("#")[0], copy));
  }
  return response;
}

async function pageFirstFromNetwork(request) {
  try {
    return await fromNetwork(request, PAGES_CACHE);
  } catch (error) {
    const cached = await caches.match(request.url.split("?")[0].split("#")[0], { cacheName: PAGES_CACHE })
      || await caches.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: false });
  return cached || fromNetwork(request, cacheFor(request.url));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !url.href.startsWith(root.href)) return;
  if (request.headers.has("range")) return;
  const isPage = request.mode === "navigate" || url.pathname.endsWith("/") || url.pathname.endsWith(".html");
  event.respondWith(isPage ? pageFirstFromNetwork(request) : cacheFirst(request));
});
