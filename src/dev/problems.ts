/**
 * What the dev server shows as problems: one per key, replaced when the same thing fails
 * again and removed when it works. Keys are typed, so the terminal and the page ask what a
 * problem concerns (`key.kind === 'diagram'`) instead of parsing a display string. No
 * imports: the browser client type-checks against this file too.
 */

/** What failed. */
export type ProblemKey =
  | { readonly kind: 'theme' }
  | { readonly kind: 'diagram'; readonly name: string }
  | { readonly kind: 'deck'; readonly deck: string }
  /** The deck check's warnings of one deck, numbered from 1. */
  | { readonly kind: 'deck-warning'; readonly deck: string; readonly index: number }
  /** A failure outside every stage's own handling (a full disk, a bug). */
  | { readonly kind: 'dev-server' }

export interface Problem {
  readonly key: ProblemKey
  /** One line, as the terminal prints it. */
  readonly message: string
  readonly file?: string | undefined
  readonly line?: number | undefined
  readonly field?: string | undefined
  /** Set for problems of one deck; the others concern every page. */
  readonly deck?: string | undefined
  /** Warnings (the deck check's) show, but the render went through. Default: error. */
  readonly level?: 'error' | 'warning'
}

/** The key as a map key: equal keys give equal strings. */
function idOf(key: ProblemKey): string {
  switch (key.kind) {
    case 'theme':
    case 'dev-server':
      return key.kind
    case 'diagram':
      return `diagram\u0000${key.name}`
    case 'deck':
      return `deck\u0000${key.deck}`
    case 'deck-warning':
      return `deck-warning\u0000${key.deck}\u0000${key.index}`
  }
}

/** The current problems, in the order they arose. */
export class ProblemSet {
  private readonly byId = new Map<string, Problem>()

  set(problem: Problem): void {
    this.byId.set(idOf(problem.key), problem)
  }

  has(key: ProblemKey): boolean {
    return this.byId.has(idOf(key))
  }

  delete(key: ProblemKey): void {
    this.byId.delete(idOf(key))
  }

  /** Removes every problem whose key matches. */
  deleteWhere(match: (key: ProblemKey) => boolean): void {
    for (const [id, problem] of this.byId) if (match(problem.key)) this.byId.delete(id)
  }

  list(): Problem[] {
    return [...this.byId.values()]
  }
}
