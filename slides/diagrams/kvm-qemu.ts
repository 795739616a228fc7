import { defineStack, group } from 'stackdeck'

const qemu = (guest: string) =>
  group({
    caption: 'QEMU プロセス',
    tone: 'runtime',
    layers: [
      {
        caption: '仮想マシン',
        layers: [
          { label: 'アプリ', tone: 'app' },
          { label: 'ゲストOS', detail: guest, tone: 'guest' },
        ],
      },
      { label: 'デバイス模倣', detail: 'ディスク・NIC・VirtIO', tone: 'runtime' },
    ],
  })

export default defineStack({
  title: 'KVM と QEMU',
  description:
    'ゲストはホストの Linux から見ると 1 つの QEMU プロセス。CPU とメモリの仮想化はカーネルの KVM モジュールが CPU の仮想化支援機能を使って行い、デバイスは QEMU が用意する。',
  layers: [
    {
      columns: [
        qemu('Linux'),
        qemu('Windows'),
        { label: '普通の\nプロセス', detail: 'sshd・libvirtd', tone: 'app' },
      ],
    },
    {
      id: 'kernel',
      caption: 'Linuxカーネル（ホスト）',
      tone: 'kernel',
      layers: [
        {
          columns: [
            { label: 'KVM', detail: 'kvm.ko・/dev/kvm', tone: 'hypervisor', weight: 2 },
            {
              label: 'カーネル本体',
              detail: 'スケジューラ・メモリ管理',
              tone: 'kernel',
              weight: 1,
            },
          ],
        },
      ],
    },
    { label: 'ハードウェア', detail: 'Intel VT-x / AMD-V が必須', tone: 'hardware' },
  ],
  braces: [{ from: 'kernel', label: 'ハイパーバイザ' }],
})
