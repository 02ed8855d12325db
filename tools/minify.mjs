// Minifies the JavaScript that wasm-bindgen wrote into dist/ (trunk minifies the CSS and the
// HTML; its JavaScript minifier cannot read the glue's `export default` and leaves it as it is)
// and writes the new file's hash into index.html's integrity attribute,
// so that the browser's check still passes. `cargo xtask dist` runs it after `trunk build`.
//
//   node tools/minify.mjs DIST
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { minify } from "terser";

const dist = process.argv[2];
if (!dist) {
  console.error("usage: node tools/minify.mjs DIST");
  process.exit(2);
}
const integrity = (bytes) => "sha384-" + createHash("sha384").update(bytes).digest("base64");
const indexPath = join(dist, "index.html");
let index = readFileSync(indexPath, "utf8");
for (const name of readdirSync(dist).filter((f) => f.endsWith(".js"))) {
  const path = join(dist, name);
  const source = readFileSync(path);
  const before = integrity(source);
  // An ES module: top-level names are its own, its exports keep theirs. Property names are
  // left alone (the wasm module imports its functions by them).
  const { code } = await minify(source.toString("utf8"), {
    module: true,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  writeFileSync(path, code);
  if (index.includes(before)) {
    index = index.replaceAll(before, integrity(code));
  }
  console.error(`  minified ${name}: ${source.length} → ${code.length} B`);
}
writeFileSync(indexPath, index);
