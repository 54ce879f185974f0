/**
 * The sender: a loop in the server process (started by serve.ts, stopped on shutdown) that
 * leases due messages (queue.repo.ts decides consent, quiet hours, cap and channel), renders
 * each text for its guest, hands each channel its batch with the keys, and records what
 * became of every message. A retryable failure goes back to the queue under the same key
 * with a growing delay (or the provider's `retry_after`); after MAX_ATTEMPTS, or a refusal
 * that will not change, it is failed with the provider's words kept for the owner. One
 * message's failure never stops the others.
 *
 * Why a queue table and not a job library: the rows must be written in the caller's own
 * transaction (a push, an import batch, the mailing's decision), which a library with its
 * own connection or schema cannot join on PGlite; the cap needs the queue and the contact
 * log side by side under one lock; and the queue is also the report's record of who was
 * assigned and held out. The libraries that fit PostgreSQL (pg-boss, graphile-worker) rely
 * on LISTEN/NOTIFY or their own migrations and pools, which PGlite in one process does not
 * offer the same way.
 */
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import type { ChannelId } from '../../shared/mailings/channels.ts';
import type { Reward } from '../../shared/mailings/scenarios.ts';
import { parseTemplate, renderTemplate, type Template } from '../../shared/mailings/template.ts';
import { offerTitle } from '../../shared/promotions/personal.ts';
import type { Benefit } from '../../shared/promotions/promotion.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import type { Db } from '../db/db.ts';
import type { Channel, OutMessage, SendOutcome } from './channels/channel.ts';
import type { ChannelSet } from './channels/channel-set.ts';
import { unsubscribeUrl } from './links.ts';
import type { PointsLedger } from './points.ts';
import { type Finished, type FinishLeased, finishLeased, type LeasedMessage, leaseDue, MAX_ATTEMPTS, recoverOrphans, retryDelayMs } from './queue.repo.ts';
import { loadMailingSettings } from './settings.repo.ts';

export interface SenderDeps {
  db: Db;
  cafeId: CafeId;
  now: () => Date;
  channels: ChannelSet;
  ledger: PointsLedger;
  env?: NodeJS.ProcessEnv;
  batchSize?: number;
}

export interface SendRound {
  leased: number;
  sent: number;
  failed: number;
  retried: number;
  skipped: number;
  postponed: number;
}

