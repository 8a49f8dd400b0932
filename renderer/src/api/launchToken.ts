/**
 * The per-launch token of `jessica serve`: it arrives once in the URL (`?token=…`), is kept in sessionStorage
 * for reloads of this tab, and is taken out of the address bar so it is not left in history or screenshots.
 */
const KEY = 'jessica.token';

export function launchToken(location: Location, storage: Storage, history: History): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(KEY);
}
