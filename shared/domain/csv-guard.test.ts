import { describe, expect, it } from 'vitest';
import { defuseFormula } from './csv-guard.ts';

describe('CSV formula guard', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+7 916', "'+7 916"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    [' =HYPERLINK("x")', '\' =HYPERLINK("x")'],
    ['\u00a0=1', "'\u00a0=1"],
    ['\u3000+1', "'\u3000+1"],
    ['\uff1d1+1', "'\uff1d1+1"],
    ['\uff0b1', "'\uff0b1"],
    ['\uff20A1', "'\uff20A1"],
  ])('defuses %j', (text, out) => expect(defuseFormula(text)).toBe(out));

  it.each(['Анна', 'Анна = Мария', 'a-b', '', '  Пётр'])('leaves %j as it is', (text) => expect(defuseFormula(text)).toBe(text));
});
