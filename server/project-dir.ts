// The project's folder (the one holding package.json), where dist/client and prisma/ are found. It is
// looked up from this module's place because that place differs: server/ when the server runs from
// its TypeScript source (tsx: `npm run dev`, the tests), dist/server/ when it runs from its bundle
// (`npm start`, scripts/build-server.ts).
import fs from "node:fs";
import path from "node:path";

function folderWithPackageJson(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const projectDir = folderWithPackageJson(import.meta.dirname);
