/**
 * What the slide measurement reports: one line's worth of fact per problem, in slide
 * coordinates (the slide's own size, 1280×720 for 16:9), whatever the page's zoom.
 */

/**
 * - `overflow`: content reaches past the slide's content box (the section minus its
 *   padding) — too many items, a too-tall image, a too-wide table.
 * - `header` / `footer`: content drawn over the text of the slide's `<header>` / `<footer>`.
 * - `outside`: an element the author positioned (`position: absolute` or `fixed`) that
 *   lies entirely outside the slide, so it is never seen.
 */
export type FindingKind = 'overflow' | 'header' | 'footer' | 'outside'

export interface SlideFinding {
  /** 1-based slide number: the index of the slide's `svg[data-marpit-svg]`. */
  readonly slide: number
  readonly kind: FindingKind
  /**
   * The first element that crosses the edge (or overlaps), lifted to the block a reader
   * would point at, with the start of its text: `li "Eighth item that…"`, `tr "Name Size…"`,
   * `img "diagram.svg"`. That is where to start cutting.
   */
  readonly element: string
  /**
   * Px in slide coordinates, rounded: for `overflow` and `outside`, how far the slide's
   * content reaches past the edge (the content box, or the slide for `outside`) at its
   * worst; for `header` / `footer`, how deep content runs into its text, vertically.
   */
  readonly by: number
}
