import { defineStack } from 'stackdeck'

export default defineStack({
  title: 'Vagrant：プロバイダとプロビジョナをまとめて操作する',
  description:
    'Vagrantfile に書いた内容をもとに、Vagrant がプロバイダで仮想マシンやコンテナを作り、プロビジョナで中の設定を行う。',
  width: 1100,
  layers: [
    {
      id: 'file',
      label: 'Vagrantfile',
      detail: 'ボックス・ネットワーク・設定手順をコードで記述',
      tone: 'app',
    },
    { id: 'vagrant', label: 'Vagrant', detail: 'vagrant up / ssh / halt / destroy', tone: 'tool' },
    {
      columns: [
        {
          id: 'providers',
          caption: 'プロバイダ：環境を作る',
          tone: 'hypervisor',
          layers: [
            {
              columns: [
                { label: 'VirtualBox', tone: 'hypervisor' },
                { label: 'VMware', tone: 'hypervisor' },
                { label: 'Hyper-V', tone: 'hypervisor' },
                { label: 'Docker', tone: 'runtime' },
              ],
            },
          ],
        },
        {
          id: 'provisioners',
          caption: 'プロビジョナ：中を設定する',
          tone: 'tool',
          layers: [
            {
              columns: [
                { label: 'Chef', tone: 'tool' },
                { label: 'Ansible', tone: 'tool' },
                { label: 'shell', tone: 'tool' },
              ],
            },
          ],
        },
      ],
    },
    { label: 'ホストOS', detail: 'Windows / macOS / Linux', tone: 'os' },
    { label: 'ハードウェア', tone: 'hardware' },
  ],
})
