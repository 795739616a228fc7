/**
 * "Unknown field" hints come from the keys of the object being read: a misspelling of one
 * of its own fields, or where a field that belongs elsewhere is allowed; never a "did you
 * mean" that names the very field or one the object cannot take.
 */
import { describe, expect, it } from 'vitest'
import { StackdeckError } from '../../src/errors.ts'
import { validateDiagram } from '../../src/model/validate.ts'

function rejection(value: unknown): StackdeckError {
  try {
    validateDiagram(value)
  } catch (error) {
    if (error instanceof StackdeckError) return error
    throw error
  }
  throw new Error('expected the definition to be rejected')
}

const stack = (layers: unknown[], extra: Record<string, unknown> = {}) => ({
  kind: 'stack',
  title: 't',
  layers,
  ...extra,
})

describe('unknown-field hints', () => {
  it.each([
    [
      'a width on a layer',
      stack([{ label: 'a', width: 300 }]),
      'layers[0]',
      "unknown field 'width'; 'width' is a field of a stack or a comparison, not of a box (a box takes id, label, detail, tone, weight)",
    ],
    [
      'a label beside columns',
      stack([{ label: 'a', columns: [{ label: 'b' }] }]),
      'layers[0]',
      "unknown field 'label'; 'label' is a field of a box or a brace, not of a row (a row takes id, columns)",
    ],
    [
      'a label beside a caption and layers',
      stack([{ label: 'a', caption: 'c', layers: [{ label: 'b' }] }]),
      'layers[0]',
      "unknown field 'label'; 'label' is a field of a box or a brace, not of a group (a group takes id, caption, layers, tone, weight)",
    ],
    [
      'a caption on a box',
      stack([{ label: 'a', caption: 'c' }]),
      'layers[0]',
      "unknown field 'caption'; 'caption' is a field of a group or a panel, not of a box (a box takes id, label, detail, tone, weight)",
    ],
    [
      "a brace's field on a box, near one of the box's own",
      stack([{ label: 'a', to: 'b' }]),
      'layers[0]',
      "unknown field 'to'; 'to' is a field of a brace, not of a box (a box takes id, label, detail, tone, weight)",
    ],
    [
      'a misspelling of an own field',
      stack([{ label: 'a', detial: 'b' }]),
      'layers[0]',
      "unknown field 'detial'; did you mean 'detail'?",
    ],
    [
      'a misspelling of a field that belongs elsewhere',
      stack([{ label: 'a', widht: 300 }]),
      'layers[0]',
      "unknown field 'widht'; did you mean 'width'? that is a field of a stack or a comparison, not of a box (a box takes id, label, detail, tone, weight)",
    ],
    [
      'a word no object takes',
      stack([{ columns: [{ label: 'a' }], colour: 'red' }]),
      'layers[0]',
      "unknown field 'colour'; check the spelling of 'colour' (a row takes id, columns)",
    ],
    [
      'two fields at once, each with its own hint',
      stack([{ label: 'a' }], { lable: 'x', panels: [] }),
      undefined,
      "unknown fields 'lable', 'panels'; did you mean 'label'? that is a field of a box or a brace, not of a stack; 'panels' is a field of a comparison, not of a stack (a stack takes title, description, emphasis, steps, layers, braces, width)",
    ],
  ])('%s', (_, definition, field, message) => {
    const error = rejection(definition)
    expect(error.field).toBe(field)
    expect(error.detail).toBe(message)
  })

  it('never suggests the field it rejects', () => {
    for (const key of ['width', 'label', 'caption', 'columns', 'layers', 'panels', 'from']) {
      const error = rejection(stack([{ label: 'a', tone: 'app', [key]: 1 }]))
      expect(error.detail).not.toContain(`did you mean '${key}'`)
    }
  })

  it("says where a comparison's field is allowed when a stack has it", () => {
    const error = rejection(stack([{ label: 'a' }], { panels: [] }))
    expect(error.detail).toBe(
      "unknown field 'panels'; 'panels' is a field of a comparison, not of a stack (a stack takes title, description, emphasis, steps, layers, braces, width)",
    )
  })
})
