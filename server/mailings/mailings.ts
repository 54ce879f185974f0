/**
 * A mailing from the owner (or the CLI): checked, its audience counted, and queued in one
 * transaction — the mailing's row, one queue row per guest who is to get it (by the
 * mailing's key for that guest) and one per held-out guest, so the decision and the queue
 * commit together or not at all.
 *
 * The holdout is drawn from the eligible guests with the mailing's id as the seed
 * (shared/mailings/audience.ts), so it is exact and the same however often it is planned.
 * A mailing sent now meets the cap now: a guest the cap already blocks is recorded as
 * skipped ('over-cap') at once and counted as such. A mailing sent later is queued whole,
 * and the cap, consent and quiet hours are judged when it falls due.
 *
 * An attached personal promotion is granted in the same transaction to every guest whose
 * message is queued — not the held-out, who are the comparison group, nor those skipped at
 * once — so the counter offers it exactly to the guests who were told about it.
 */
import type { MailingDraft } from '../../shared/api/mailings.ts';
import { DomainError } from '../../shared/domain/domain-error.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { type AudienceCounts, type AudiencePlan, planAudience } from '../../shared/mailings/audience.ts';
import { type ChannelId, chooseChannel, isReachable } from '../../shared/mailings/channels.ts';
import { checkHoldoutPercent } from '../../shared/mailings/holdout.ts';
import { messageKey } from '../../shared/mailings/keys.ts';
import { MAILING_PLACEHOLDERS, parseTemplate, type Placeholder, renderTemplate, smsParts, type Template } from '../../shared/mailings/template.ts';
import type { Reward } from '../../shared/mailings/scenarios.ts';
import { offerTitle } from '../../shared/promotions/personal.ts';
import { segmentIds } from '../../shared/segments/rules.ts';
import { type Cafe, cafeById } from '../cafe/cafes.repo.ts';
import type { Db, Sql } from '../db/db.ts';
import { newId } from '../new-id.ts';
import { attachablePromotion, grantToMailing } from '../promotions/grants.repo.ts';
import type { StoredPromotion } from '../promotions/promotions.repo.ts';
import { AUDIENCE_TABLE, type AudienceRow, segmentAudience } from './audience.repo.ts';
import type { PointsLedger } from './points.ts';
import { loadMailingSettings, type ResolvedSettings } from './settings.repo.ts';

export interface MailingDeps {
  db: Db;
  ledger: PointsLedger;
  env?: NodeJS.ProcessEnv | undefined;
}

/** A `send at` this far in the past still counts as now (a form filled a moment ago). */
const PAST_TOLERANCE_MS = 60_000;

/**
 * Checks a text for a kind of message, refusing with the API's codes: 'points-unavailable'
 * for `{balance}`/`{reward}` while bonus points do not exist, 'template-invalid' otherwise.
 */
export function checkText(text: string, allowed: readonly Placeholder[], ledger: PointsLedger, field = 'text', withOffer = false): Template {
  // A message with its own offer (a personal promotion) can name it without bonus points.
  const usable = ledger.available ? allowed : allowed.filter((p) => p !== 'balance' && (p !== 'reward' || withOffer));
  const parsed = parseTemplate(text, usable);
  if (parsed.ok) return parsed.template;
  const p = parsed.problem;
  if (p.code === 'template-placeholder-unavailable' && !ledger.available && (p.placeholder === 'balance' || p.placeholder === 'reward')) {
    throw new DomainError('points-unavailable', `{${p.placeholder}} needs bonus points, which are not available yet`, field);
  }
  const words: Record<typeof p.code, string> = {
    'template-empty': 'the text is empty',
    'template-too-long': 'the text is too long',
    'template-unknown-placeholder': `unknown placeholder {${'placeholder' in p ? p.placeholder : ''}}`,
    'template-placeholder-unavailable': `{${'placeholder' in p ? p.placeholder : ''}} cannot be used in this message`,
    'template-unclosed-brace': 'a { is not closed',
  };
  throw new DomainError('template-invalid', `${p.code}: ${words[p.code]}`, field);
}

interface Checked {
  cafe: Cafe;
  settings: ResolvedSettings;
  template: Template;
  sendAt: Date;
  /** The personal promotion attached, granted to every guest the message is queued for. */
  offer: StoredPromotion | null;
}

