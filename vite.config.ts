import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompressDir } from './server/http/compression.ts';

/**
 * Brotli and gzip copies of every text file of the build, written once here so the server
 * never compresses per request (server/http/static-files.ts sends them). Runs last, after
 * the PWA plugin has written the service worker, so sw.js and workbox are compressed too.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        await precompressDir(outDir);
      },
    },
  };
}

/** `npm run dev`: /owner and its routes open the owner's page, as the server does in production. */
function ownerPageInDev(): Plugin {
  return {
    name: 'owner-page-in-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url && /^\/owner(\/[^.]*)?(\?.*)?$/.test(req.url)) req.url = '/owner.html';
        next();
      });
    },
  };
}

export default defineConfig({
  root: 'client',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    // The counter's budget is 200 KB gzipped, watched by `npm run bench -- counter`.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // Two pages: the counter (index.html) and the owner's (owner.html), each loading only its own screens.
      input: { index: resolve(import.meta.dirname, 'client/index.html'), owner: resolve(import.meta.dirname, 'client/owner.html') },
      // TanStack Query marks its modules "use client" for React Server Components, which
      // this single-page app does not use; the notice would bury real warnings.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      // The owner's screens are loaded one by one (client/owner/Screen.tsx); without a floor, the
      // few lines each shares with the counter become chunks of a few bytes, each one more request.
      output: { experimentalMinChunkSize: 20_000 },
    },
  },
  server: { proxy: { '/api': 'http://localhost:8787' } },
  plugins: [
    ownerPageInDev(),
    VitePWA({
      // The barista decides when to switch versions: never reload under them.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.png'],
      manifest: {
        name: 'Кофейня — стойка',
        short_name: 'Стойка',
        description: 'Программа лояльности кофейни: гости по номеру телефона, работает без сети',
        lang: 'ru',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'landscape',
        background_color: '#fffaf4',
        theme_color: '#5b3a29',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        navigateFallback: '/index.html',
        // The owner's pages come from the server, which links the owner's manifest in them
        // (the precached shell links the counter's); they need the network anyway.
        navigateFallbackDenylist: [/^\/api\//, /^\/owner(\/|$)/],
      },
    }),
    precompress(),
  ],
});
