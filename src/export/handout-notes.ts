/**
 * Speaker notes as the handout prints them. Marp's presenter notes are the HTML comments
 * of a slide that are not directives (`render().comments`); authors write them in
 * Markdown, so each comment is parsed with markdown-it and kept as a small block model:
 * paragraphs and list items made of styled runs (bold, italic, inline code), and code
 * blocks line by line. Pure: no I/O, no fonts.
 */
import { Marpit } from '@marp-team/marpit'
import MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'

export interface NoteRun {
  /** May hold `\n` (a hard break) and nothing else that is not drawn. */
  readonly text: string
  readonly bold: boolean
  readonly italic: boolean
  readonly code: boolean
}

export type NoteBlock =
  | {
      readonly kind: 'text'
      /**
       * Indent level of the text: enclosing lists and block quotes. A list item's marker
       * hangs one level out, so item text and its further paragraphs line up.
       */
      readonly depth: number
      /** `•` or `3.` for the first paragraph of a list item. */
      readonly marker: string | undefined
      readonly quote: boolean
      readonly runs: readonly NoteRun[]
    }
  | { readonly kind: 'code'; readonly depth: number; readonly lines: readonly string[] }

/** Bullets by list depth; every one is in Noto Sans JP. */
const BULLETS = ['•', '◦', '–'] as const

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false })

/**
 * Presenter notes per slide, as Marp collects them: the comments that are not directives.
 * Marpit, the framework under Marp Core, splits slides and collects comments exactly as
 * Marp Core does, in ~30 ms for the virtualization deck against ~220 ms for a Marp Core
 * render, whose theme CSS the notes do not need.
 */
export function slideNotes(markdown: string): string[][] {
  return new Marpit().render(markdown).comments
}

/** One slide's notes (its comments, as Marp lists them) as blocks, in order. */
export function parseNotes(comments: readonly string[]): NoteBlock[] {
  return comments.flatMap((comment) => blocksOf(markdown.parse(comment, {})))
}

interface ListFrame {
  readonly ordered: boolean
  next: number
}

function blocksOf(tokens: readonly Token[]): NoteBlock[] {
  const blocks: NoteBlock[] = []
  const lists: ListFrame[] = []
  let quotes = 0
  let marker: string | undefined
  let heading = false
  const depth = () => lists.length + quotes
  for (const token of tokens) {
    switch (token.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        lists.push({
          ordered: token.type === 'ordered_list_open',
          next: Number(token.attrGet('start') ?? 1),
        })
        break
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop()
        break
      case 'list_item_open': {
        const list = lists.at(-1)!
        marker = list.ordered
          ? `${list.next++}.`
          : BULLETS[Math.min(lists.length - 1, BULLETS.length - 1)]
        break
      }
      case 'blockquote_open':
        quotes++
        break
      case 'blockquote_close':
        quotes--
        break
      case 'heading_open':
        heading = true
        break
      case 'heading_close':
        heading = false
        break
      case 'inline':
        blocks.push({
          kind: 'text',
          depth: depth(),
          marker,
          quote: quotes > 0,
          runs: runsOf(token.children ?? [], heading),
        })
        marker = undefined
        break
      case 'fence':
      case 'code_block':
        blocks.push({
          kind: 'code',
          depth: depth(),
          lines: token.content.replace(/\n$/, '').split('\n'),
        })
        break
      case 'html_block':
        blocks.push(plainBlock(token.content.trim(), depth(), quotes > 0))
        break
    }
  }
  return blocks
}

const plainBlock = (text: string, depth: number, quote: boolean): NoteBlock => ({
  kind: 'text',
  depth,
  marker: undefined,
  quote,
  runs: [{ text, bold: false, italic: false, code: false }],
})

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/u

/**
 * A soft line break is a space in Markdown, but not between Japanese characters, where
 * authors wrap lines freely and a space would show.
 */
function softBreak(before: string, after: string): string {
  return CJK.test(before.slice(-1)) || CJK.test(after.slice(0, 1)) ? '' : ' '
}

function runsOf(children: readonly Token[], heading: boolean): NoteRun[] {
  const runs: NoteRun[] = []
  let bold = heading ? 1 : 0
  let italic = 0
  let pendingSoftBreak = false
  const push = (text: string, code = false) => {
    if (text === '') return
    if (pendingSoftBreak) {
      const previous = runs.at(-1)
      const space = previous ? softBreak(previous.text, text) : ''
      pendingSoftBreak = false
      if (space) push(space)
    }
    const style = { bold: bold > 0, italic: italic > 0, code }
    const last = runs.at(-1)
    if (last && last.bold === style.bold && last.italic === style.italic && last.code === code) {
      runs[runs.length - 1] = { ...last, text: last.text + text }
    } else {
      runs.push({ text, ...style })
    }
  }
  for (const child of children) {
    switch (child.type) {
      case 'text':
      case 'html_inline':
        push(child.content)
        break
      case 'code_inline':
        push(child.content, true)
        break
      case 'softbreak':
        pendingSoftBreak = true
        break
      case 'hardbreak':
        push('\n')
        break
      case 'strong_open':
        bold++
        break
      case 'strong_close':
        bold--
        break
      case 'em_open':
        italic++
        break
      case 'em_close':
        italic--
        break
      case 'image':
        push(child.content)
        break
    }
  }
  return runs
}

/** Every character the notes draw (for the font subset). */
export function notesText(blocks: readonly NoteBlock[]): string {
  return blocks
    .map((b) =>
      b.kind === 'code'
        ? b.lines.join('\n')
        : `${b.marker ?? ''}${b.runs.map((r) => r.text).join('')}`,
    )
    .join('\n')
}
