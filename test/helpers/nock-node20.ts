/**
 * nock 15 intercepts sockets through @mswjs/interceptors, which calls `Promise.withResolvers`
 * (Node 22+) on every connection; Node 20 lacks it. Importing this module installs the standard
 * polyfill — before any request is made — and does nothing on Node 22+.
 */
if (!('withResolvers' in Promise)) {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: <T>() => {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
