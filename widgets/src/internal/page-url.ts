// What widgets read from the address of the page they are on.

/** Takes `token` out of the page's `#fragment` (without reload) so it leaves the address bar and history. */
export function takeTokenFromHash(): string | undefined {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (!token) return undefined;
  params.delete('token');
  const rest = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return token;
}

/** The code of a QR label in the page URL: `?asset=QR-A100` or `#asset=QR-A100`. */
export function assetCodeFromUrl(): string | undefined {
  const fromQuery = new URLSearchParams(location.search).get('asset');
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('asset');
  return (fromQuery || fromHash || undefined)?.trim().slice(0, 100);
}
