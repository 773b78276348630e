// camfilter service worker: shows each alert with its snapshot; a tap opens the event.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let alert = { title: "camfilter", body: "" };
  try {
    alert = event.data ? event.data.json() : alert;
  } catch (err) {
    alert.body = event.data ? event.data.text() : "";
  }
  const options = {
    body: alert.body,
    tag: alert.tag,
    renotify: true,
    icon: "/static/icon.svg",
    data: { url: alert.url || "/" },
  };
  if (alert.image) options.image = alert.image;
  event.waitUntil(self.registration.showNotification(alert.title, options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(event.notification.data.url, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const w of windows) {
        if (w.url === url && "focus" in w) return w.focus();
      }
      return self.clients.openWindow(url);
    })
  );
});
