/** `npm start`: the API and the built PWA on PORT, storage from DATA_DIR or DATABASE_URL. */
import { dbConfigFromEnv, openDb } from './db/db.ts';
import { serveApp } from './serve.ts';

const config = dbConfigFromEnv();
await serveApp(await openDb(config), config, Number(process.env.PORT ?? 8787));
