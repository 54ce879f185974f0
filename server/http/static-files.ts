/**
 * The built PWA (dist/), served so that a phone on a slow network loads it once and fast:
 * - compressed as the browser asks (Accept-Encoding: brotli, else gzip), from the copies
 *   `vite build` wrote beside each file, or — for a file with none — compressed once and kept;
 * - `/assets/*` carry a content hash in their names, so they are cached for a year and
 *   never revalidated (`immutable`); everything else — the shell (index.html), the service
 *   worker and workbox, the manifests, the icons — is `no-cache`: revalidated on every use
 *   (an ETag makes that a 304), so a new version is seen at once;
 * - any other page path gets the app shell (client-side routes) — under /owner the owner's
 *   page (owner.html), elsewhere the counter's (index.html) — but a missing file (a name
 *   with an extension, or anything under /assets/) is a 404, never HTML in place of a script;
 * - the shell links the counter's web manifest on the counter's pages and the owner's
 *   (`/owner.webmanifest`, when the build has one) under /owner, so installing /owner on a
 *   phone installs the owner's app and not the landscape counter;
 * - a page may carry preloads of the API reads its first screen makes (`preloadsFor`: the
 *   owner's dashboard data, for a logged-in owner only), so they load beside the scripts;
 *   the owner's pages then vary by Cookie.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { Context, MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import { compress as zlibCompress, type Encoding, ENCODINGS, isCompressible, negotiateEncoding, SUFFIX } from './compression.ts';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';
export const OWNER_MANIFEST = '/owner.webmanifest';
const COUNTER_MANIFEST_LINK = /<link rel="manifest" href="[^"]*"\s*\/?>/;

/** How long a browser may keep a file: hashed assets for good, everything else revalidated. */
export const cacheControlFor = (path: string) => (path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);

const isOwnerPage = (path: string) => path === '/owner' || path.startsWith('/owner/');

/** The shell for a page: under /owner its manifest link names the owner's manifest, or is removed when there is none. */
export function shellFor(html: string, path: string, ownerManifest: boolean): string {
  if (!isOwnerPage(path)) return html;
  return html.replace(COUNTER_MANIFEST_LINK, ownerManifest ? `<link rel="manifest" href="${OWNER_MANIFEST}">` : '');
}

interface Entry {
  version: string;
  etag: string;
  type: string;
  body: Buffer;
  /** Each compressed form, made on first request and kept; null when it would not be smaller. */
  encoded: Map<Encoding, () => Promise<Buffer | null>>;
}

export interface StaticFilesOptions {
  /** Compression of a file that has no precompressed copy (injectable to count calls in tests). */
  compress?: (data: Buffer, encoding: Encoding) => Promise<Buffer>;
  /**
   * Same-origin API addresses a page's first screen will fetch, to be preloaded in its shell;
   * null or empty for none. Asked on every page request (it may read the session cookie).
   */
  preloadsFor?: (c: Context, path: string) => Promise<readonly string[] | null>;
}

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Fetch preloads before </head>, matching what the page's fetch() asks (same origin, cookies sent). */
export function withPreloads(html: string, urls: readonly string[]): string {
  if (!urls.length) return html;
  const links = urls.map((u) => `<link rel="preload" href="${escapeAttribute(u)}" as="fetch" crossorigin="anonymous">`).join('');
  return html.replace('</head>', `${links}</head>`);
}

