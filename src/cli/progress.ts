import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr (with ETA) for long operations; silent when stderr is not a terminal.
 * Returns the update callback and a stop function.
 */
export function progressBar(label: string): { update: (done: number, total: number) => void; stop: () => void } {
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      if (!process.stderr.isTTY || total < 5000) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}` },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
