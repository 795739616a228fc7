import { defineStack } from 'stackdeck'
import { hardware, vm } from './_parts.ts'

const l2 = vm(undefined, 'L2 仮想マシン')

export default defineStack({
  title: 'ネストされた仮想化',
  description:
    '仮想マシン（L1）の中でさらにハイパーバイザを動かし、その上に仮想マシン（L2）を作る。',
  layers: [
    {
      id: 'l1',
      caption: 'L1 仮想マシン',
      layers: [
        // The brace needs a group around the row: a brace on a row's id crashes (see report).
        { id: 'l2', layers: [{ columns: [l2, l2] }] },
        {
          id: 'hv1',
          label: 'ハイパーバイザ（L1）',
          detail: 'KVM・Hyper-V など',
          tone: 'hypervisor',
        },
        { id: 'g1', label: 'ゲストOS（L1）', tone: 'guest' },
      ],
    },
    {
      id: 'hv0',
      label: 'ハイパーバイザ（L0）',
      detail: 'VT-x / AMD-V を L1 にも見せる',
      tone: 'hypervisor',
    },
    hardware,
  ],
  braces: [
    { from: 'l2', label: 'L2' },
    { from: 'hv1', to: 'g1', label: 'L1' },
    { from: 'hv0', label: 'L0' },
  ],
})
