export interface RequestOptions {
  signal?: AbortSignal;
}

export interface PostOptions extends RequestOptions {
  /** Defaults to a fresh UUID; pass the same key to retry the same submit. */
  idempotencyKey?: string;
}

export const postHeaders = (options: PostOptions, token?: string): Record<string, string> => ({
  'Idempotency-Key': options.idempotencyKey ?? crypto.randomUUID(),
  ...(token ? { Authorization: `Bearer ${token}` } : {}),
});
