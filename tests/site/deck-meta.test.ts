import { describe, expect, it } from 'vitest'
import { deckMeta } from '../../src/site/deck-meta.ts'

describe('deckMeta', () => {
  it('reads title, description, image and lang from the front matter', () => {
    const meta = deckMeta(
      '---\nmarp: true\ntitle: "仮想化: 入門"\ndescription: >-\n  二行に\n  わたる説明\nimage: cover.png\nlang: ja\n---\n\n# 見出し\n',
    )
    expect(meta).toEqual({
      title: '仮想化: 入門',
      description: '二行に わたる説明',
      image: 'cover.png',
      lang: 'ja',
      declared: { title: true, description: true },
    })
  })

  it('falls back to the highest-level heading and the first paragraph, skipping comments and list items', () => {
    const meta = deckMeta(
      '---\nmarp: true\n---\n\n<!-- _class: lead -->\n\n## 小見出し\n\n- 項目\n\n# 大見出し\n\nホスト型から\nコンテナまで\n\n<!-- ノート -->\n',
    )
    expect(meta).toMatchObject({
      title: '大見出し',
      description: 'ホスト型から コンテナまで',
      image: undefined,
      declared: { title: false, description: false },
    })
  })

  it('survives a broken front matter and a deck with no text', () => {
    expect(deckMeta('---\ntitle: [unclosed\n---\n')).toMatchObject({
      title: undefined,
      description: undefined,
    })
  })
})
