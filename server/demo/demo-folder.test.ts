import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_MARKER, NotADemoFolderError, demoDataDir, prepareDemoFolder } from './demo-folder.ts';

describe('the demo folder', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'demo-folder-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is DEMO_DATA_DIR or ./data-demo, never DATA_DIR', () => {
    expect(demoDataDir({ DATA_DIR: './data' })).toBe('./data-demo');
    expect(demoDataDir({ DATA_DIR: './data', DEMO_DATA_DIR: '/tmp/d' })).toBe('/tmp/d');
    expect(demoDataDir({ DEMO_DATA_DIR: '' })).toBe('./data-demo');
  });

  it('creates a missing folder and marks it', () => {
    const dir = join(root, 'a', 'demo');
    prepareDemoFolder(dir);
    expect(readdirSync(dir)).toEqual([DEMO_MARKER]);
  });

  it('takes an existing empty folder', () => {
    const dir = join(root, 'empty');
    mkdirSync(dir);
    prepareDemoFolder(dir);
    expect(readdirSync(dir)).toEqual([DEMO_MARKER]);
  });

  it('empties a folder it made before', () => {
    const dir = join(root, 'demo');
    prepareDemoFolder(dir);
    mkdirSync(join(dir, 'pglite'));
    writeFileSync(join(dir, 'pglite', 'PG_VERSION'), '17');
    writeFileSync(join(dir, 'server.json'), '{}');
    prepareDemoFolder(dir);
    expect(readdirSync(dir)).toEqual([DEMO_MARKER]);
  });

  it('refuses a folder with data and no marker, and deletes nothing in it', () => {
    const dir = join(root, 'data');
    mkdirSync(join(dir, 'pglite'), { recursive: true });
    writeFileSync(join(dir, 'pglite', 'PG_VERSION'), '17');
    expect(() => prepareDemoFolder(dir)).toThrow(NotADemoFolderError);
    expect(existsSync(join(dir, 'pglite', 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(dir, DEMO_MARKER))).toBe(false);
  });

  it('refuses even a single stray file without the marker', () => {
    const dir = join(root, 'home');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(() => prepareDemoFolder(dir)).toThrow(/refusing to delete/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });
});
