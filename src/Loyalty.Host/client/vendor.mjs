// Copies the built browser files into ../wwwroot/lib, so the host serves them without npm at run time.
// Run after changing a version in package.json: npm install && npm run vendor. Commit the copied files.
import { copyFileSync, mkdirSync } from "node:fs";

const files = [
  ["node_modules/@microsoft/signalr/dist/browser/signalr.min.js", "signalr.min.js"],
  ["node_modules/chart.js/dist/chart.umd.js", "chart.umd.min.js"],
  ["node_modules/chart.js/LICENSE.md", "chart.js.LICENSE.md"],
];
mkdirSync("../wwwroot/lib", { recursive: true });
for (const [from, to] of files) {
  copyFileSync(from, `../wwwroot/lib/${to}`);
  console.log(`vendored ${to}`);
}
