import { defineStack, group } from 'stackdeck'

const ct = (distro: string) =>
  group({
    caption: 'コンテナ（VPS）',
    tone: 'container',
    layers: [
      { label: 'アプリ', tone: 'app' },
      { label: distro, detail: 'root・IP・init を持つ', tone: 'container' },
    ],
  })

export default defineStack({
  title: 'OpenVZ：独立サーバーのように見えるコンテナ',
  description:
    'OpenVZ のコンテナは、それぞれ独自の root・IP アドレス・プロセスを持つ独立したサーバーのように振る舞うが、カーネルは OpenVZ 用の Linux カーネル 1 つを共有する。',
  layers: [
    {
      columns: [ct('CentOS 環境'), ct('Debian 環境'), ct('Ubuntu 環境')],
    },
    {
      id: 'kernel',
      label: 'OpenVZ カーネル',
      detail: 'OpenVZ 用に手を加えた Linux カーネル',
      tone: 'kernel',
    },
    { id: 'hw', label: 'ハードウェア', detail: '仮想化支援機能は不要', tone: 'hardware' },
  ],
  braces: [{ from: 'kernel', label: 'Linux のみ' }],
})
