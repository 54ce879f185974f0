/** Storage failures the rest of the server can name to a user. */
export class DbError extends Error {
  constructor(
    readonly code: 'data-dir-in-use' | 'database-unreachable' | 'migration-failed',
    message: string,
  ) {
    super(message);
  }
}
