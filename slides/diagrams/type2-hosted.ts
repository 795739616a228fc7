import { defineStack } from 'stackdeck'

export default defineStack({
  title: 'ホスト型仮想化（Type 2）',
  description:
    'ホストOSの上で、ほかのアプリと並んで仮想化ソフトウェアが動き、その上で仮想マシンが動く。',
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
                    { label: 'アプリ', tone: 'app' },
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
              id: 'vsoft',
              label: '仮想化ソフトウェア',
              detail: 'VirtualBox / VMware Workstation',
              tone: 'hypervisor',
            },
          ],
        },
      ],
    },
    { id: 'host', label: 'ホストOS', detail: 'Windows / macOS / Linux', tone: 'os' },
    { id: 'hw', label: 'ハードウェア', detail: 'CPU・メモリ・ストレージ', tone: 'hardware' },
  ],
  braces: [{ from: 'vsoft', to: 'host', label: 'Type 2' }],
  steps: ['hw', 'host', 'vsoft'],
})
