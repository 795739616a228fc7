/**
 * One definition in, its SVG files out (in memory): validate → layout → subset → svg,
 * for every variant: light and dark, plain and one per step. Layout and the font subset
 * are computed once and shared by all variants.
 */
import { StackdeckError } from '../errors.ts'
import { layoutDiagram } from '../layout/layout.ts'
import type { ResolvedDiagram } from '../model/resolved.ts'
import { describeDiagram } from '../svg/describe.ts'
import { renderSvg } from '../svg/render-svg.ts'
import type { BundledFont } from '../text/font.ts'
import { DIAGRAM_FEATURES, subsetWoffBase64 } from '../text/subset.ts'
import type { ThemePalettes, Variant } from '../theme/palette.ts'
import { checkDiagramName, diagramFileName, svgIdPrefix } from './diagram-files.ts'

export interface RenderContext {
  readonly palettes: ThemePalettes
  readonly font: BundledFont
}

export interface RenderedSvg {
  /** File name in the output folder: `type1.svg`, `type1.dark.svg`, `type1--hv.svg`. */
  readonly fileName: string
  readonly variant: Variant
  readonly step: string | undefined
  readonly svg: string
}

export interface RenderedDiagram {
  readonly svgs: readonly RenderedSvg[]
  /** What layout drew worse than it could (a word broken inside), located by field. */
  readonly warnings: readonly StackdeckError[]
}

/**
 * The validator, loaded on first use rather than at the top: the CLI renders what the
 * definition worker validated, and its own thread need not load zod. Kept once loaded (a
 * dynamic import per call costs a trip through the module hooks).
 */
let validator: Promise<typeof import('../model/validate.ts')> | undefined
const loadValidator = () => (validator ??= import('../model/validate.ts'))

/** Validates and renders a definition's default export. Throws StackdeckError on bad input. */
export async function renderDiagram(
  definition: unknown,
  name: string,
  ctx: RenderContext,
): Promise<RenderedSvg[]> {
  checkDiagramName(name)
  const { validateDiagram } = await loadValidator()
  const diagram = validateDiagram(definition)
  return [...(await renderResolved(diagram, name, ctx)).svgs]
}

export async function renderResolved(
  diagram: ResolvedDiagram,
  name: string,
  ctx: RenderContext,
): Promise<RenderedDiagram> {
  const layout = layoutDiagram(diagram, ctx.font)
  const fontBase64 = subsetWoffBase64(ctx.font.file, ctx.font.data, layout.text, DIAGRAM_FEATURES)
  const description = describeDiagram(diagram)
  const out: RenderedSvg[] = []
  for (const step of [undefined, ...diagram.steps]) {
    for (const variant of ['light', 'dark'] as const) {
      out.push({
        fileName: diagramFileName(name, variant, step),
        variant,
        step,
        svg: renderSvg(layout, {
          idPrefix: svgIdPrefix(name, variant, step),
          title: diagram.title,
          description,
          palette: ctx.palettes[variant],
          fontBase64,
          emphasis: step ?? diagram.emphasis,
        }),
      })
    }
  }
  const warnings = layout.warnings.map(
    (w) => new StackdeckError('LAYOUT', w.message, { field: w.field }),
  )
  return { svgs: out, warnings }
}
