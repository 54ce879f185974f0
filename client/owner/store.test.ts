import { describe, expect, it } from 'vitest';
import { ownerMessages } from '../i18n/owner-messages.ts';
import { ApiFailure } from './api.ts';
import { pathOf, routeFromPath, tabOf, type OwnerRoute } from './store.ts';
import { fieldProblem } from './use-owner-t.ts';

describe("the owner's screens in the address bar", () => {
  it.each<[OwnerRoute, string]>([
    [{ name: 'segments' }, '/owner'],
    [{ name: 'segment', id: 'leaving' }, '/owner/segments/leaving'],
    [{ name: 'guest', id: '0190a3b2-0000-7000-8000-000000000001' }, '/owner/guests/0190a3b2-0000-7000-8000-000000000001'],
    [{ name: 'moved', days: 30, from: null, to: 'newcomer' }, '/owner/movements/30/new/newcomer'],
    [{ name: 'moved', days: 7, from: 'at risk', to: 'lost' }, '/owner/movements/7/at%20risk/lost'],
    [{ name: 'reset' }, '/owner/reset'],
  ])('%j ⇄ %s', (route, path) => {
    expect(pathOf(route)).toBe(path);
    expect(routeFromPath(path)).toEqual(route);
  });

  it('falls back to the segments for an unknown path, and lights the bar item a screen belongs to', () => {
    expect(routeFromPath('/owner/nothing/here')).toEqual({ name: 'segments' });
    expect(routeFromPath('/owner/movements/x/a/b')).toEqual({ name: 'movements' });
    expect(tabOf({ name: 'guest', id: 'x' })).toBe('segments');
    expect(tabOf({ name: 'moved', days: 7, from: null, to: 'a' })).toBe('movements');
    expect(tabOf({ name: 'setup' })).toBeNull();
  });
});

describe('a refused form field in the screen’s own words', () => {
  const { ru, en } = ownerMessages;
  it('never shows the server’s English text or its field name', () => {
    const short = new ApiFailure(400, 'invalid', 'next: a password needs at least 8 characters', 'next');
    expect(fieldProblem(ru, short)).toEqual({ field: 'next', text: 'Пароль — не короче 8 символов' });
    expect(fieldProblem(en, short)).toEqual({ field: 'next', text: 'A password needs at least 8 characters' });
    // A nested field speaks for its root; an unknown one gets the general words; words given win.
    expect(fieldProblem(ru, new ApiFailure(400, 'invalid', 'rules.segments.0.when.1.value: too big', 'rules.segments.0.when.1.value'))).toEqual({
      field: 'rules',
      text: 'Проверьте пороги сегментов',
    });
    expect(fieldProblem(ru, new ApiFailure(400, 'invalid', 'x: bad', 'mystery')).text).toBe('Проверьте введённые данные');
    expect(fieldProblem(ru, new ApiFailure(400, 'invalid', 'name: bad', 'name'), { name: 'Своё' }).text).toBe('Своё');
  });

  it('says other refusals by their code', () => {
    expect(fieldProblem(ru, new ApiFailure(400, 'wrong-password', 'the current password is wrong', 'current'))).toEqual({
      field: 'current',
      text: 'Текущий пароль неверен',
    });
    expect(fieldProblem(ru, new Error('boom')).text).toBe('Что-то пошло не так');
  });
});
