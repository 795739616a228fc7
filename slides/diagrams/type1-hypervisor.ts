import { defineStack } from 'stackdeck'
import { vm } from './_parts.ts'

export default defineStack({
  title: 'ハイパーバイザ型仮想化（Type 1）',
  description:
    'ハードウェアの上で直接ハイパーバイザが動き、その上で複数の仮想マシンが動く。ホストOSはない。',
  layers: [
    {
      // The id sits on a group around the row: a row's own id cannot be emphasized (see report).
      id: 'vms',
      layers: [{ columns: [vm('Windows Server'), vm('Linux'), vm('Linux')] }],
    },
    {
      id: 'hv',
      label: 'ハイパーバイザ',
      detail: 'VMware ESXi / Xen / Hyper-V / KVM',
      tone: 'hypervisor',
    },
    { id: 'hw', label: 'ハードウェア', detail: 'CPU・メモリ・ストレージ・NIC', tone: 'hardware' },
  ],
  braces: [{ from: 'hv', label: 'Type 1' }],
  steps: ['hw', 'hv', 'vms'],
})
