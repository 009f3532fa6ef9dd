// Vite builds the browser pages: one HTML entry per kind of user (dashboard, wall display, login,
// editor, administration, analysis, period report, targets, coordination) into dist/client, which the
// server serves; and the installable app's manifest and service worker (vite-plugin-pwa, Workbox's
// generateSW).
import path from "node:path";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

const client = path.resolve(import.meta.dirname, "client");
/** Where `vite dev` sends API calls and the live feed: the server started with `npm run dev`. */
const SERVER = "http://127.0.0.1:3000";

export default defineConfig({
  root: client,
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    // Vite 8's name for rollupOptions (bundled by Rolldown); rollupOptions still works but is deprecated.
    rolldownOptions: {
      input: {
        index: path.join(client, "index.html"),
        wall: path.join(client, "wall.html"),
        login: path.join(client, "login.html"),
        editor: path.join(client, "editor.html"),
        admin: path.join(client, "admin.html"),
        analysis: path.join(client, "analysis.html"),
        import: path.join(client, "import.html"),
        report: path.join(client, "report.html"),
        targets: path.join(client, "targets.html"),
        coordination: path.join(client, "coordination.html"),
      },
    },
  },
  plugins: [
    VitePWA({
      // A new release's worker takes over at once (skipWaiting + clientsClaim) and the pages reload
      // into it (client/src/offline/register.ts), unless the editor holds unsaved input.
      registerType: "autoUpdate",
      injectRegister: false, // registered from the pages' own modules: the CSP allows no inline script
      manifest: {
        name: "UnionPulse — Đoàn viên công đoàn",
        short_name: "UnionPulse",
        description: "Số liệu đoàn viên công đoàn trong các doanh nghiệp của tỉnh",
        lang: "vi",
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#15325a",
        icons: [{ src: "/favicon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" }],
        shortcuts: [{ name: "Cập nhật doanh nghiệp", url: "/editor.html" }],
      },
      workbox: {
        // The scripts and styles (named by their content) and the icon. Not the pages: each names the
        // release's scripts, so it is asked of the server first (below) and a reload gets a new
        // release at once; nor the fonts, which only the wall uses.
        globPatterns: ["**/*.{js,css,svg}"],
        navigateFallback: null, // a multi-page app: no single fallback page
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            // The pages: from the server when it answers (within 4 s on a weak line), else as last
            // seen. Not the wall: a kiosk that recovers itself from the server, never from a cache.
            urlPattern: ({ request, url }) => request.mode === "navigate" && !/^\/wall(\.html)?$/.test(url.pathname),
            handler: "NetworkFirst",
            options: {
              cacheName: "unionpulse-pages",
              networkTimeoutSeconds: 4,
              // The pages read their query (?lang=, ?next=) themselves: /editor.html?lang=en is editor.html.
              matchOptions: { ignoreSearch: true },
              expiration: { maxEntries: 30 },
              cacheableResponse: { statuses: [200] },
            },
          },
          {
            // What the editor reads, freshest from the network, the last answer when offline. Emptied
            // at logout and at a login (client/src/offline/forget.ts): one account's data is not
            // shown to another. (Serialised into sw.js: this function may use nothing from outside.)
            // A wall's reads carry its display token (Authorization): never kept, a wall shows the server or nothing.
            urlPattern: ({ url, request, sameOrigin }) =>
              sameOrigin &&
              request.method === "GET" &&
              !request.headers.has("authorization") &&
              /^\/api\/(me|province|districts|sectors|enterprises)(\/|$)/.test(url.pathname),
            handler: "NetworkFirst",
            options: {
              cacheName: "unionpulse-api",
              networkTimeoutSeconds: 8, // a line that only pretends to work: the last answer instead
              expiration: { maxEntries: 300 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
  ],
  server: {
    proxy: {
      "/api": { target: SERVER },
      "/socket.io": { target: SERVER, ws: true },
    },
  },
});
