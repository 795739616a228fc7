/**
 * The typeface names a PPTX viewer knows. Exports draw with stackdeck's own family names
 * (`Stackdeck Sans`, so a system font of the same name cannot stand in); a PPTX names
 * the real family of the bundled file (`Noto Sans JP`), which a viewer finds installed
 * or substitutes with a font of its kind.
 */
import * as fontkit from 'fontkit'
import { BUNDLED_FAMILIES } from '../../deck/bundled-fonts.ts'

let names: Map<string, string> | undefined

function bundledNames(): Map<string, string> {
  if (!names) {
    names = new Map()
    for (const family of BUNDLED_FAMILIES) {
      const face = family.faces.find((f) => f.weight === 400 && f.style === 'normal')
      const font = face && fontkit.openSync(face.file)
      const real = font && 'familyName' in font ? font.familyName : undefined
      if (real) names.set(family.family.toLowerCase(), real)
    }
  }
  return names
}

/** The real family name behind a CSS family, or the family itself. */
export function typefaceOf(family: string): string {
  return bundledNames().get(family.trim().toLowerCase()) ?? family
}
