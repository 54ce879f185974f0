import { useEffect, useState } from 'react';

type Health = { status: 'checking' } | { status: 'ok'; storage: string } | { status: 'offline' };

/** A placeholder until the counter screens exist: shows that the app and the API answer. */
export function App() {
  const [health, setHealth] = useState<Health>({ status: 'checking' });
  useEffect(() => {
    fetch('/api/health')
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((h: { storage: string }) => setHealth({ status: 'ok', storage: h.storage }))
      .catch(() => setHealth({ status: 'offline' }));
  }, []);
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>Программа лояльности кофейни</h1>
      <p>Стойка баристы появится здесь.</p>
      <p role="status">
        {health.status === 'checking' && 'Проверяем связь с сервером…'}
        {health.status === 'ok' && `Сервер на связи (хранилище: ${health.storage}).`}
        {health.status === 'offline' && 'Нет связи с сервером.'}
      </p>
    </main>
  );
}
