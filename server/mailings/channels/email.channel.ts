/**
 * The `email` channel: SMTP at SMTP_URL through nodemailer, with a one-click
 * `List-Unsubscribe` (RFC 8058: the mail client POSTs to the link, which withdraws the
 * guest's marketing consent at once) and the same link in the text. The message id is made
 * from the key, so a receiving system can tell a copy; SMTP itself takes no idempotency
 * key, so after a crash an unknown fate is not sent again. A 4xx SMTP reply or a dropped
 * connection is retried; a 5xx reply (no such mailbox) fails at once.
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { type Channel, mapLimited, type OutMessage, providerWords, type SendOutcome } from './channel.ts';

export function emailChannel(smtpUrl: string, from: string): Channel {
  const options: SMTPTransport.Options = { url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
  const transport = nodemailer.createTransport(options);
  const send = async (m: OutMessage): Promise<SendOutcome> => {
    if (!m.email) return { ok: false, retryable: false, error: 'no e-mail address for this guest' };
    try {
      await transport.sendMail({
        from,
        to: m.email,
        subject: m.cafeName,
        text: `${m.text}\n\n—\nОтписаться от рассылки: ${m.unsubscribeUrl}`,
        messageId: `<${createHash('sha256').update(m.key).digest('hex').slice(0, 32)}@cafe-loyalty>`,
        headers: { 'List-Unsubscribe': `<${m.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      return { ok: true };
    } catch (e) {
      const err = e as Error & { responseCode?: number; response?: string };
      const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500;
      return { ok: false, retryable: !permanent, error: providerWords(err.response ?? err.message) };
    }
  };
  return {
    id: 'email',
    idempotent: false,
    send: (batch) => mapLimited(batch, 4, send),
    close: async () => transport.close(),
  };
}
