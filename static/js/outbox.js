/* SIGORO outbox: a form sent with no signal is kept on the phone and sent by itself later.

   A form marked data-outbox-form (the RT head's attendance form) is never sent by the
   browser directly: its fields, its idempotency key and its chosen photos (as Blobs) are
   first written to IndexedDB, then sent. With no signal they stay there (a closed tab or a
   restarted phone loses nothing) and are sent when the signal returns: on the `online`
   event, on every page load, and on Background Sync where the browser has it. Photos go one
   at a time through SigoroUpload.uploadPhoto with a key stored per photo (a retry never
   makes a second photo), then the form with the staged uuids in foto_tersimpan and the same
   idempotency key. An entry leaves the outbox only when the server confirmed (the redirect
   after a saved form); a form the server refused (400) stays, marked for checking, with a
   link that opens the form filled in again. Each entry belongs to the user who made it.

   The top bar's [data-outbox-status] shows "Menunggu sinyal: 3 foto, 1 formulir". */
(function () {
  "use strict";
  if (!window.indexedDB) { return; }

  var DB_NAME = "sigoro";
  var STORE = "outbox";
  var USED_KEYS = "sigoro-outbox-used-keys";
  var FLASH = "sigoro-outbox-flash";
  var body = document.body;
  var userId = body.dataset.userId || "";
  var loginPath = body.dataset.loginPath || "/akun/masuk/";

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // --- IndexedDB -------------------------------------------------------------------------
  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var open = indexedDB.open(DB_NAME, 1);
        open.onupgradeneeded = function () { open.result.createObjectStore(STORE, { keyPath: "id" }); };
        open.onsuccess = function () { resolve(open.result); };
        open.onerror = function () { reject(open.error); };
      });
    }
    return dbPromise;
  }
  function tx(mode, work) {
    return db().then(function (conn) {
      return new Promise(function (resolve, reject) {
        var t = conn.transaction(STORE, mode);
        var result = work(t.objectStore(STORE));
        t.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
      });
    });
  }
  function all() { return tx("readonly", function (s) { return s.getAll(); }); }
  function get(id) { return tx("readonly", function (s) { return s.get(id); }); }
  function put(entry) { return tx("readwrite", function (s) { s.put(entry); }); }
  function remove(id) { return tx("readwrite", function (s) { s.delete(id); }); }
  function mine(entries) {
    return entries.filter(function (e) { return !userId || e.userId === userId; });
  }

  // --- Status ----------------------------------------------------------------------------
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, name) { return values[name]; });
  }
  function showStatus() {
    return all().then(function (entries) {
      entries = mine(entries);
      var waiting = entries.filter(function (e) { return e.state !== "review"; });
      var review = entries.filter(function (e) { return e.state === "review"; });
      var photos = waiting.reduce(function (n, e) {
        return n + e.photos.filter(function (p) { return !p.uuid; }).length;
      }, 0);
      document.querySelectorAll("[data-outbox-status]").forEach(function (box) {
        box.dataset.forms = String(waiting.length);
        box.dataset.photos = String(photos);
        box.dataset.review = String(review.length);
        var text = box.querySelector("[data-outbox-text]");
        var list = box.querySelector("[data-outbox-review]");
        text.textContent = waiting.length ? fill(box.dataset.textWaiting, { photos: photos, forms: waiting.length }) : "";
        list.textContent = "";
        review.forEach(function (entry) {
          var item = document.createElement("a");
          item.href = entry.url + "#kotak-keluar=" + encodeURIComponent(entry.id);
          item.className = "d-block";
          item.dataset.testid = "outbox-review-link";
          item.textContent = fill(box.dataset.textReview, { title: entry.title });
          list.appendChild(item);
        });
        box.hidden = !(waiting.length || review.length);
      });
    }).catch(function () { /* no storage: nothing to show */ });
  }

  // --- Sending ---------------------------------------------------------------------------
  function csrfToken(entry) {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : entry.csrf;
  }

  function errorsOf(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var found = [];
    doc.querySelectorAll("form .invalid-feedback, form .alert-danger, main .alert-danger").forEach(function (e) {
      var text = e.textContent.trim();
      if (text && found.indexOf(text) < 0) { found.push(text); }
    });
    return found;
  }

  function flashOf(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    return Array.prototype.map.call(doc.querySelectorAll("main > .alert"), function (e) {
      return { cls: e.className, text: e.textContent.trim() };
    });
  }

  function uploadPhotos(entry) {
    if (!(window.SigoroUpload && window.SigoroUpload.uploadPhoto)) { return Promise.resolve(); }
    return entry.photos.reduce(function (chain, photo) {
      return chain.then(function () {
        if (photo.uuid) { return; }
        return window.SigoroUpload.uploadPhoto(photo.blob, photo.key, {}).then(function (answer) {
          photo.uuid = answer.uuid;
          photo.thumb = answer.thumb;
          return put(entry).then(showStatus);
        });
      });
    }, Promise.resolve());
  }

  function formData(entry) {
    var data = new FormData();
    var staged = [];
    entry.fields.forEach(function (pair) {
      if (pair[0] === "foto_tersimpan") {
        pair[1].split(",").filter(Boolean).forEach(function (uuid) { staged.push(uuid); });
      } else {
        data.append(pair[0], pair[1]);
      }
    });
    entry.photos.forEach(function (photo) {
      if (photo.uuid) {
        if (staged.indexOf(photo.uuid) < 0) { staged.push(photo.uuid); }
      } else {
        data.append("foto", photo.blob, photo.name);  // no staged upload here: the original
      }
    });
    data.append("foto_tersimpan", staged.join(","));
    return data;
  }

  function markForReview(entry, errors) {
    entry.state = "review";
    entry.errors = errors;
    return put(entry).then(function () { return { review: true, entry: entry }; });
  }

  function sendOne(entry) {
    return uploadPhotos(entry).catch(function (error) {
      // A photo the server refuses (not a photo, too big): the person must look at it.
      if (error && error.status >= 400 && error.status < 500 && error.status !== 408) {
        throw { refused: true, errors: [error.message] };
      }
      throw error;
    }).then(function () {
      return fetch(entry.url, {
        method: "POST",
        body: formData(entry),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(entry) }
      });
    }).then(function (response) {
      var path = new URL(response.url).pathname;
      if (response.ok && response.redirected && path.indexOf(loginPath) !== 0) {
        return response.text().then(function (html) {
          // Sent back to the plan with an error (e.g. the execution was closed meanwhile):
          // not saved, so it stays for the person to see.
          var refusals = flashOf(html).filter(function (m) { return /alert-danger/.test(m.cls); });
          if (refusals.length) {
            return markForReview(entry, refusals.map(function (m) { return m.text; }));
          }
          rememberUsed(entry.key);
          return remove(entry.id).then(function () {
            return { sent: true, url: response.url, flash: flashOf(html) };
          });
        });
      }
      if (response.status === 400 || response.status === 404) {
        return response.text().then(function (html) {
          return markForReview(entry, response.status === 400 ? errorsOf(html) : []);
        });
      }
      return { waiting: true };  // signed out, CSRF, server trouble: try again later
    }, function (error) {
      if (error && error.refused) { return markForReview(entry, error.errors); }
      throw error;
    });
  }

  // One sender at a time, in this tab and across tabs (Web Locks where the browser has
  // them): the same entry is never in flight twice. Each entry is read again inside.
  var queue = Promise.resolve();
  function exclusive(work) {
    var run = function () {
      if (navigator.locks && navigator.locks.request) {
        return navigator.locks.request("sigoro-outbox", work);
      }
      return work();
    };
    var result = queue.then(run, run);
    queue = result.catch(function () {});
    return result;
  }

  function sendById(id) {
    return exclusive(function () {
      return get(id).then(function (entry) {
        if (!entry || entry.state === "review" || entry.userId !== userId) { return { gone: true }; }
        return sendOne(entry);
      });
    });
  }

  function flush() {
    if (navigator.onLine === false) { return showStatus(); }
    return all().then(function (entries) {
      var todo = mine(entries).filter(function (e) { return e.userId === userId && e.state !== "review"; });
      return todo.reduce(function (chain, entry) {
        return chain.then(function () { return sendById(entry.id); });
      }, Promise.resolve());
    }).catch(function () { /* no signal after all: the entries wait */ })
      .then(showStatus);
  }

  function askBackgroundSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) { return registration.sync.register("sigoro-outbox"); }
    }).catch(function () { /* not offered: the online event and page loads send it */ });
  }

  // --- Keys already used by the outbox ---------------------------------------------------
  // A page opened again from the worker's cache carries the key of a form already sent:
  // such a form gets a fresh key, or the server would take it for the old one's replay.
  function usedKeys() {
    try { return JSON.parse(localStorage.getItem(USED_KEYS) || "[]"); } catch (e) { return []; }
  }
  function rememberUsed(key) {
    var keys = usedKeys();
    if (keys.indexOf(key) < 0) { keys.push(key); }
    try { localStorage.setItem(USED_KEYS, JSON.stringify(keys.slice(-200))); } catch (e) { /* full */ }
  }

  // --- The form --------------------------------------------------------------------------
  function entryFromForm(form, previous) {
    var key = form.querySelector("input[name=idempotency_key]");
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "file" || el.type === "submit" ||
          el.name === "csrfmiddlewaretoken") { return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      fields.push([el.name, el.value]);
    });
    var photos = previous ? previous.photos.slice() : [];
    // Photos the staged upload (photo-upload.js) could not send: downscaled, with their key.
    (form.sigoroKeptPhotos || []).forEach(function (kept) {
      photos.push({ key: kept.key, blob: kept.blob, name: kept.name, type: kept.blob.type, uuid: null });
    });
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.forEach.call(input.files, function (file) {
        photos.push({ key: newKey(), blob: file, name: file.name, type: file.type, uuid: null });
      });
    });
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    return {
      id: key.value,
      key: key.value,
      userId: userId,
      url: form.action || location.pathname,
      title: form.dataset.outboxTitle || document.title,
      fields: fields,
      photos: photos,
      csrf: csrf ? csrf.value : "",
      state: "waiting",
      errors: [],
      created: new Date().toISOString()
    };
  }

  function setupForm(form) {
    var keyField = form.querySelector("input[name=idempotency_key]");
    if (!keyField) { return; }
    if (!keyField.value || usedKeys().indexOf(keyField.value) >= 0) { keyField.value = newKey(); }
    var reopened = null;
    var notice = form.querySelector("[data-outbox-notice]");

    // Opened from the outbox's "check this form" link: fill the form in from the entry.
    var match = location.hash.match(/kotak-keluar=([^&]+)/);
    if (match) {
      get(decodeURIComponent(match[1])).then(function (entry) {
        if (!entry) { return; }
        reopened = entry;
        keyField.value = entry.key;
        var values = {};
        entry.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
        Array.prototype.forEach.call(form.elements, function (el) {
          if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken" ||
              el.name === "idempotency_key" || !(el.name in values)) { return; }
          if (el.type === "checkbox" || el.type === "radio") {
            el.checked = values[el.name].indexOf(el.value) >= 0;
          } else {
            el.value = values[el.name][0];
          }
        });
        if (notice) {
          notice.hidden = false;
          notice.querySelector("[data-outbox-notice-text]").textContent = fill(
            notice.dataset.textReopened, { photos: entry.photos.length });
          var list = notice.querySelector("[data-outbox-errors]");
          list.textContent = "";
          (entry.errors || []).forEach(function (text) {
            var li = document.createElement("li");
            li.textContent = text;
            list.appendChild(li);
          });
        }
        form.dispatchEvent(new CustomEvent("sigoro:outbox-filled", { bubbles: true }));
      });
    }

    // On the document, after the form's own handlers: the staged upload holds the submit
    // (stopPropagation) while photos are still going, and sigoro.js's one-click guard has
    // already refused a second tap (defaultPrevented).
    document.addEventListener("submit", function (event) {
      if (event.target !== form || event.defaultPrevented) { return; }
      event.preventDefault();
      var entry = entryFromForm(form, reopened);
      var release = function () {
        delete form.dataset.submitted;
        form.querySelectorAll("[type=submit]").forEach(function (b) {
          b.removeAttribute("aria-disabled");
          b.classList.remove("disabled");
        });
      };
      put(entry).then(function () {
        if (reopened && reopened.id !== entry.id) { return remove(reopened.id); }
      }).then(function () {
        if (navigator.storage && navigator.storage.persist) { navigator.storage.persist(); }
        if (navigator.onLine === false) { throw new Error("offline"); }
        return sendById(entry.id);
      }).then(function (result) {
        if (!result.gone) { return result; }
        // Another sender (a Background Sync, another tab) took it: follow its outcome.
        return get(entry.id).then(function (left) {
          if (!left) { return { sent: true, url: form.dataset.outboxDone || entry.url, flash: [] }; }
          return left.state === "review" ? { review: true } : {};
        });
      }).then(function (result) {
        if (result.sent) {
          try { sessionStorage.setItem(FLASH, JSON.stringify(result.flash)); } catch (e) { /* none */ }
          location.assign(result.url);
        } else if (result.review) {
          location.href = entry.url.split("#")[0] + "#kotak-keluar=" + encodeURIComponent(entry.id);
          location.reload();
        } else {
          throw new Error("later");
        }
      }).catch(function () {
        // Kept on the phone: say so, and let the person leave or correct it.
        askBackgroundSync();
        form.sigoroKeptPhotos = [];
        rememberUsed(entry.key);
        keyField.value = newKey();
        reopened = null;
        form.querySelectorAll("input[type=file]").forEach(function (input) { input.value = ""; });
        form.dispatchEvent(new CustomEvent("sigoro:outbox-kept", { bubbles: true }));
        if (notice) {
          notice.hidden = false;
          notice.querySelector("[data-outbox-notice-text]").textContent = notice.dataset.textKept;
          notice.querySelector("[data-outbox-errors]").textContent = "";
          notice.setAttribute("tabindex", "-1");
          notice.focus();
        }
        release();
        showStatus();
      });
    });
  }

  // Messages of a form sent by the outbox, shown on the page it led to.
  function showFlash() {
    var stored;
    try { stored = JSON.parse(sessionStorage.getItem(FLASH) || "null"); sessionStorage.removeItem(FLASH); } catch (e) { return; }
    var main = document.querySelector("main");
    if (!stored || !main) { return; }
    stored.slice().reverse().forEach(function (message) {
      var box = document.createElement("div");
      box.className = message.cls.replace(/\bfade\b|\bshow\b|\balert-dismissible\b/g, "").trim();
      box.setAttribute("role", "alert");
      box.textContent = message.text;
      main.insertBefore(box, main.firstChild);
    });
  }

  window.SigoroOutbox = { list: all, put: put, flush: flush, status: showStatus };

  showFlash();
  document.querySelectorAll("form[data-outbox-form]").forEach(setupForm);
  showStatus().then(function () { if (userId) { flush(); } });
  window.addEventListener("online", flush);
  // The "check this form" link on the form's own page changes only the hash: open it anew.
  window.addEventListener("hashchange", function () {
    if (/kotak-keluar=/.test(location.hash) && document.querySelector("form[data-outbox-form]")) {
      location.reload();
    }
  });
  window.addEventListener("offline", showStatus);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "sigoro-outbox-flush") { flush(); }
    });
  }
})();
