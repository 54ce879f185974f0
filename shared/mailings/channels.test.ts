import { describe, expect, it } from 'vitest';
import { CHANNEL_IDS, checkChannelOrder, chooseChannel, type GuestContacts, isReachable } from './channels.ts';

const nothing: GuestContacts = { phone: null, telegramChatId: null, email: null };
const phoneOnly: GuestContacts = { ...nothing, phone: '+79123456789' };
const everything: GuestContacts = { phone: '+79123456789', telegramChatId: '123456789', email: 'anna@example.ru' };

describe('reaching a guest', () => {
  it('needs a phone for SMS, a bound chat for Telegram, an address for e-mail, nothing for the log', () => {
    expect(CHANNEL_IDS.map((c) => isReachable(c, nothing))).toEqual([true, false, false, false]);
    expect(CHANNEL_IDS.map((c) => isReachable(c, everything))).toEqual([true, true, true, true]);
  });

  it('does not take a malformed phone or address, or a blank chat, as reachable', () => {
    expect(isReachable('sms', { ...nothing, phone: '89123456789' })).toBe(false);
    expect(isReachable('sms', { ...nothing, phone: '' })).toBe(false);
    expect(isReachable('email', { ...nothing, email: 'anna@' })).toBe(false);
    expect(isReachable('email', { ...nothing, email: 'anna example.ru' })).toBe(false);
    expect(isReachable('email', { ...nothing, email: ' anna@example.ru ' })).toBe(true);
    expect(isReachable('telegram', { ...nothing, telegramChatId: '  ' })).toBe(false);
  });

  it('takes the first reachable channel in the owner’s order', () => {
    expect(chooseChannel(['telegram', 'sms', 'email'], everything)).toBe('telegram');
    expect(chooseChannel(['telegram', 'sms', 'email'], phoneOnly)).toBe('sms');
    expect(chooseChannel(['email', 'telegram', 'sms'], phoneOnly)).toBe('sms');
    expect(chooseChannel(['email', 'telegram'], phoneOnly)).toBeNull();
    expect(chooseChannel(['email', 'log'], phoneOnly)).toBe('log');
    expect(chooseChannel([], everything)).toBeNull();
  });
});

describe('the owner’s order', () => {
  it('accepts known, configured channels once each; log needs no configuration', () => {
    expect(checkChannelOrder(['log'], [])).toBeNull();
    expect(checkChannelOrder(['telegram', 'sms'], ['sms', 'telegram'])).toBeNull();
  });

  it('refuses an empty order, an unknown channel, a repeat and an unconfigured channel', () => {
    expect(checkChannelOrder([], ['sms'])).toBe('channels-empty');
    expect(checkChannelOrder(['sms', 'whatsapp'], ['sms'])).toBe('channel-unknown');
    expect(checkChannelOrder(['sms', 'sms'], ['sms'])).toBe('channel-duplicate');
    expect(checkChannelOrder(['email'], ['sms'])).toBe('channel-not-configured');
  });
});
