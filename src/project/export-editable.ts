/**
 * One deck's editable PPTX outside a build (the dev server's `/<deck>.pptx`): the build's
 * own check of the deck, with the PPTX written from the page it measured the slides in,
 * then renamed into place, as `build` does.
 */
import { findBrowser } from '../browser/find-browser.ts'
import type { ResolvedConfig } from '../config.ts'
import type { DeckFile } from '../deck/discover-decks.ts'
import { StackdeckError } from '../errors.ts'
import { outputPath } from '../export/export-deck.ts'
import { writeFileAtomic } from '../util/atomic-write.ts'
import { checkProject } from './check-project.ts'
import { openSlideMeasurer } from './measure-decks.ts'

export async function exportEditableDeck(config: ResolvedConfig, deck: DeckFile): Promise<string> {
  let pptx: Buffer | undefined
  const measurer = openSlideMeasurer(await findBrowser(), {
    onPptx: async (_deck, written) => {
      pptx = written
    },
  })
  const checked = await checkProject(config, [deck], { strict: config.strict, measurer })
  if (checked.failure) throw checked.failure
  if (!pptx) throw new StackdeckError('EXPORT', 'the deck check wrote no PPTX', { file: deck.file })
  const target = outputPath(config, deck, 'pptx')
  await writeFileAtomic(target, pptx)
  return target
}
