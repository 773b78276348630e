// The /push page: register the service worker, subscribe this browser, snooze cameras.
(function () {
  const status = (text) => { document.getElementById("status").textContent = text; };

  function keyBytes(base64url) {
    const padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  async function call(method, url, body) {
    const answer = await fetch(url, {
      method, credentials: "same-origin",
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await answer.json().catch(() => ({}));
    if (!answer.ok) throw new Error(data.error || `HTTP ${answer.status}`);
    return data;
  }

  async function register() {
    if (!("serviceWorker" in navigator)) throw new Error("this browser has no service workers");
    await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    return navigator.serviceWorker.ready;
  }

  // Sends a subscription as PushSubscription.toJSON() gives it: {endpoint, keys: {p256dh, auth}}.
  async function sendSubscription(json) {
    await call("POST", "/api/push/subscriptions", { endpoint: json.endpoint, keys: json.keys });
    status("Alerts are on for this device.");
  }

  async function subscribe() {
    try {
      const registration = await register();
      if ((await Notification.requestPermission()) !== "granted") throw new Error("notifications are blocked");
      const { public_key } = await call("GET", "/api/push/key");
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: keyBytes(public_key),
      });
      await sendSubscription(subscription.toJSON());
    } catch (err) {
      status(`Could not turn alerts on: ${err.message}`);
      throw err;
    }
  }

  async function unsubscribe() {
    const registration = await register();
    const subscription = await registration.pushManager.getSubscription();
    if (subscription) {
      await call("POST", "/api/push/unsubscribe", { endpoint: subscription.endpoint });
      await subscription.unsubscribe();
    }
    status("Alerts are off for this device.");
  }

  async function snooze(camera, minutes) {
    if (minutes > 0) await call("PUT", `/api/push/snoozes/${camera}`, { minutes });
    else await call("DELETE", `/api/push/snoozes/${camera}`);
    status(minutes > 0 ? `${camera}: no alerts for ${minutes} min.` : `${camera}: alerts again.`);
  }

  window.camfilterPush = { register, subscribe, sendSubscription, unsubscribe, snooze, ready: register() };
  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("on").addEventListener("click", () => subscribe().catch(() => {}));
    document.getElementById("off").addEventListener("click", () => unsubscribe().catch((e) => status(e.message)));
    for (const select of document.querySelectorAll("select[data-camera]")) {
      select.addEventListener("change", () => snooze(select.dataset.camera, Number(select.value)).catch((e) => status(e.message)));
    }
  });
})();
