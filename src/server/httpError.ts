/**
 * An error that maps to an HTTP status and a JSON body `{ error, field? }`. Anything else
 * thrown while handling a request becomes a 500 with a generic message (details go to the log).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
