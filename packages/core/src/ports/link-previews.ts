/** What a page says about itself, read once: plain text, never markup. */
export interface LinkPreview {
  /** The address the page answered at, after redirects (http or https). */
  url: string
  title: string | null
  description: string | null
  siteName: string | null
  /** The page's picture, its bytes fetched once (checked by the media store before it is kept), or null. */
  image: Buffer | null
}

/**
 * Reads a link's title, description and picture once, through the outbound guard the webhooks use:
 * http and https only, never a private, loopback or link-local address (redirects and DNS answers
 * included), bounded in time, size and redirects. Throws `AppError('LINK_FETCH_FAILED', { reason })`.
 */
export interface LinkPreviews {
  fetch(url: string): Promise<LinkPreview>
}
