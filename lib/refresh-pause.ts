/**
 * While an operator is selecting jobs or reading a preview, the page must not refresh under
 * them. Components that need that stillness hold a pause; auto-refresh skips while any is held.
 */
const holders = new Set<symbol>();

export function holdRefresh(): () => void {
  const token = Symbol("refresh pause");
  holders.add(token);
  return () => {
    holders.delete(token);
  };
}

export function refreshPaused(): boolean {
  return holders.size > 0;
}
