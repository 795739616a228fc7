/**
 * Five equivalent stacks for the engine comparison: each is a stackdeck definition, and
 * its D2 text is generated from that very definition (see d2-text.ts), so both tools get
 * the same boxes, nesting, Japanese labels and colours. Four to six layers deep; no
 * braces or steps, which D2 has no counterpart for.
 *
 * `mark` is appended to one label: the uncached measurement passes a new character on
 * every iteration, so neither tool can reuse a font subset or a text measurement.
 */
import { defineStack, type StackDiagram } from '../../src/index.ts'

export interface Pair {
  readonly name: string
  /** Layers from top to bottom, counting a nested stack as its own depth. */
  readonly depth: number
  readonly define: (mark: string) => StackDiagram
}

export const PAIRS: readonly Pair[] = [
  {
    name: 'type2-hosted',
    depth: 6,
    define: (mark) =>
      defineStack({
        title: 'ホスト型仮想化',
        layers: [
          {
            columns: [
              { label: 'いつものアプリ', detail: 'ブラウザ・エディタ', tone: 'app' },
              {
                layers: [
                  {
                    columns: [
                      {
                        caption: '仮想マシン',
                        layers: [
                          { label: `アプリ${mark}`, tone: 'app' },
                          { label: 'ゲストOS（Windows）', tone: 'guest' },
                        ],
                      },
                      {
                        caption: '仮想マシン',
                        layers: [
                          { label: 'アプリ', tone: 'app' },
                          { label: 'ゲストOS（Linux）', tone: 'guest' },
                        ],
                      },
                    ],
                  },
                  {
                    label: '仮想化ソフトウェア',
                    detail: 'VirtualBox / VMware Workstation',
                    tone: 'hypervisor',
                  },
                ],
              },
            ],
          },
          { label: 'ホストOS', detail: 'Windows / macOS / Linux', tone: 'os' },
          { label: 'ハードウェア', detail: 'CPU・メモリ・ストレージ', tone: 'hardware' },
        ],
      }),
  },
  {
    name: 'type1-hypervisor',
    depth: 4,
    define: (mark) =>
      defineStack({
        title: 'ハイパーバイザ型仮想化',
        layers: [
          {
            columns: ['Windows', 'Linux', 'FreeBSD'].map((guest, i) => ({
              caption: '仮想マシン',
              layers: [
                { label: i === 0 ? `アプリ${mark}` : 'アプリ', tone: 'app' as const },
                { label: `ゲストOS（${guest}）`, tone: 'guest' as const },
              ],
            })),
          },
          { label: 'ハイパーバイザ', detail: 'ESXi・Hyper-V・Xen', tone: 'hypervisor' },
          { label: 'ハードウェア', tone: 'hardware' },
        ],
      }),
  },
  {
    name: 'container',
    depth: 5,
    define: (mark) =>
      defineStack({
        title: 'コンテナ型仮想化',
        layers: [
          {
            columns: ['Web', 'API', 'DB'].map((app, i) => ({
              caption: 'コンテナ',
              tone: 'container' as const,
              layers: [
                { label: i === 0 ? `${app}アプリ${mark}` : `${app}アプリ`, tone: 'app' as const },
                { label: 'ライブラリ', tone: 'container' as const },
              ],
            })),
          },
          { label: 'コンテナエンジン', detail: 'Docker・containerd', tone: 'runtime' },
          { label: 'ホストOS', detail: 'Linux カーネル', tone: 'kernel' },
          { label: 'ハードウェア', tone: 'hardware' },
        ],
      }),
  },
  {
    name: 'kvm-qemu',
    depth: 5,
    define: (mark) =>
      defineStack({
        title: 'KVM と QEMU',
        layers: [
          {
            columns: [
              {
                caption: 'QEMU プロセス',
                tone: 'runtime',
                layers: [
                  { label: `アプリ${mark}`, tone: 'app' },
                  { label: 'ゲストOS', detail: 'Linux・Windows', tone: 'guest' },
                  { label: 'QEMU', detail: 'デバイスのエミュレーション', tone: 'runtime' },
                ],
              },
              { label: 'ふつうのプロセス', detail: 'sshd・cron', tone: 'app' },
            ],
          },
          { label: 'Linux カーネル', detail: 'KVM モジュール', tone: 'kernel' },
          { label: 'ハードウェア', detail: 'Intel VT-x・AMD-V', tone: 'hardware' },
        ],
      }),
  },
  {
    name: 'nested',
    depth: 6,
    define: (mark) =>
      defineStack({
        title: '入れ子の仮想化',
        layers: [
          {
            columns: [
              {
                caption: '仮想マシン（L1）',
                layers: [
                  {
                    caption: '仮想マシン（L2）',
                    layers: [
                      { label: `アプリ${mark}`, tone: 'app' },
                      { label: 'ゲストOS（L2）', tone: 'guest' },
                    ],
                  },
                  { label: 'ハイパーバイザ（L1）', detail: 'KVM', tone: 'hypervisor' },
                  { label: 'ゲストOS（L1）', tone: 'guest' },
                ],
              },
              {
                caption: '仮想マシン',
                layers: [
                  { label: 'アプリ', tone: 'app' },
                  { label: 'ゲストOS', tone: 'guest' },
                ],
              },
            ],
          },
          { label: 'ハイパーバイザ（L0）', tone: 'hypervisor' },
          { label: 'ハードウェア', tone: 'hardware' },
        ],
      }),
  },
]

/** Every drawn text of a definition (labels, details, captions), for timing the subset alone. */
export function drawnText(value: unknown): string {
  if (Array.isArray(value)) return value.map(drawnText).join('')
  if (typeof value !== 'object' || value === null) return ''
  return Object.entries(value)
    .map(([key, v]) =>
      typeof v === 'string'
        ? ['label', 'detail', 'caption'].includes(key)
          ? v
          : ''
        : drawnText(v),
    )
    .join('')
}
