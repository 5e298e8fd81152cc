/* Photos sent ahead of their form, for a cheap phone on a poor network.

   window.SigoroUpload (the API other scripts build on, e.g. the offline outbox):
     downscale(file) -> Promise<Blob|File>
       About 1600 px on the long side, JPEG quality ~0.8, EXIF orientation applied
       (browser-image-compression, vendored). When the browser cannot (a HEIC it cannot
       decode, no canvas, any error) the original file comes back: the server's photo
       pipeline accepts it and does the real processing either way.
     uploadPhoto(blobOrFile, key, {onProgress, tries, url}) -> Promise<{uuid, thumb}>
       POST /foto/unggah/ (multipart "foto" + "kunci", X-CSRFToken) with XMLHttpRequest, so
       there is upload progress: onProgress(fraction 0..1, loaded, total). One photo at a
       time (calls wait for each other). After a network error or a 5xx it tries again with
       the SAME key (backoff 1, 2, 4, 8 s; 5 tries by default): the server answers the photo
       it already has, never a duplicate. A refusal (400 bad file, 413 too big, 403, 429)
       is not retried. The error carries .status (0: no connection), .retryable and the
       server's Indonesian .message.
     newKey() -> a UUID4 string (also on plain-http LANs, where crypto.randomUUID is absent).

   Form enhancement: every <input type="file" data-staged-upload> in a form. On choose, each
   photo is downscaled and sent, one at a time, with a progress bar; then the input is
   emptied and the photo's uuid appended to the form's hidden "foto_tersimpan"; a thumbnail
   shows each photo sent. Submitting waits until the photos are sent. Without this script
   the form posts the files itself. Texts come from #sigoro-upload-text (translated in the
   template), Indonesian defaults otherwise. The form hears of each photo (bubbling
   CustomEvents): "sigoro:photo-sent" {uuid, thumb, key, file} and "sigoro:photo-failed"
   {key, file, error} (after the retries; error.status 0 = no connection). */
