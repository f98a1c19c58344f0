import cliProgress from 'cli-progress';
import type { RunProgress } from '../judges/run.js';

/** Formats a duration in seconds as 1h02m, 3m05s or 12s. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Spend as shown to people: dollars when the model is priced, "unknown" otherwise (never a fake $0). */
export function formatSpend(p: Pick<RunProgress, 'priced' | 'spent' | 'maxCost'>): string {
  if (!p.priced) return 'cost unknown (no price)';
  return `$${p.spent.toFixed(4)}${p.maxCost !== undefined ? ` of $${p.maxCost}` : ''}`;
}

/** One progress line: done/total, rate, ETA, spend, concurrency, failures. Pure, for logs and tests. */
export function progressLine(name: string, p: RunProgress, now = Date.now()): string {
  const elapsed = Math.max(1e-3, (now - p.startedAt) / 1000);
  const worked = p.done - p.skipped;
  const rate = worked / elapsed;
  const left = p.total - p.done;
  const eta = rate > 0 ? left / rate : Infinity;
  const pct = p.total ? ((100 * p.done) / p.total).toFixed(1) : '100.0';
  return (
    `${name}: ${p.done}/${p.total} (${pct}%) | ${rate.toFixed(1)}/s | ETA ${left === 0 ? '0s' : formatDuration(eta)} | ` +
    `${formatSpend(p)} | ×${p.concurrency} | failures ${p.parseFailures + p.errors} | retries ${p.retries} | 429s ${p.rateLimited}` +
    `${p.retries ? ` | last wait ${(p.lastWaitMs / 1000).toFixed(1)}s` : ''}`
  );
}

/**
 * Progress of a judging run on stderr: a bar on a terminal; without one (CI logs, nohup) a line every
 * `intervalMs` (env WINRATE_PROGRESS_MS, default 5 000), so a long run is never silent.
 */
export function judgeProgress(
  name: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): { update: (p: RunProgress) => void; stop: () => void } {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        hideCursor: true,
        format: `${name} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted} | {spend} | ×{concurrency} | failures {failures} | retries {retries}`,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: '0.0', spend: '', concurrency: 0, failures: 0, retries: 0 });
    return {
      update: (p) =>
        bar.update(p.done, {
          rate: ((p.done - p.skipped) / Math.max(1e-3, (Date.now() - p.startedAt) / 1000)).toFixed(1),
          spend: formatSpend(p),
          concurrency: p.concurrency,
          failures: p.parseFailures + p.errors,
          retries: p.retries,
        }),
      stop: () => bar.stop(),
    };
  }
  const interval = Number(process.env.WINRATE_PROGRESS_MS ?? 5000);
  let last = Date.now();
  let latest: RunProgress | undefined;
  return {
    update(p) {
      latest = p;
      const now = Date.now();
      if (now - last >= interval) {
        last = now;
        stream.write(`${progressLine(name, p, now)}\n`);
      }
    },
    stop() {
      if (latest) stream.write(`${progressLine(name, latest)}\n`);
    },
  };
}
