// Production: everything that differs from staging.
{
  name: 'prd',
  region: 'ap-northeast-1',
  datadogSite: 'ap1.datadoghq.com',
  service: { cpu: '2048', memory: '4096' },  // the active engine holds every card and account in memory
  job: { cpu: '1024', memory: '2048' },
  adminApiKeySlots: 4,
  vaultKeySlots: 2,
}
