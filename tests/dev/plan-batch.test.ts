/**
 * What a batch of changes re-renders in the dev server, without a file system: each rule
 * of planBatch on a small project (two decks, three diagrams, one helper module).
 */
import { describe, expect, it } from 'vitest'
import { planBatch, type BatchState } from '../../src/dev/plan-batch.ts'

const P = '/p'
const folders = {
  slidesDir: `${P}/slides`,
  diagramsDir: `${P}/slides/diagrams`,
  themesDir: `${P}/themes`,
  assetsDir: `${P}/assets`,
  diagramsOutDir: `${P}/assets/diagrams`,
}
const intro = { name: 'intro', file: `${P}/slides/intro.md` }
const deep = { name: 'infra/deep', file: `${P}/slides/infra/deep.md` }

/** intro shows type1; infra/deep shows type2 and kvm; kvm imports _parts.ts. */
const state = (over: Partial<BatchState> = {}): BatchState => ({
  folders,
  definitions: ['kvm', 'type1', 'type2'],
  diagramDeps: new Map([
    ['kvm', [`${P}/slides/diagrams/_parts.ts`]],
    ['type1', []],
    ['type2', []],
  ]),
  decksBefore: [intro, deep],
  decks: [intro, deep],
  deckDiagrams: new Map([
    ['intro', ['type1']],
    ['infra/deep', ['type2', 'kvm']],
  ]),
  failedDecks: new Set(),
  ...over,
})

describe('planBatch', () => {
  it('re-renders an edited diagram and only the decks that show it', () => {
    expect(planBatch([`${P}/slides/diagrams/type2.ts`], state())).toEqual({
      reloadTheme: false,
      renderDiagrams: ['type2'],
      forgetDiagrams: [],
      removedDecks: [],
      renderDecks: ['infra/deep'],
    })
  })

  it('re-renders the diagrams that import an edited helper module', () => {
    const plan = planBatch([`${P}/slides/diagrams/_parts.ts`], state())
    expect(plan.renderDiagrams).toEqual(['kvm'])
    expect(plan.renderDecks).toEqual(['infra/deep'])
  })

  it('forgets a deleted definition and re-renders the decks that showed it', () => {
    const plan = planBatch(
      [`${P}/slides/diagrams/type1.ts`],
      state({ definitions: ['kvm', 'type2'] }),
    )
    expect(plan.renderDiagrams).toEqual([])
    expect(plan.forgetDiagrams).toEqual(['type1'])
    expect(plan.renderDecks).toEqual(['intro'])
  })

  it('renders a new definition; a deck waiting for it is re-rendered as well', () => {
    const plan = planBatch(
      [`${P}/slides/diagrams/new.ts`],
      state({
        definitions: ['kvm', 'new', 'type1', 'type2'],
        deckDiagrams: new Map([
          ['intro', ['type1', 'new']],
          ['infra/deep', ['type2']],
        ]),
      }),
    )
    expect(plan.renderDiagrams).toEqual(['new'])
    expect(plan.renderDecks).toEqual(['intro'])
  })

  it('ignores files in the definitions folder that define no diagram, and nested folders', () => {
    const plan = planBatch(
      [`${P}/slides/diagrams/notes.md`, `${P}/slides/diagrams/sub/x.ts`],
      state(),
    )
    expect(plan.renderDiagrams).toEqual([])
    expect(plan.renderDecks).toEqual([])
  })

  it('reloads the theme and re-renders every diagram and deck when a theme changes', () => {
    expect(planBatch([`${P}/themes/stackdeck.css`], state())).toEqual({
      reloadTheme: true,
      renderDiagrams: ['kvm', 'type1', 'type2'],
      forgetDiagrams: [],
      removedDecks: [],
      renderDecks: ['intro', 'infra/deep'],
    })
    expect(planBatch([`${P}/themes/notes.txt`], state()).reloadTheme).toBe(false)
  })

  it('re-renders only the edited deck when a deck changes', () => {
    const plan = planBatch([deep.file], state())
    expect(plan.renderDiagrams).toEqual([])
    expect(plan.renderDecks).toEqual(['infra/deep'])
  })

  it('re-renders every deck when an image a deck could show changes', () => {
    for (const image of [`${P}/assets/logo.png`, `${P}/slides/images/a.png`]) {
      expect(planBatch([image], state()).renderDecks).toEqual(['intro', 'infra/deep'])
    }
  })

  it('does not treat the generated diagrams as deck images', () => {
    expect(planBatch([`${P}/assets/diagrams/type1.svg`], state()).renderDecks).toEqual([])
  })

  it('takes the configured folders, not assets/: a custom assets and diagrams folder', () => {
    const custom = {
      ...folders,
      assetsDir: `${P}/public`,
      diagramsOutDir: `${P}/public/figures`,
    }
    expect(planBatch([`${P}/public/figures/type1.svg`], state({ folders: custom }))).toMatchObject({
      renderDecks: [],
    })
    expect(
      planBatch([`${P}/public/logo.png`], state({ folders: custom })).renderDecks,
    ).toHaveLength(2)
    expect(planBatch([`${P}/assets/logo.png`], state({ folders: custom })).renderDecks).toEqual([])
  })

  it('lists decks that are gone, and retries decks that failed or never rendered', () => {
    const plan = planBatch(
      [`${P}/slides/diagrams/type2.ts`],
      state({
        decks: [intro],
        deckDiagrams: new Map(),
        failedDecks: new Set(['intro']),
      }),
    )
    expect(plan.removedDecks).toEqual([deep])
    expect(plan.renderDecks).toEqual(['intro'])
    // A change that concerns no deck still retries the one that failed.
    const failed = planBatch([`${P}/themes/notes.txt`], state({ failedDecks: new Set(['intro']) }))
    expect(failed.renderDecks).toEqual(['intro'])
  })
})
