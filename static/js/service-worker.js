/* SIGORO service worker: the RT head's pages work with no signal.

   Served at /sw.js by sigoro.views.service_worker with `self.SIGORO_SW` (sigoro/offline.py)
   in front of this file: the version, the static files to precache under their served
   names, the offline page, and the header by which a page says it may be kept.

   - Static files: precached at install (one cache per version), then cache first.
   - Pages (navigations): network first. A page the server marked (Sigoro-Offline: keep:
     the plan page, the attendance form) is kept, keyed by its URL only, so it opens again
     offline; any other page falls back to the offline page. Sign-out clears kept pages.
   - Never: anything but GET, other origins, /foto/ photos, sign-in and admin pages. */
"use strict";

var CONFIG = self.SIGORO_SW;
var STATIC_CACHE = CONFIG.staticCachePrefix + CONFIG.version;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      return cache.addAll(CONFIG.precache.map(function (url) {
        return new Request(url, { credentials: "same-origin", cache: "reload" });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(CONFIG.staticCachePrefix) === 0 && name !== STATIC_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function neverCached(url) {
  return CONFIG.neverCache.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; });
}

function fromStatic(request) {
  return caches.open(STATIC_CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || fetch(request);
    });
  });
}

function keepIfMarked(url, response) {
  if (response.ok && !response.redirected &&
      response.headers.get(CONFIG.offlineHeader) === CONFIG.offlineKeep) {
    var copy = response.clone();
    return caches.open(CONFIG.pagesCache).then(function (cache) { return cache.put(url, copy); });
  }
  return Promise.resolve();
}

function navigate(request) {
  return fetch(request).then(function (response) {
    keepIfMarked(request.url, response);
    return response;
  }).catch(function () {
    return caches.open(CONFIG.pagesCache).then(function (cache) {
      return cache.match(request.url, { ignoreSearch: false });
    }).then(function (kept) {
      return kept || caches.match(CONFIG.offlineUrl);
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (neverCached(url)) {
    // Not kept, but a sign-in page opened with no signal still says so in Indonesian.
    if (request.mode === "navigate") {
      event.respondWith(fetch(request).catch(function () { return caches.match(CONFIG.offlineUrl); }));
    }
    return;
  }
  if (url.pathname.indexOf(CONFIG.staticUrl) === 0) {
    event.respondWith(fromStatic(request));
  } else if (request.mode === "navigate") {
    event.respondWith(navigate(request));
  }
});

// Background Sync: the outbox asked to be sent when the signal returns. The sending itself
// lives in outbox.js (a page); here the worker wakes an open page, if any, to do it.
self.addEventListener("sync", function (event) {
  if (event.tag !== "sigoro-outbox") { return; }
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage({ type: "sigoro-outbox-flush" }); });
  }));
});

// A page asks to forget the pages kept for the user (sign-out, or signed out already).
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "sigoro-forget-pages") {
    event.waitUntil(caches.delete(CONFIG.pagesCache));
  }
  // The page that installed the worker was loaded before it: fetch it again to keep it
  // (if the server marks it), so one visit with signal is enough.
  if (event.data && event.data.type === "sigoro-keep-page") {
    var url = new URL(event.data.url, self.location.href);
    if (url.origin !== self.location.origin || neverCached(url)) { return; }
    event.waitUntil(fetch(url.href, { credentials: "same-origin" }).then(function (response) {
      return keepIfMarked(url.href, response);
    }).catch(function () {}));
  }
});
