import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import type { StudyStore, VoteTask } from '../store/studies.js';
import { html, page, raw, type Raw } from '../web/html.js';
import { renderMarkdown } from '../web/markdown.js';
import { tokenHash } from './token.js';

export { tokenHash };

const MEDIA = /^(https:\/\/[^\s"'<>]+\.(png|jpe?g|gif|webp|svg|mp3|wav|ogg|mp4|webm))$/i;

/** A response shown to a voter: an image, audio or video URL as media, anything else as sanitised markdown. */
function response(text: string): Raw {
  const m = MEDIA.exec(text.trim());
  if (!m) return raw(renderMarkdown(text));
  const ext = m[2].toLowerCase();
  if (['mp3', 'wav', 'ogg'].includes(ext)) return html`<audio controls src="${m[1]}"></audio>`;
  if (['mp4', 'webm'].includes(ext)) return html`<video controls src="${m[1]}" style="max-width:100%"></video>`;
  return html`<img alt="response" src="${m[1]}" style="max-width:100%">`;
}

const SHORTCUTS = `document.addEventListener('keydown',e=>{if(e.target&&e.target.tagName==='TEXTAREA')return;const b={'1':'left','2':'right','3':'tie','4':'both_bad'}[e.key];if(b){const el=document.querySelector('button[value="'+b+'"]');if(el)el.click();}});`;

function votePage(study: string, token: string, t: VoteTask, sig: string, nonce: string): string {
  return page(`Study ${study}`, html`<p class="muted">Task ${t.done + 1} of ${t.total}. Which response is better? Keys: 1 = A, 2 = B, 3 = tie, 4 = both bad.</p>
<div class="card">${raw(renderMarkdown(t.instruction))}</div>
<div class="side" style="margin-top:12px"><div><h3>A</h3>${response(t.left)}</div><div><h3>B</h3>${response(t.right)}</div></div>
<form class="vote" method="post" action="/vote/${encodeURIComponent(study)}">
<input type="hidden" name="token" value="${token}"><input type="hidden" name="task" value="${t.taskId}">
<input type="hidden" name="left" value="${t.leftIsX ? 'x' : 'y'}"><input type="hidden" name="sig" value="${sig}">
<p><textarea name="reason" rows="2" cols="80" maxlength="2000" placeholder="reason (optional)"></textarea></p>
<button name="choice" value="left">A is better (1)</button><button name="choice" value="right">B is better (2)</button>
<button name="choice" value="tie">Tie (3)</button><button name="choice" value="both_bad">Both bad (4)</button></form>`, [], { nonce, code: SHORTCUTS });
}

/**
 * The blind voting arena: `GET /vote/:study?token=…` shows the annotator's next task (no system names, sides
 * randomised and recorded), `POST /vote/:study` records the vote. The form carries an HMAC over (study,
 * annotator, task, sides) — a vote cannot be forged for another task or side, nor posted cross-site without
 * the annotator's token; one vote per annotator and task (rate limits are the app's, per client address).
 */
export function registerVoting(app: Hono, store: StudyStore, options: { secret?: string } = {}): void {
  const secret = options.secret ?? randomBytes(32).toString('hex');
  const sign = (study: string, annotator: string, task: number, leftIsX: boolean): string =>
    createHmac('sha256', secret).update(`${study}\u0000${annotator}\u0000${task}\u0000${leftIsX ? 'x' : 'y'}`).digest('hex');
  const annotatorOf = async (study: string, token: unknown): Promise<string | null> =>
    (typeof token === 'string' && token.length >= 16 && token.length <= 200 ? store.annotatorByToken(study, tokenHash(token)) : null);

  app.get('/vote/:study', async (c) => {
    const study = c.req.param('study');
    const token = c.req.query('token') ?? '';
    const annotator = await annotatorOf(study, token).catch(() => null);
    if (!annotator) return c.text('a valid annotator link is required', 401);
    const t = await store.nextTask(study, annotator);
    if (!t) return c.html(page(`Study ${study}`, html`<p>All done — thank you, ${annotator}.</p>`));
    const nonce = randomBytes(16).toString('base64');
    c.header('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; img-src https: data:; media-src https:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
    return c.html(votePage(study, token, t, sign(study, annotator, t.taskId, t.leftIsX), nonce));
  });

  app.post('/vote/:study', async (c) => {
    const study = c.req.param('study');
    const origin = c.req.header('origin');
    if (origin && (origin === 'null' || !URL.canParse(origin) || new URL(origin).host !== c.req.header('host'))) return c.text('cross-site vote refused', 403);
    const form = await c.req.parseBody();
    const annotator = await annotatorOf(study, form.token).catch(() => null);
    if (!annotator) return c.text('a valid annotator token is required', 401);
    const task = Number(form.task);
    const leftIsX = form.left === 'x';
    const choice = form.choice;
    if (!Number.isInteger(task) || (form.left !== 'x' && form.left !== 'y') || typeof form.sig !== 'string') return c.text('malformed vote', 400);
    if (choice !== 'left' && choice !== 'right' && choice !== 'tie' && choice !== 'both_bad') return c.text('choice must be left, right, tie or both_bad', 400);
    const want = Buffer.from(sign(study, annotator, task, leftIsX));
    const got = Buffer.from(form.sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return c.text('the vote does not match the task shown', 403);
    const reason = typeof form.reason === 'string' && form.reason.trim() ? form.reason.slice(0, 2000) : undefined;
    const ok = await store.recordVote({ study, annotator, taskId: task, leftIsX, choice, reason });
    if (!ok) return c.text('you already voted on this task', 409);
    return c.redirect(`/vote/${encodeURIComponent(study)}?token=${encodeURIComponent(form.token as string)}`, 303);
  });
}