/** One round: lease a batch, send it, record the outcomes. */
export async function sendDueOnce(deps: SenderDeps): Promise<SendRound> {
  const { db, cafeId } = deps;
  const now = deps.now();
  const cafe = await cafeById(db, cafeId);
  const s = await loadMailingSettings(db, cafeId, deps.env);
  const lease = await leaseDue(db, cafeId, now, deps.batchSize ?? 500, {
    zone: cafe.timeZone,
    cap: s.settings.cap,
    quiet: s.settings.quietHours,
    channelOrder: s.channelOrder,
    configured: s.configured,
  });
  const round: SendRound = { leased: lease.leased.length, sent: 0, failed: 0, retried: 0, skipped: lease.skipped, postponed: lease.postponed };
  if (lease.leased.length === 0) return round;
  const texts = await textsOf(deps, lease.leased);
  const { balances, rewards } = await pointsFor(deps, lease.leased, texts);
  const offers = await offerNames(deps, lease.leased);
  const byChannel = new Map<ChannelId, { lease: LeasedMessage; out: OutMessage }[]>();
  for (const m of lease.leased) {
    const template = texts.get(textKey(m));
    const text = template
      ? renderTemplate(template, {
          name: m.name,
          balance: balances.get(m.guestId) ?? null,
          cafe: cafe.name,
          // The message's own offer, else the catalogue reward the guest's balance is working towards.
          reward:
            m.reward?.kind === 'points' ? m.reward.points : m.reward?.kind === 'promotion' ? offerText(m.reward, offers) : (rewards.get(m.guestId) ?? null),
          date: (m.vars?.date as never) ?? null,
          expiring: (m.vars?.expiring as number | undefined) ?? null,
        })
      : null;
    const out: OutMessage = {
      key: m.key,
      mailing: m.mailingId ?? m.scenarioId ?? '',
      phone: m.phone,
      telegramChatId: m.telegramChatId,
      email: m.email,
      text: text ?? '',
      cafeName: cafe.name,
      // Only e-mail carries the link; signing one per message for the others is wasted work.
      unsubscribeUrl: m.channel === 'email' ? unsubscribeUrl(s.config.publicUrl, s.config.linkKey, cafeId, m.guestId) : '',
    };
    const group = byChannel.get(m.channel) ?? [];
    group.push({ lease: m, out });
    byChannel.set(m.channel, group);
  }
  const done: Finished[] = [];
  await Promise.all(
    [...byChannel].map(async ([id, items]) => {
      const channel = await deps.channels.get(id, s.config).catch(() => null);
      const outcomes: SendOutcome[] = channel
        ? await sendSafely(
            channel,
            items.map((i) => i.out),
            now,
          )
        : items.map(() => ({ ok: false, retryable: true, error: `the ${id} channel is not configured` }));
      items.forEach((item, i) => {
        const o = outcomes[i] ?? { ok: false, retryable: true, error: 'no outcome from the channel' };
        if (item.out.text === '') done.push({ key: item.lease.key, outcome: 'failed', error: 'the text of this message is gone' });
        else if (o.ok) done.push({ key: item.lease.key, outcome: 'sent' });
        else if (o.retryable && item.lease.attempts < MAX_ATTEMPTS) {
          const wait = Math.max(retryDelayMs(item.lease.attempts), o.retryAfterMs ?? 0);
          done.push({ key: item.lease.key, outcome: 'retry', error: o.error, dueAt: new Date(deps.now().getTime() + wait) });
        } else done.push({ key: item.lease.key, outcome: 'failed', error: o.error });
      });
    }),
  );
  const finishedAt = deps.now();
  await finishAndCredit(deps)(done, finishedAt);
  for (const d of done) round[d.outcome === 'sent' ? 'sent' : d.outcome === 'failed' ? 'failed' : 'retried'] += 1;
  return round;
}

/**
 * Records the outcomes; with bonus points, in one transaction with crediting the point rewards
 * of the messages that became sent (the ledger derives each entry's id from the key, and a
 * row is reported sent only once, so a reward is never credited twice).
 */
function finishAndCredit(deps: SenderDeps): FinishLeased {
  const { db, cafeId, ledger } = deps;
  if (!ledger.available) return async (done, now) => void (await finishLeased(db, cafeId, done, now));
  return (done, now) =>
    db.transaction(async (tx) => {
      const sent = await finishLeased(tx, cafeId, done, now);
      if (sent.length) await ledger.creditRewards(tx, cafeId, sent, now);
    });
}

async function sendSafely(channel: Channel, batch: OutMessage[], now: Date): Promise<SendOutcome[]> {
  try {
    return await channel.send(batch, now);
  } catch (e) {
    return batch.map(() => ({ ok: false, retryable: true, error: (e as Error).message }));
  }
}

const textKey = (m: Pick<LeasedMessage, 'mailingId' | 'scenarioId'>) => (m.mailingId ? `m:${m.mailingId}` : `s:${m.scenarioId}`);

/** Each mailing's or scenario's text, parsed (already checked when it was saved). */
async function textsOf(deps: SenderDeps, leased: readonly LeasedMessage[]): Promise<Map<string, Template>> {
  const mailingIds = [...new Set(leased.flatMap((m) => (m.mailingId ? [m.mailingId] : [])))];
  const scenarioIds = [...new Set(leased.flatMap((m) => (m.scenarioId ? [m.scenarioId] : [])))];
  const rows = await deps.db.query<{ k: string; text: string }>(
    `SELECT 'm:' || id AS k, text FROM mailings WHERE cafe_id = $1 AND id = ANY($2::uuid[])
     UNION ALL SELECT 's:' || id, text FROM scenarios WHERE cafe_id = $1 AND id = ANY($3::text[])`,
    [deps.cafeId, mailingIds, scenarioIds],
  );
  const out = new Map<string, Template>();
  for (const r of rows) {
    const parsed = parseTemplate(r.text);
    if (parsed.ok) out.set(r.k, parsed.template);
  }
  return out;
}

