import { defineStack } from 'stackdeck'
import { container } from './_parts.ts'

export default defineStack({
  title: 'コンテナ型仮想化',
  description:
    'ホストOSのカーネルの上で、コンテナエンジンが複数のコンテナを動かす。各コンテナはゲストOSを持たず、カーネルを共有する。',
  layers: [
    {
      columns: [
        container('アプリA', 'ライブラリ・設定'),
        container('アプリB', 'ライブラリ・設定'),
        container('アプリC', 'ライブラリ・設定'),
      ],
    },
    {
      label: 'コンテナエンジン',
      detail: 'Docker Engine / containerd / Podman',
      tone: 'runtime',
    },
    {
      id: 'kernel',
      label: 'ホストOS（Linuxカーネル）',
      detail: 'namespaces・cgroups',
      tone: 'kernel',
    },
    { label: 'ハードウェア', detail: 'CPU・メモリ・ストレージ・NIC', tone: 'hardware' },
  ],
  braces: [{ from: 'kernel', label: '全コンテナで共有' }],
})
