// Checks electron-builder.yml without packaging (packaging would download Electron): the schema
// electron-builder itself enforces, the keys this project relies on, and that the `files` and
// `asarUnpack` patterns select what the app needs after `npm run build` and nothing it must not ship.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, matchesGlob, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const configFile = process.argv[2] ?? join(root, 'electron-builder.yml');
const problems = [];
const fail = (message) => problems.push(message);

// js-yaml and app-builder-lib come with electron-builder; resolved through it so hoisting does not matter.
const require = createRequire(import.meta.url);
const builderRequire = createRequire(require.resolve('electron-builder/package.json'));
const libRequire = createRequire(builderRequire.resolve('app-builder-lib/package.json'));
const yaml = libRequire('js-yaml');
const { validateConfiguration } = libRequire('app-builder-lib/out/util/config/config.js');
const { DebugLogger } = libRequire('builder-util');

const config = yaml.load(readFileSync(configFile, 'utf8'));
if (!config || typeof config !== 'object' || Array.isArray(config)) {
  console.error('electron-builder.yml is not a mapping.');
  process.exit(1);
}

try {
  await validateConfiguration(structuredClone(config), new DebugLogger(false));
} catch (e) {
  fail(`electron-builder rejects the configuration:\n${e.message}`);
}

const get = (path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), config);
const targets = (platform) => [get(`${platform}.target`)].flat().map((t) => (typeof t === 'string' ? t : t?.target));

for (const key of ['appId', 'productName', 'directories.output', 'files', 'asarUnpack']) {
  if (get(key) == null || get(key) === '') fail(`missing ${key}`);
}
if (typeof config.appId !== 'string' || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(config.appId)) fail(`appId ${config.appId} is not a reverse-DNS name`);
if (config.productName !== 'Causeway') fail(`productName is ${config.productName}, expected Causeway`);
if (config.npmRebuild !== false) fail('npmRebuild must be false: better-sqlite3 ships N-API prebuilds');
for (const [platform, wanted] of [['linux', ['AppImage', 'deb']], ['mac', ['dmg']], ['win', ['nsis']]]) {
  for (const target of wanted) if (!targets(platform).includes(target)) fail(`${platform}.target lacks ${target}`);
}
if (config.icon && !existsSync(join(root, config.icon))) fail(`icon ${config.icon} does not exist`);

const SKIP = new Set(['node_modules', '.git', '.tools', 'release']);
function walk(dir, skip = SKIP) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : walk(full, skip);
    return entry.isFile() ? [relative(root, full).split(sep).join('/')] : [];
  });
}

const staticPrefix = (pattern) => {
  const parts = [];
  for (const part of pattern.split('/')) {
    if (/[*?[\]{}!]/.test(part)) break;
    parts.push(part);
  }
  return parts.join('/');
};

if (!existsSync(join(root, 'dist', 'electron', 'main.cjs')) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  fail('dist/ is not built: run `npm run build` first');
} else {
  const patterns = [config.files ?? []].flat();
  const include = patterns.filter((p) => typeof p === 'string' && !p.startsWith('!'));
  const exclude = patterns.filter((p) => typeof p === 'string' && p.startsWith('!')).map((p) => p.slice(1));
  if (patterns.some((p) => typeof p !== 'string')) fail('files: only plain patterns are checked here; write FileSet entries as patterns');

  const projectFiles = walk(root);
  for (const pattern of include) {
    if (!projectFiles.some((f) => matchesGlob(f, pattern))) fail(`files pattern ${pattern} matches no file`);
  }
  const shipped = projectFiles.filter((f) => include.some((p) => matchesGlob(f, p)) && !exclude.some((p) => matchesGlob(f, p)));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const needed of [pkg.main, 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'package.json']) {
    if (!shipped.includes(needed)) fail(`files does not ship ${needed}`);
  }
  const leaked = shipped.filter((f) => /^(test|electron|shared|renderer|scripts)\//.test(f) || f.endsWith('.ts') || f.endsWith('.map') || f.startsWith('dist/host/'));
  if (leaked.length) fail(`files ships sources, tests or maps: ${leaked.slice(0, 5).join(', ')}${leaked.length > 5 ? '…' : ''}`);

  for (const pattern of [config.asarUnpack ?? []].flat()) {
    const base = staticPrefix(pattern);
    const candidates = walk(join(root, base), new Set()).filter((f) => matchesGlob(f, pattern));
    if (candidates.length === 0) fail(`asarUnpack pattern ${pattern} matches no file`);
  }
}

if (problems.length) {
  console.error(`electron-builder.yml has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('OK: electron-builder.yml is valid and its file patterns match the build.');
