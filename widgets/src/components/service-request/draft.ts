/** The code of a QR label in the page URL: `?asset=QR-A100` or `#asset=QR-A100`. */
export function assetCodeFromUrl(): string | undefined {
  const fromQuery = new URLSearchParams(location.search).get('asset');
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('asset');
  return (fromQuery || fromHash || undefined)?.trim().slice(0, 100);
}