async function check(sql: Sql, deps: MailingDeps, cafeId: CafeId, draft: MailingDraft & { sendAt?: string | undefined }, now: Date): Promise<Checked> {
  const cafe = await cafeById(sql, cafeId);
  if (draft.segments.length === 0) throw new DomainError('invalid', 'segments: choose at least one segment', 'segments');
  const known = segmentIds(cafe.rules);
  const unknown = draft.segments.find((s) => !known.includes(s));
  if (unknown !== undefined) throw new DomainError('unknown-segment', `segments: the café's rules have no segment "${unknown}"`, 'segments');
  const offer = draft.promotionId === undefined ? null : await attachablePromotion(sql, cafeId, draft.promotionId, 'promotionId');
  const template = checkText(draft.text, MAILING_PLACEHOLDERS, deps.ledger, 'text', offer !== null);
  if (checkHoldoutPercent(draft.holdoutPercent)) {
    throw new DomainError('invalid', 'holdoutPercent: a share from 0 to 50 %, at most two decimals', 'holdoutPercent');
  }
  if (draft.minBalance !== undefined && !deps.ledger.available) {
    throw new DomainError('points-unavailable', 'minBalance: the balance filter needs bonus points, which are not available yet', 'minBalance');
  }
  if (draft.tiers !== undefined) {
    if (!deps.ledger.available) throw new DomainError('points-unavailable', 'tiers: the tier filter needs bonus points, which are not available', 'tiers');
    const { known } = await deps.ledger.tiersOf(sql, cafeId, []);
    const unknownTier = draft.tiers.find((t) => !known.includes(t));
    if (unknownTier !== undefined) {
      throw new DomainError('invalid', known.length ? `tiers: the programme has no tier "${unknownTier}"` : 'tiers: the programme has no tiers', 'tiers');
    }
  }
  const settings = await loadMailingSettings(sql, cafeId, deps.env);
  if (draft.channel && !settings.configured.includes(draft.channel)) {
    throw new DomainError('channel-not-configured', `channel: ${draft.channel} is not configured on this server`, 'channel');
  }
  const sendAt = draft.sendAt ? new Date(draft.sendAt) : now;
  if (sendAt.getTime() < now.getTime() - PAST_TOLERANCE_MS) throw new DomainError('send-at-past', 'sendAt: the time to send is in the past', 'sendAt');
  return { cafe, settings, template, sendAt: sendAt < now ? now : sendAt, offer };
}

interface Planned {
  /** Every guest of the segments with consent (the audience table's rows that may be queued). */
  consented: AudienceRow[];
  plan: AudiencePlan;
}

/**
 * The audience and its plan. Guests without consent are counted in SQL and never listed; the
 * filters (balance above N, tiers) leave out guests with consent who do not meet them, while
 * the count without consent is the segments' own.
 */
async function planned(tx: Sql, deps: MailingDeps, c: Checked, draft: MailingDraft, now: Date, seed: string): Promise<Planned> {
  const audience = await segmentAudience(tx, c.cafe, now, draft.segments, c.settings.settings.cap);
  let rows = audience.consented;
  if (draft.minBalance !== undefined) {
    const balances = await deps.ledger.balancesOf(
      tx,
      c.cafe.id,
      rows.map((r) => r.guestId),
    );
    rows = rows.filter((r) => (balances.get(r.guestId) ?? 0) > draft.minBalance!);
  }
  if (draft.tiers !== undefined) {
    const { tierOf } = await deps.ledger.tiersOf(
      tx,
      c.cafe.id,
      rows.map((r) => r.guestId),
    );
    rows = rows.filter((r) => draft.tiers!.includes(tierOf.get(r.guestId) ?? ''));
  }
  const order = c.settings.channelOrder;
  const channelOf = (r: AudienceRow): ChannelId | null => {
    // Every guest's phone is a mobile number in E.164 (the guests table holds no other).
    const contacts = { phone: '+79000000000', telegramChatId: r.telegramChatId, email: r.email };
    if (draft.channel) return isReachable(draft.channel, contacts) ? draft.channel : null;
    return chooseChannel(order, contacts);
  };
  const max = c.settings.settings.cap.maxMessages;
  const plan = planAudience(
    rows.map((r) => ({ guestId: r.guestId, consent: true, channel: channelOf(r), overCap: r.inWindow >= max })),
    { percent: draft.holdoutPercent, seed },
  );
  plan.counts.inSegments += audience.withoutConsent;
  plan.counts.noConsent += audience.withoutConsent;
  return { consented: audience.consented, plan };
}

export interface PreviewResult {
  counts: AudienceCounts;
  previews: { channel: ChannelId; text: string; smsParts: number | null }[];
}

/** The counts the owner sees before sending, and the text per channel as a guest of the audience would read it. */
export async function previewMailing(deps: MailingDeps, cafeId: CafeId, draft: MailingDraft, now: Date): Promise<PreviewResult> {
  return deps.db.transaction(async (tx) => {
    const c = await check(tx, deps, cafeId, draft, now);
    const { plan } = await planned(tx, deps, c, draft, now, 'preview');
    // A guest of the audience with a name, to show the text as one of them would read it.
    const [sample] = plan.counts.inSegments
      ? await tx.query<{ id: string; name: string | null }>(
          `SELECT g.id, g.name FROM ${AUDIENCE_TABLE} a JOIN guests g ON g.id = a.guest_id ORDER BY (g.name IS NULL), g.id LIMIT 1`,
        )
      : [];
    const sampleId = sample?.id as GuestId | undefined;
    const balance = sampleId && deps.ledger.available ? ((await deps.ledger.balancesOf(tx, cafeId, [sampleId])).get(sampleId) ?? 0) : null;
    const reward = c.offer
      ? offerTitle(c.offer.name, c.offer.benefit)
      : sampleId && balance !== null
        ? ((await deps.ledger.rewardsFor(tx, cafeId, new Map([[sampleId, balance]]))).get(sampleId) ?? null)
        : null;
    const channels = draft.channel ? [draft.channel] : c.settings.channelOrder;
    const text = renderTemplate(c.template, { name: sample?.name ?? null, balance, reward, cafe: c.cafe.name });
    return {
      counts: plan.counts,
      previews: channels.map((channel) => ({ channel, text, smsParts: channel === 'sms' ? smsParts(text).parts : null })),
    };
  });
}

