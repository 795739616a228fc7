import { box, defineComparison } from 'stackdeck'

const hypervisor = box({ label: 'ハイパーバイザ', tone: 'hypervisor' })
const hardware = box({ label: 'ハードウェア', tone: 'hardware' })

export default defineComparison({
  title: '完全仮想化と準仮想化（VirtIO）',
  description:
    '完全仮想化では無改変のゲストOSが実機そっくりに模倣されたデバイスを使う。準仮想化ではゲストが仮想化を前提にした VirtIO ドライバでハイパーバイザと直接やり取りする。',
  width: 1000,
  panels: [
    {
      caption: '完全仮想化',
      layers: [
        {
          caption: '仮想マシン',
          layers: [
            { label: 'アプリ', tone: 'app' },
            { label: 'ゲストOS（無改変）', tone: 'guest' },
            { label: '普通のドライバ', detail: '実機のNIC・ディスク用', tone: 'guest' },
          ],
        },
        { id: 'emu', label: 'デバイスの模倣', detail: '実在するNIC・ディスクを再現', tone: 'tool' },
        hypervisor,
        hardware,
      ],
      braces: [{ from: 'emu', label: '実機のふり' }],
    },
    {
      caption: '準仮想化',
      layers: [
        {
          caption: '仮想マシン',
          layers: [
            { label: 'アプリ', tone: 'app' },
            { label: 'ゲストOS（対応済み）', tone: 'guest' },
            { label: 'VirtIO ドライバ', detail: 'virtio-net・virtio-blk', tone: 'guest' },
          ],
        },
        { id: 'vio', label: 'VirtIO の受け口', detail: '仮想化専用の簡単な口', tone: 'tool' },
        hypervisor,
        hardware,
      ],
      braces: [{ from: 'vio', label: '専用の近道' }],
    },
  ],
})
