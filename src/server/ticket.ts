import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** What a vote form carries, sealed: the annotator sees none of it (the side of each system included). */
export interface VoteTicket {
  study: string;
  annotator: string;
  taskId: number;
  /** Whether system X of the task was shown on the left. */
  leftIsX: boolean;
  /** Milliseconds since the epoch after which the form is refused. */
  expires: number;
}

/** How long a vote form stays valid by default: a working day. */
export const TICKET_TTL_MS = 12 * 60 * 60 * 1000;

const keyOf = (secret: string): Buffer => createHash('sha256').update(`winrate vote ticket\u0000${secret}`).digest();

/**
 * Seals a ticket with AES-256-GCM under a key derived from the store's secret: opaque (a hidden field cannot tell
 * the annotator which side is the baseline) and authenticated (a flipped side, another task or another annotator's
 * form is refused). Base64url of IV ‖ ciphertext ‖ tag.
 */
export function sealTicket(t: VoteTicket, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const body = Buffer.concat([
    cipher.update(JSON.stringify([t.study, t.annotator, t.taskId, t.leftIsX ? 1 : 0, t.expires]), 'utf8'),
    cipher.final(),
  ]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The ticket inside a sealed string, or null when it was not sealed with this secret or was altered. */
export function openTicket(sealed: string, secret: string): VoteTicket | null {
  const raw = /^[A-Za-z0-9_-]{40,2000}$/.test(sealed) ? Buffer.from(sealed, 'base64url') : null;
  if (!raw || raw.length < 12 + 16 + 2) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const text = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    const [study, annotator, taskId, left, expires] = JSON.parse(text) as [string, string, number, number, number];
    return { study, annotator, taskId, leftIsX: left === 1, expires };
  } catch {
    return null;
  }
}
