/**
 * Asks the browser to keep the tablet's data (navigator.storage.persist) and reports how
 * much is used, so the status panel can warn before IndexedDB runs out.
 */
export interface StorageStatus {
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

export async function requestPersistentStorage(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<StorageStatus> {
  if (!storage) return { persisted: null, usage: null, quota: null };
  const persisted = (await storage.persisted?.()) || ((await storage.persist?.()) ?? false);
  const estimate = await storage.estimate?.();
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}
