import { defineStack, group } from 'stackdeck'

const container = (name: string, ip: string) =>
  group({
    caption: name,
    tone: 'container',
    layers: [
      { label: 'アプリ', detail: '自分は PID 1', tone: 'app' },
      { label: 'ネットワーク', detail: `eth0 ${ip}`, tone: 'container' },
      { label: 'ユーザー（UID）', detail: '中だけの root', tone: 'container' },
    ],
  })

export default defineStack({
  title: 'namespaces と cgroups によるコンテナの分離',
  description:
    'コンテナはホスト上のプロセスであり、Linuxカーネルの namespaces が見える範囲を分け、cgroups が使える量を制限する。',
  layers: [
    {
      columns: [
        container('コンテナA', '10.0.0.2'),
        container('コンテナB', '10.0.0.3'),
        { label: 'ホストの\nプロセス', detail: 'A・B も普通のプロセス', tone: 'app' },
      ],
    },
    {
      caption: 'Linuxカーネル（1つだけ）',
      tone: 'kernel',
      layers: [
        {
          columns: [
            {
              id: 'ns',
              label: 'namespaces',
              detail: 'PID・ネットワーク・UID など：見える範囲を分ける',
              tone: 'kernel',
            },
            {
              id: 'cg',
              label: 'cgroups',
              detail: 'CPU・メモリ・I/O：使える量を制限する',
              tone: 'kernel',
            },
          ],
        },
      ],
    },
    { label: 'ハードウェア', tone: 'hardware' },
  ],
})