(function () {
  "use strict";

  var MAX_SIDE = 1600;
  var QUALITY = 0.8;
  var DEFAULT_TRIES = 5;
  var DEFAULT_URL = "/foto/unggah/";

  // -- texts -------------------------------------------------------------------------------
  var DEFAULT_TEXT = {
    waitingTurn: "Menunggu giliran…",
    shrinking: "Mengecilkan foto…",
    sending: "Mengirim foto…",
    retrying: "Sinyal terputus, mencoba lagi…",
    sent: "Foto terkirim",
    failed: "Foto gagal terkirim",
    retry: "Coba lagi",
    remove: "Hapus",
    waiting: "Menunggu foto selesai terkirim…",
    unsent: "Ada foto yang belum terkirim: coba lagi atau hapus foto itu.",
    progress: "Kemajuan pengiriman foto",
    thumb: "Foto terkirim",
    network: "Tidak ada sinyal: foto belum terkirim.",
    kept: "Disimpan di HP ini: terkirim bersama formulir saat ada sinyal."
  };

  function text(name) {
    var holder = document.getElementById("sigoro-upload-text");
    var value = holder && holder.dataset[name];
    return value || DEFAULT_TEXT[name];
  }

  // -- keys --------------------------------------------------------------------------------
  function newKey() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === "function") {
      try { return c.randomUUID(); } catch (e) { /* not a secure context */ }
    }
    var b = new Uint8Array(16);
    if (c && c.getRandomValues) {
      c.getRandomValues(b);
    } else {
      for (var i = 0; i < 16; i++) { b[i] = Math.floor(Math.random() * 256); }
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // -- downscale ---------------------------------------------------------------------------
  function canvasWorks() {
    try {
      var canvas = document.createElement("canvas");
      return !!(canvas.getContext && canvas.getContext("2d") && canvas.toBlob);
    } catch (e) {
      return false;
    }
  }

  function jpegName(name) {
    var base = (name || "foto").replace(/\.[^.]*$/, "");
    return (base || "foto") + ".jpg";
  }

  function downscale(file) {
    var compress = window.imageCompression;
    if (!file || !compress || !canvasWorks()) { return Promise.resolve(file); }
    return compress(file, {
      maxWidthOrHeight: MAX_SIDE,
      initialQuality: QUALITY,
      fileType: "image/jpeg",
      maxIteration: 1,
      // A worker would be loaded from a CDN (blocked by the CSP, absent offline).
      useWebWorker: false
    }).then(function (out) {
      if (!out || !out.size) { return file; }
      // Already small (a photo sent before, a screenshot): keep what is smaller.
      if (out.size >= file.size && /jpe?g$/i.test(file.type || "")) { return file; }
      try {
        return new File([out], jpegName(file.name), { type: "image/jpeg", lastModified: file.lastModified });
      } catch (e) {
        return out;
      }
    }, function () {
      return file; // e.g. HEIC the browser cannot decode: the server reads it
    });
  }

  // -- upload ------------------------------------------------------------------------------
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input && input.value) { return input.value; }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function uploadError(message, status, retryable) {
    var error = new Error(message);
    error.status = status;
    error.retryable = retryable;
    return error;
  }

  function sendOnce(blob, key, opts) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", opts.url || DEFAULT_URL);
      xhr.setRequestHeader("X-CSRFToken", csrfToken());
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.responseType = "text";
      if (opts.onProgress && xhr.upload) {
        xhr.upload.onprogress = function (event) {
          if (event.lengthComputable && event.total) {
            opts.onProgress(event.loaded / event.total, event.loaded, event.total);
          }
        };
      }
      xhr.onload = function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        if ((xhr.status === 200 || xhr.status === 201) && body && body.uuid) {
          resolve({ uuid: body.uuid, thumb: body.thumb });
          return;
        }
        var message = (body && body.error) || text("failed") + " (" + xhr.status + ")";
        var retryable = xhr.status >= 500 || xhr.status === 408;
        reject(uploadError(message, xhr.status, retryable));
      };
      xhr.onerror = xhr.ontimeout = xhr.onabort = function () {
        reject(uploadError(text("network"), 0, true));
      };
      var data = new FormData();
      data.append("kunci", key);
      data.append("foto", blob, blob.name || "foto.jpg");
      xhr.send(data);
    });
  }

  function wait(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  // One photo at a time, whoever asks.
  var queue = Promise.resolve();

  function uploadPhoto(blob, key, options) {
    var opts = options || {};
    var tries = opts.tries || DEFAULT_TRIES;
    function attempt(n) {
      return sendOnce(blob, key, opts).catch(function (error) {
        if (!error.retryable || n + 1 >= tries) { throw error; }
        if (opts.onRetry) { opts.onRetry(n + 1, error); }
        return wait(1000 * Math.pow(2, n)).then(function () { return attempt(n + 1); });
      });
    }
    var run = queue.then(function () { return attempt(0); });
    queue = run.catch(function () { /* the next photo goes on */ });
    return run;
  }

  window.SigoroUpload = {
    downscale: downscale,
    uploadPhoto: uploadPhoto,
    newKey: newKey,
    maxSide: MAX_SIDE
  };

  // -- the form enhancement ----------------------------------------------------------------
  function hiddenKept(form) {
    var hidden = form.querySelector("input[name=foto_tersimpan]");
    if (!hidden) {
      hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "foto_tersimpan";
      form.appendChild(hidden);
    }
    return hidden;
  }

  function addUuid(hidden, uuid) {
    var parts = hidden.value ? hidden.value.split(",").filter(Boolean) : [];
    if (parts.indexOf(uuid) < 0) { parts.push(uuid); }
    hidden.value = parts.join(",");
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content) { node.textContent = content; }
    return node;
  }

  function enhance(input) {
    var form = input.form;
    if (!form || input.dataset.stagedReady) { return; }
    input.dataset.stagedReady = "1";
    var hidden = hiddenKept(form);
    var list = el("ul", "list-unstyled staged-uploads mt-2 mb-2");
    list.setAttribute("aria-live", "polite");
    list.setAttribute("data-testid", "staged-uploads");
    input.insertAdjacentElement("afterend", list);
    var notice = el("div", "alert alert-warning py-2 small mb-2");
    notice.hidden = true;
    notice.setAttribute("role", "status");
    list.insertAdjacentElement("afterend", notice);
    var state = { pending: 0, failed: 0, submitWhenDone: false, counter: 0 };

    function settle() {
      form.dataset.stagedPending = String(state.pending);
      if (state.pending > 0) { return; }
      if (state.submitWhenDone) {
        state.submitWhenDone = false;
        if (state.failed > 0) {
          notice.textContent = text("unsent");
          notice.hidden = false;
          return;
        }
        notice.hidden = true;
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
    }

    function announce(name, detail) {
      form.dispatchEvent(new CustomEvent(name, { detail: detail, bubbles: true }));
    }

    // A form that has an outbox (data-outbox-form, static/js/outbox.js) takes a photo that
    // cannot be sent now (no signal) as it is, downscaled, with its key: the outbox keeps it
    // on the phone with the form and sends it later under the same key.
    var outbox = form.hasAttribute("data-outbox-form");
    form.sigoroKeptPhotos = form.sigoroKeptPhotos || [];
    function keep(item, blob, key, name) {
      form.sigoroKeptPhotos.push({ blob: blob, key: key, name: name });
      item.kept();
    }

    // Photo after photo, in the order chosen: a cheap phone decodes one 12 MP photo at a
    // time (each takes ~50 MB while it is downscaled), and the first chosen is sent first.
    var chain = Promise.resolve();

    function send(item, file, key) {
      state.pending += 1;
      settle();
      item.setStatus(text("waitingTurn"), "secondary");
      item.setProgress(0);
      var shrunk = null;
      var result = chain.then(function () {
        item.setStatus(text("shrinking"), "secondary");
        return downscale(file);
      }).then(function (blob) {
        shrunk = blob;
        if (outbox && navigator.onLine === false) {
          throw uploadError(text("network"), 0, true);
        }
        item.setStatus(text("sending"), "secondary");
        return uploadPhoto(blob, key, {
          onProgress: function (fraction) { item.setProgress(fraction); },
          onRetry: function () { item.setStatus(text("retrying"), "warning"); }
        });
      });
      chain = result.catch(function () { /* the next photo goes on */ });
      result.then(function (answer) {
        addUuid(hidden, answer.uuid);
        item.done(answer);
        announce("sigoro:photo-sent", { uuid: answer.uuid, thumb: answer.thumb, key: key, file: file });
      }, function (error) {
        if (outbox && error && error.status === 0) {
          keep(item, shrunk || file, key, file.name || "foto.jpg");
          return;
        }
        state.failed += 1;
        announce("sigoro:photo-failed", { key: key, file: file, error: error });
        item.fail(error, function () {
          state.failed -= 1;
          send(item, file, key);
        }, function () {
          state.failed -= 1;
          item.node.remove();
          if (!state.pending && !state.failed) { notice.hidden = true; }
        });
      }).then(function () {
        state.pending -= 1;
        settle();
      });
    }

    function newItem(file) {
      state.counter += 1;
      var node = el("li", "d-flex align-items-center gap-2 mb-2 staged-upload");
      node.setAttribute("data-testid", "staged-upload");
      var thumb = el("div", "staged-upload-thumb flex-shrink-0 rounded bg-body-secondary");
      thumb.style.width = "56px";
      thumb.style.height = "56px";
      var body = el("div", "flex-grow-1 small text-break");
      var name = el("div", "fw-semibold", file.name || "foto");
      var status = el("div", "text-body-secondary");
      var bar = el("div", "progress mt-1");
      bar.setAttribute("role", "progressbar");
      bar.setAttribute("aria-label", text("progress") + " " + (file.name || state.counter));
      bar.setAttribute("aria-valuemin", "0");
      bar.setAttribute("aria-valuemax", "100");
      bar.style.height = "0.75rem";
      var fill = el("div", "progress-bar");
      bar.appendChild(fill);
      body.appendChild(name);
      body.appendChild(status);
      body.appendChild(bar);
      var actions = el("div", "d-flex flex-column gap-1");
      node.appendChild(thumb);
      node.appendChild(body);
      node.appendChild(actions);
      list.appendChild(node);
      return {
        node: node,
        setStatus: function (message, tone) {
          status.textContent = message;
          status.className = tone === "warning" ? "text-warning-emphasis" : "text-body-secondary";
        },
        setProgress: function (fraction) {
          var pct = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
          if (pct < 100) { fill.classList.remove("bg-danger"); }
          fill.style.width = pct + "%";
          bar.setAttribute("aria-valuenow", String(pct));
          bar.hidden = false;
        },
        done: function (answer) {
          this.setProgress(1);
          fill.classList.add("bg-success");
          status.textContent = text("sent");
          status.className = "text-success-emphasis";
          node.dataset.uuid = answer.uuid;
          node.setAttribute("data-state", "sent");
          var img = el("img", "rounded object-fit-cover");
          img.src = answer.thumb;
          img.alt = text("thumb");
          img.width = 56;
          img.height = 56;
          thumb.replaceWith(img);
          thumb = img;
          bar.hidden = true;
          actions.textContent = "";
        },
        kept: function () {
          bar.hidden = true;
          status.textContent = text("kept");
          status.className = "text-warning-emphasis";
          node.setAttribute("data-state", "kept");
          actions.textContent = "";
        },
        fail: function (error, onRetry, onRemove) {
          status.textContent = (error && error.message) || text("failed");
          status.className = "text-danger-emphasis";
          node.setAttribute("data-state", "failed");
          fill.classList.add("bg-danger");
          actions.textContent = "";
          if (!error || error.retryable !== false) {
            var retry = el("button", "btn btn-sm btn-outline-primary", text("retry"));
            retry.type = "button";
            retry.addEventListener("click", function () { actions.textContent = ""; onRetry(); });
            actions.appendChild(retry);
          }
          var remove = el("button", "btn btn-sm btn-outline-secondary", text("remove"));
          remove.type = "button";
          remove.addEventListener("click", onRemove);
          actions.appendChild(remove);
        }
      };
    }

    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length) { return; }
      // The photos go ahead, one at a time; the form then posts only their uuids.
      input.value = "";
      notice.hidden = true;
      files.forEach(function (file) {
        send(newItem(file), file, newKey());
      });
    });

    // Held back here, the submit must not reach sigoro.js's one-click guard on the document
    // (it would mark the form as sent and refuse the real submit that follows).
    form.addEventListener("submit", function (event) {
      if (state.pending > 0) {
        event.preventDefault();
        event.stopPropagation();
        state.submitWhenDone = true;
        notice.textContent = text("waiting");
        notice.hidden = false;
      } else if (state.failed > 0) {
        event.preventDefault();
        event.stopPropagation();
        notice.textContent = text("unsent");
        notice.hidden = false;
      }
    });
  }

  function init(root) {
    (root || document).querySelectorAll("input[type=file][data-staged-upload]").forEach(enhance);
  }
  window.SigoroUpload.enhance = init;

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); });
  } else {
    init();
  }
})();
