/** A schema upgrade done when a store was opened: from and to version, and whether an early version 1 was repaired. */
export interface StoreUpgrade {
  from: number;
  to: number;
  legacy: boolean;
}

let listener: ((store: string, u: StoreUpgrade) => void) | null = null;

/** Who hears about upgrades (the CLI prints them on stderr); the library stays silent by default. */
export function onStoreUpgrade(fn: ((store: string, u: StoreUpgrade) => void) | null): void {
  listener = fn;
}

/** Called by a backend after it upgraded a store's schema. */
export function upgradeNotice(store: string, u: StoreUpgrade): void {
  listener?.(store, u);
}
