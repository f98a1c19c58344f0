import { accessSync, constants } from 'node:fs';

/** Whether this process may write a path (file or directory): a store without it opens read-only. */
export function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
