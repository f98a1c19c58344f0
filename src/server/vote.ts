import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { StudyStore, VoteOutcome, VoteTask } from '../store/studies.js';
import { html, page, raw, type Raw } from '../web/html.js';
import { externalMediaLink, renderMarkdown } from '../web/markdown.js';
import { openTicket, sealTicket, TICKET_TTL_MS } from './ticket.js';
import { tokenHash } from './token.js';

export { tokenHash };

const MEDIA = /^(https:\/\/[^\s"'<>]+\.(png|jpe?g|gif|webp|svg|mp3|wav|ogg|mp4|webm))$/i;

/** Options of {@link registerVoting}. */
export interface VotingOptions {
  /** Key of the vote tickets (default: the store's own secret "vote", kept across restarts and processes). */
  secret?: string;
  /** How long a vote form stays valid, ms (default 12 h). */
  ticketTtlMs?: number;
  /** Hosts whose https media the voting page may load (default none: media URLs become opt-in links). */
  mediaHosts?: string[];
}

/**
 * A response shown to a voter: an image, audio or video URL as media, anything else as sanitised markdown. Media
 * load only from allow-listed hosts: any other URL (in the text or as the whole answer) is a link the annotator may
 * open, so a model output cannot make every annotator's browser call a third-party host.
 */
function response(text: string, allowed: (url: string) => boolean): Raw {
  const m = MEDIA.exec(text.trim());
  if (!m) return raw(renderMarkdown(text, { remoteMedia: allowed }));
  const ext = m[2].toLowerCase();
  const kind = ['mp3', 'wav', 'ogg'].includes(ext) ? 'audio' : ['mp4', 'webm'].includes(ext) ? 'video' : 'image';
  if (!allowed(m[1])) return raw(externalMediaLink(m[1], kind));
  if (kind === 'audio') return html`<audio controls src="${m[1]}"></audio>`;
  if (kind === 'video') return html`<video controls src="${m[1]}" style="max-width:100%"></video>`;
  return html`<img alt="response" src="${m[1]}" referrerpolicy="no-referrer" style="max-width:100%">`;
}

const SHORTCUTS = `document.addEventListener('keydown',e=>{if(e.target&&(e.target.tagName==='TEXTAREA'||e.target.tagName==='INPUT'))return;const b={'1':'left','2':'right','3':'tie','4':'both_bad'}[e.key];if(b){const el=document.querySelector('button[value="'+b+'"]');if(el)el.click();}});`;

/** Style of the voting page: the vote buttons stay in view (sticky bar) however long the responses are. */
const VOTE_STYLE = `.votebar{position:sticky;top:0;z-index:2;background:#fafbfc;border-bottom:1px solid #e3e6ea;padding:6px 0;margin-bottom:8px}
.side>div{max-height:70vh}`;

function votePage(
  study: string,
  token: string,
  t: VoteTask,
  ticket: string,
  nonce: string,
  allowed: (url: string) => boolean,
): string {
  return page(
    `Study ${study}`,
    html`<style>${raw(VOTE_STYLE)}</style>
<form class="vote votebar" method="post" action="/vote/${encodeURIComponent(study)}">
<span class="muted">Task ${t.done + 1} of ${t.total}. Which response is better? Keys: 1 = A, 2 = B, 3 = tie, 4 = both bad.</span><br>
<input type="hidden" name="token" value="${token}"><input type="hidden" name="ticket" value="${ticket}">
<button name="choice" value="left">A is better (1)</button><button name="choice" value="right">B is better (2)</button>
<button name="choice" value="tie">Tie (3)</button><button name="choice" value="both_bad">Both bad (4)</button>
<input name="reason" size="60" maxlength="2000" placeholder="reason (optional)"></form>
<div class="card">${raw(renderMarkdown(t.instruction, { remoteMedia: allowed }))}</div>
<div class="side" style="margin-top:12px"><div><h3>A</h3>${response(t.left, allowed)}</div><div><h3>B</h3>${response(t.right, allowed)}</div></div>`,
    [],
    { nonce, code: SHORTCUTS },
  );
}

const REFUSALS: Record<Exclude<VoteOutcome, 'recorded'>, [409 | 410, string]> = {
  already_voted: [409, 'you already voted on this task'],
  task_full: [409, 'this task already has the votes it needs (the form was stale); reload for your next task'],
  closed: [410, 'this study is closed, or your link was revoked'],
};

/**
 * The blind voting arena: `GET /vote/:study?token=…` shows the annotator's next task (no system names, sides
 * randomised and recorded), `POST /vote/:study` records the vote. The form carries one sealed ticket (study,
 * annotator, task, sides, expiry; see ticket.ts): nothing in the page tells which side is which, and a vote cannot
 * be forged for another task, side or annotator, nor replayed after it expires. One vote per annotator and task, no
 * more than the study wants per task, none in a closed study or from a revoked link (rate limits are the app's).
 */
export function registerVoting(app: Hono, store: StudyStore, options: VotingOptions = {}): void {
  let key: Promise<string> | undefined;
  const secret = (): Promise<string> =>
    (key ??= options.secret !== undefined ? Promise.resolve(options.secret) : store.secret('vote'));
  const ttl = options.ticketTtlMs ?? TICKET_TTL_MS;
  const hosts = new Set((options.mediaHosts ?? []).map((h) => h.toLowerCase()));
  const allowed = (url: string): boolean => URL.canParse(url) && hosts.has(new URL(url).host.toLowerCase());
  const annotatorOf = async (study: string, token: unknown): Promise<string | null> =>
    typeof token === 'string' && token.length >= 16 && token.length <= 200
      ? store.annotatorByToken(study, tokenHash(token))
      : null;
  const closedPage = (c: Context, study: string) =>
    c.html(page(`Study ${study}`, html`<p>This study is closed. Thank you.</p>`), 410);

  app.get('/vote/:study', async (c) => {
    const study = c.req.param('study');
    const token = c.req.query('token') ?? '';
    const annotator = await annotatorOf(study, token).catch(() => null);
    if (!annotator) return c.text('a valid annotator link is required', 401);
    if ((await store.listStudies()).find((s) => s.name === study)?.open === false) return closedPage(c, study);
    const t = await store.nextTask(study, annotator);
    if (!t) return c.html(page(`Study ${study}`, html`<p>All done — thank you, ${annotator}.</p>`));
    const nonce = randomBytes(16).toString('base64');
    const media = [...hosts].map((h) => `https://${h}`).join(' ');
    c.header(
      'content-security-policy',
      `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; img-src data: ${media}; media-src ${media || "'none'"}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    );
    const ticket = sealTicket(
      { study, annotator, taskId: t.taskId, leftIsX: t.leftIsX, expires: Date.now() + ttl },
      await secret(),
    );
    return c.html(votePage(study, token, t, ticket, nonce, allowed));
  });

  app.post('/vote/:study', async (c) => {
    const study = c.req.param('study');
    const origin = c.req.header('origin');
    if (origin && (origin === 'null' || !URL.canParse(origin) || new URL(origin).host !== c.req.header('host')))
      return c.text('cross-site vote refused', 403);
    const form = await c.req.parseBody();
    const annotator = await annotatorOf(study, form.token).catch(() => null);
    if (!annotator) return c.text('a valid annotator token is required', 401);
    const choice = form.choice;
    if (typeof form.ticket !== 'string') return c.text('malformed vote', 400);
    if (choice !== 'left' && choice !== 'right' && choice !== 'tie' && choice !== 'both_bad')
      return c.text('choice must be left, right, tie or both_bad', 400);
    const t = openTicket(form.ticket, await secret());
    if (!t || t.study !== study || t.annotator !== annotator)
      return c.text('the vote does not match the task shown', 403);
    if (t.expires < Date.now()) return c.text('this form has expired; reload the page for a fresh one', 410);
    const reason = typeof form.reason === 'string' && form.reason.trim() ? form.reason.slice(0, 2000) : undefined;
    const outcome = await store.recordVote({ study, annotator, taskId: t.taskId, leftIsX: t.leftIsX, choice, reason });
    if (outcome !== 'recorded') return c.text(REFUSALS[outcome][1], REFUSALS[outcome][0]);
    return c.redirect(`/vote/${encodeURIComponent(study)}?token=${encodeURIComponent(form.token as string)}`, 303);
  });
}
