import { defineStack, group } from 'stackdeck'

const domU = (guest: string) =>
  group({
    caption: 'domU（ゲスト）',
    layers: [
      { label: 'アプリ', tone: 'app' },
      { label: 'ゲストOS', detail: guest, tone: 'guest' },
    ],
  })

export default defineStack({
  title: 'Xen の構成：dom0 と domU',
  description:
    'ハードウェアの上で Xen ハイパーバイザが直接動く。特権を持つ dom0 が管理ツールと実デバイスのドライバを持ち、ゲストの domU を管理する。',
  layers: [
    {
      columns: [
        {
          id: 'dom0',
          caption: 'dom0（管理用）',
          tone: 'os',
          layers: [
            { label: '管理ツール', detail: 'xl・libvirt', tone: 'tool' },
            { label: 'Linux', detail: '実デバイスのドライバ', tone: 'os' },
          ],
        },
        domU('Linux（準仮想化）'),
        domU('Windows（HVM）'),
      ],
    },
    { id: 'xen', label: 'Xen ハイパーバイザ', detail: 'CPU・メモリの割り当て', tone: 'hypervisor' },
    { label: 'ハードウェア', tone: 'hardware' },
  ],
  braces: [{ from: 'xen', label: 'Type 1' }],
})
