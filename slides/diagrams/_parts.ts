// Boxes that recur across the virtualization deck's diagrams, so that a VM or a container
// looks the same (same caption, same tones) on every slide.
import { box, group } from 'stackdeck'

/** A virtual machine: an app over its own guest OS. */
export function vm(guest?: string, caption = '仮想マシン') {
  return group({
    caption,
    layers: [
      { label: 'アプリ', tone: 'app' },
      { label: 'ゲストOS', ...(guest === undefined ? {} : { detail: guest }), tone: 'guest' },
    ],
  })
}

/** A container: an app and what it needs, but no OS of its own. */
export function container(app = 'アプリ', libs = 'ライブラリ') {
  return group({
    caption: 'コンテナ',
    tone: 'container',
    layers: [
      { label: app, tone: 'app' },
      { label: libs, tone: 'container' },
    ],
  })
}

export const hardware = box({ label: 'ハードウェア', tone: 'hardware' })