/** The names of the personal promotions the batch's messages offer. */
async function offerNames(deps: SenderDeps, leased: readonly LeasedMessage[]): Promise<Map<string, { name: string; benefit: Benefit }>> {
  const ids = [...new Set(leased.flatMap((m) => (m.reward?.kind === 'promotion' ? [m.reward.promotionId] : [])))];
  if (ids.length === 0) return new Map();
  const rows = await deps.db.query<{ id: string; name: string; definition: { benefit: Benefit } }>(
    'SELECT id, name, definition FROM promotions WHERE cafe_id = $1 AND id = ANY($2::uuid[])',
    [deps.cafeId, ids],
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, benefit: r.definition.benefit }]));
}

/** `{reward}` of a message offering a personal promotion: its name and the benefit sized for the guest. */
function offerText(reward: Extract<Reward, { kind: 'promotion' }>, offers: Map<string, { name: string; benefit: Benefit }>): string | null {
  const p = offers.get(reward.promotionId);
  return p ? offerTitle(p.name, reward.benefit ?? p.benefit) : null;
}

/** Balances for the texts that show them, and catalogue rewards for `{reward}` where the message has no offer of its own. */
async function pointsFor(
  deps: SenderDeps,
  leased: readonly LeasedMessage[],
  texts: Map<string, Template>,
): Promise<{ balances: Map<GuestId, number>; rewards: Map<GuestId, string> }> {
  const none = { balances: new Map<GuestId, number>(), rewards: new Map<GuestId, string>() };
  if (!deps.ledger.available) return none;
  const uses = (m: LeasedMessage, p: 'balance' | 'reward') => texts.get(textKey(m))?.placeholders.has(p) ?? false;
  const forReward = leased.filter((m) => uses(m, 'reward') && !m.reward).map((m) => m.guestId);
  const need = [...new Set([...leased.filter((m) => uses(m, 'balance')).map((m) => m.guestId), ...forReward])];
  if (need.length === 0) return none;
  const balances = await deps.ledger.balancesOf(deps.db, deps.cafeId, need);
  const rewards = forReward.length
    ? await deps.ledger.rewardsFor(deps.db, deps.cafeId, new Map(forReward.map((g) => [g, balances.get(g) ?? 0])))
    : new Map<GuestId, string>();
  return { balances, rewards };
}

export interface Sender {
  /** Look for due messages now (a mailing was just queued). */
  wake(): void;
  /** Finishes the round in progress and stops. */
  stop(): Promise<void>;
}

/**
 * Starts the loop: first recovers what a previous process left "sending" (on PGlite every
 * such row is an orphan, since no other process can hold this database), then sends rounds
 * back to back while there is work and waits `idleMs` (or a wake) when there is none.
 */
export function startSender(deps: SenderDeps, idleMs = 2_000, onError: (e: unknown) => void = (e) => console.error('sender:', (e as Error).message)): Sender {
  let running = true;
  let wakeUp: (() => void) | null = null;
  let lastRecovery = 0;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        wakeUp = null;
        resolve();
      }, ms);
      wakeUp = () => {
        clearTimeout(t);
        wakeUp = null;
        resolve();
      };
    });
  const recover = async (all: boolean) => {
    const s = await loadMailingSettings(deps.db, deps.cafeId, deps.env);
    await recoverOrphans(deps.db, deps.cafeId, deps.now(), all, (id) => deps.channels.get(id, s.config), finishAndCredit(deps));
    lastRecovery = Date.now();
  };
  const loop = (async () => {
    try {
      await recover(deps.db.kind === 'pglite');
    } catch (e) {
      onError(e);
    }
    while (running) {
      try {
        const round = await sendDueOnce(deps);
        if (round.leased + round.skipped > 0 && round.postponed === 0) continue;
        if (Date.now() - lastRecovery > 60_000) await recover(false);
      } catch (e) {
        onError(e);
      }
      if (running) await sleep(idleMs);
    }
  })();
  return {
    wake: () => wakeUp?.(),
    stop: async () => {
      running = false;
      wakeUp?.();
      await loop;
      await deps.channels.close();
    },
  };
}
