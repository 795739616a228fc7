import { defineComparison } from 'stackdeck'
import { container, hardware, vm } from './_parts.ts'

export default defineComparison({
  title: 'ホスト型・ハイパーバイザ型・コンテナ型の比較',
  description:
    '3つの方式を、ハードウェアの高さをそろえて並べる。仮想マシン型はゲストOSを持ち、コンテナ型はホストOSのカーネルを共有する。',
  panels: [
    {
      caption: 'ホスト型（Type 2）',
      layers: [
        { columns: [vm(), vm()] },
        // Two layers in one level, so that the VMs line up with the other panels' top row
        // (a comparison aligns levels counted from the bottom).
        {
          layers: [
            { label: '仮想化ソフト', tone: 'hypervisor' },
            { label: 'ホストOS', tone: 'os' },
          ],
        },
        hardware,
      ],
    },
    {
      caption: 'ハイパーバイザ型（Type 1）',
      layers: [
        { columns: [vm(), vm()] },
        { label: 'ハイパーバイザ', tone: 'hypervisor' },
        hardware,
      ],
    },
    {
      caption: 'コンテナ型',
      layers: [
        { columns: [container(), container()] },
        {
          layers: [
            { label: 'コンテナエンジン', tone: 'runtime' },
            { label: 'ホストOS', tone: 'os' },
          ],
        },
        hardware,
      ],
    },
  ],
})
