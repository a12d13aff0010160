// The URL flags that choose what the page is: the app, an embed (?embed=1) or a speaker-notes
// window (?view=speaker&ch=<id>).

export type PageView = { kind: 'app' } | { kind: 'embed' } | { kind: 'speaker'; channel: string };

export function pageViewOf(search: string): PageView {
  const q = new URLSearchParams(search);
  if (q.get('view') === 'speaker')
    return { kind: 'speaker', channel: (q.get('ch') ?? 'default').slice(0, 64) };
  if (q.get('embed') === '1') return { kind: 'embed' };
  return { kind: 'app' };
}

/** The app's own URL without query or hash: what links and windows are built from. */
export function appBaseUrl(loc: Pick<Location, 'origin' | 'pathname'>): string {
  return `${loc.origin}${loc.pathname}`;
}