export function staticFiles(root: string, options: StaticFilesOptions = {}): MiddlewareHandler {
  const compress = options.compress ?? zlibCompress;
  const base = normalize(root + sep);
  const entries = new Map<string, Entry>();

  const statFile = async (file: string) => {
    const s = await stat(file).catch(() => null);
    return s?.isFile() ? s : null;
  };

  /** A file's bytes and compressed forms, read once per version of the file (its size and time). */
  async function load(file: string, variant: string, transform?: (text: string) => Promise<string>): Promise<Entry | null> {
    const s = await statFile(file);
    if (!s) return null;
    const version = `${s.size.toString(36)}-${Math.trunc(s.mtimeMs).toString(36)}${variant}`;
    const key = file + variant;
    const cached = entries.get(key);
    if (cached?.version === version) return cached;
    const raw = await readFile(file);
    const body = transform ? Buffer.from(await transform(raw.toString('utf8'))) : raw;
    const entry: Entry = { version, etag: `"${version}"`, type: getMimeType(file) ?? 'application/octet-stream', body, encoded: new Map() };
    if (isCompressible(file)) {
      for (const encoding of ENCODINGS) {
        let made: Promise<Buffer | null> | undefined;
        entry.encoded.set(encoding, () => (made ??= encodedCopy(file, body, encoding, !transform)));
      }
    }
    entries.set(key, entry);
    return entry;
  }

  async function encodedCopy(file: string, body: Buffer, encoding: Encoding, mayUseDisk: boolean): Promise<Buffer | null> {
    const onDisk = mayUseDisk && (await statFile(file + SUFFIX[encoding])) ? await readFile(file + SUFFIX[encoding]) : null;
    const packed = onDisk ?? (await compress(body, encoding));
    return packed.length < body.length ? packed : null;
  }

  async function send(c: Context, entry: Entry, cacheControl: string, varyByCookie = false): Promise<Response> {
    c.header('Cache-Control', cacheControl);
    c.header('ETag', entry.etag);
    const vary = [...(entry.encoded.size ? ['Accept-Encoding'] : []), ...(varyByCookie ? ['Cookie'] : [])];
    if (vary.length) c.header('Vary', vary.join(', '));
    if (
      c.req
        .header('if-none-match')
        ?.split(',')
        .some((t) => t.trim().replace(/^W\//, '') === entry.etag)
    )
      return c.body(null, 304);
    const encoding = negotiateEncoding(c.req.header('accept-encoding'), [...entry.encoded.keys()]);
    const packed = encoding ? await entry.encoded.get(encoding)!() : null;
    c.header('Content-Type', entry.type);
    if (encoding && packed) c.header('Content-Encoding', encoding);
    const body = packed ?? entry.body;
    c.header('Content-Length', String(body.length));
    if (c.req.method === 'HEAD') return c.body(null, 200);
    return c.body(new Uint8Array(body), 200);
  }

  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const path = decodePath(c.req.path);
    if (path === null) return c.text('not found', 404);
    const file = normalize(join(base, path));
    if (!file.startsWith(base)) return c.text('not found', 404);
    const found = path.endsWith('/') ? null : await load(file, '');
    if (found) return send(c, found, cacheControlFor(path));
    // A file that is not there is a 404; any other path is a page of the app.
    if (path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path)) return c.text('not found', 404);
    const ownerManifest = isOwnerPage(path) && (await statFile(join(base, OWNER_MANIFEST))) !== null;
    const preloads = (await options.preloadsFor?.(c, path)) ?? [];
    const variant = `${isOwnerPage(path) ? (ownerManifest ? '-owner' : '-owner-nomanifest') : ''}${preloads.length ? `-preload-${createHash('sha1').update(preloads.join('\n')).digest('base64url').slice(0, 10)}` : ''}`;
    // The owner's page has its own entry (owner.html); a build without one serves the counter's shell.
    const ownerShell = isOwnerPage(path) && (await statFile(join(base, 'owner.html'))) !== null;
    const shell = await load(join(base, ownerShell ? 'owner.html' : 'index.html'), variant, async (html) =>
      withPreloads(shellFor(html, path, ownerManifest), preloads),
    );
    if (!shell) return next();
    return send(c, shell, REVALIDATE, isOwnerPage(path) && options.preloadsFor !== undefined);
  };
}

/** The request path, decoded; null for anything that could step outside the folder. */
function decodePath(raw: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\') || /(^|\/)\.\.?(\/|$)/.test(path)) return null;
  return path;
}
