// Vite builds the browser pages: one HTML entry per kind of user (dashboard, wall display, login,
// editor, administration, analysis, period report, targets, coordination) into dist/client, which the
// server serves.
import path from "node:path";
import { defineConfig } from "vite";

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
  server: {
    proxy: {
      "/api": { target: SERVER },
      "/socket.io": { target: SERVER, ws: true },
    },
  },
});
