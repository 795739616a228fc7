import { box, defineStack } from 'stackdeck'

const ctr = (app: string) => box({ label: app, detail: 'コンテナ', tone: 'container' })

export default defineStack({
  title: 'Mac で Docker を動かすしくみ',
  description:
    'コンテナは Linux カーネルを必要とするため、Docker Desktop for Mac は macOS の上に軽量な Linux 仮想マシンを作り、その中でコンテナを動かす。',
  layers: [
    {
      columns: [
        { label: 'docker コマンド', detail: 'Mac 側の CLI', tone: 'tool' },
        {
          id: 'vm',
          caption: 'Linux 仮想マシン',
          tone: 'guest',
          weight: 3,
          layers: [
            { columns: [ctr('Web'), ctr('DB'), ctr('キャッシュ')] },
            { label: 'Docker Engine', tone: 'runtime' },
            { id: 'kernel', label: 'Linuxカーネル', tone: 'kernel' },
          ],
        },
      ],
    },
    {
      id: 'vmm',
      label: '仮想化の層',
      detail: 'Apple Virtualization framework / QEMU など',
      tone: 'hypervisor',
    },
    { label: 'macOS（ホストOS）', tone: 'os' },
    { label: 'ハードウェア', detail: 'Apple シリコン / Intel', tone: 'hardware' },
  ],
  braces: [{ from: 'vm', label: 'ここが VM' }],
})
