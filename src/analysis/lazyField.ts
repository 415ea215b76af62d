/** Defines `key` as computed on its first read (enumerable, so spreads and JSON see it). */
export function onFirstRead<T extends object, K extends keyof T>(obj: T, key: K, compute: () => T[K]): void {
  let value: T[K] | undefined;
  let done = false;
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!done) {
        value = compute();
        done = true;
      }
      return value as T[K];
    },
  });
}
