/**
 * Where `dist/` is published, when the project says so: Open Graph images must be absolute
 * URLs for most link-preview crawlers, while every other link of the site stays relative.
 */
import { fail, type ErrorLocation } from '../errors.ts'

/** `value` as an absolute http(s) URL ending in `/`, or a usage error naming its source. */
export function siteUrl(value: unknown, name: string, where: ErrorLocation = {}): string {
  let url: URL | undefined
  try {
    url = typeof value === 'string' ? new URL(value) : undefined
  } catch {
    url = undefined
  }
  if (!url || !/^https?:$/.test(url.protocol)) {
    return fail(
      'USAGE',
      `${name} must be the absolute http(s) URL dist/ is published at (e.g. https://me.github.io/talks/), not ${JSON.stringify(value)}`,
      where,
    )
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`
}