export interface QueuedMailing {
  id: string;
  counts: AudienceCounts;
  /** Of the queued, those the cap skipped at once (a mailing sent now). */
  skippedByCap: number;
}

/** Creates the mailing and its queue in one transaction (see the file's header). */
export async function queueMailing(
  deps: MailingDeps,
  cafeId: CafeId,
  draft: MailingDraft & { sendAt?: string | undefined },
  now: Date,
  id: string = newId(),
): Promise<QueuedMailing> {
  return deps.db.transaction(async (tx) => {
    const c = await check(tx, deps, cafeId, draft, now);
    const { consented, plan } = await planned(tx, deps, c, draft, now, id);
    const sendNow = c.sendAt.getTime() <= now.getTime();
    // The queue is inserted from the audience table; only the exceptions travel: who is held
    // out, who the cap skips now, and who is in the table but not to be queued at all.
    const heldOut: GuestId[] = [];
    const capped: GuestId[] = [];
    // In the table with consent, yet not to be queued: unreachable, or left out by a filter.
    const left = new Set<string>(consented.map((r) => r.guestId));
    for (const d of plan.decisions) {
      if (d.decision === 'held-out') heldOut.push(d.guestId);
      else if (d.decision === 'queue' && sendNow && d.overCapNow) capped.push(d.guestId);
      if (d.decision === 'held-out' || d.decision === 'queue') left.delete(d.guestId);
    }
    await tx.query(
      `INSERT INTO mailings (cafe_id, id, text, segments, filters, channel, holdout_percent, send_at, created_at, plan, promotion_id)
       VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9, $10, $11)`,
      [
        cafeId,
        id,
        draft.text,
        draft.segments,
        JSON.stringify({
          ...(draft.minBalance === undefined ? {} : { minBalance: draft.minBalance }),
          ...(draft.tiers === undefined ? {} : { tiers: draft.tiers }),
        }),
        draft.channel ?? null,
        draft.holdoutPercent,
        c.sendAt.toISOString(),
        now.toISOString(),
        JSON.stringify({ ...plan.counts, queued: plan.counts.queued - capped.length, skippedByCap: capped.length }),
        c.offer?.id ?? null,
      ],
    );
    await tx.query(
      `INSERT INTO message_queue (cafe_id, key, guest_id, mailing_id, channel, status, reason, due_at, created_at, done_at, reward)
       SELECT $1, $2 || a.guest_id::text, a.guest_id, $3::uuid, $4,
              CASE WHEN h.id IS NOT NULL THEN 'held-out' WHEN k.id IS NOT NULL THEN 'skipped' ELSE 'queued' END,
              CASE WHEN h.id IS NULL AND k.id IS NOT NULL THEN 'over-cap' END,
              $5, $6, CASE WHEN h.id IS NOT NULL OR k.id IS NOT NULL THEN $6::timestamptz END, $10::jsonb
       FROM ${AUDIENCE_TABLE} a
       LEFT JOIN unnest($7::uuid[]) AS h (id) ON h.id = a.guest_id
       LEFT JOIN unnest($8::uuid[]) AS k (id) ON k.id = a.guest_id
       LEFT JOIN unnest($9::uuid[]) AS x (id) ON x.id = a.guest_id
       WHERE a.consent AND x.id IS NULL
       ON CONFLICT (cafe_id, key) DO NOTHING`,
      [
        cafeId,
        // Every key is messageKey(mailing, guest): the part before the guest, completed in SQL.
        messageKey({ kind: 'mailing', mailingId: id }, 'g' as GuestId).slice(0, -1),
        id,
        draft.channel ?? null,
        c.sendAt.toISOString(),
        now.toISOString(),
        heldOut,
        capped,
        [...left],
        c.offer ? JSON.stringify({ kind: 'promotion', promotionId: c.offer.id, benefit: null } satisfies Reward) : null,
      ],
    );
    // The offer goes with the message: granted to the guests queued, never to the held-out.
    if (c.offer) await grantToMailing(tx, cafeId, c.offer.id, id, now);
    const skippedByCap = capped.length;
    return { id, counts: { ...plan.counts, queued: plan.counts.queued - skippedByCap }, skippedByCap };
  });
}
