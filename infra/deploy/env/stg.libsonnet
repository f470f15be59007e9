// Staging: everything that differs from production.
{
  name: 'stg',
  region: 'ap-northeast-1',
  datadogSite: 'ap1.datadoghq.com',
  service: { cpu: '1024', memory: '2048' },
  job: { cpu: '512', memory: '1024' },
  adminApiKeySlots: 4,
  vaultKeySlots: 2,
}
