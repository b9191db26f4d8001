/** One place that knows the console's URLs, so links and routes cannot drift apart. */

type Params = Record<string, string | undefined>;

function withParams(path: string, params: Params = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

const segment = encodeURIComponent;

export function queueHref(target: string, system: string, queue: string, params?: Params): string {
  return withParams(`/queues/${segment(target)}/${segment(system)}/${segment(queue)}`, params);
}

/** The bulk preview API of a queue. */
export function previewHref(target: string, system: string, queue: string, params: Params): string {
  return withParams(
    `/api/queues/${segment(target)}/${segment(system)}/${segment(queue)}/preview`,
    params,
  );
}

export function jobHref(target: string, system: string, jobId: string, source?: string): string {
  return withParams(`/jobs/${segment(target)}/${segment(system)}/${segment(jobId)}`, { source });
}

export function tablesHref(target: string): string {
  return `/tables/${segment(target)}`;
}

/** The overview's anchor for one target's section. */
export function targetAnchor(target: string): string {
  return `target-${target}`;
}

export function operationHref(id: string): string {
  return `/operations/${segment(id)}`;
}

export function stuckHref(params: Params = {}): string {
  return withParams("/stuck", params);
}
