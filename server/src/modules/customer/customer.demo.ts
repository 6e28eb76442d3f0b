import type { PutJobBody } from '@amage/contracts';
import type { DemoLink, ModuleDeps } from '../portal-module.js';
import { putJob } from './jobs.service.js';

const DAY = 86_400_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

export const demoJob = (): PutJobBody => ({
  number: 'ZL/2026/0107',
  customer: { ref: 'CUST-3', name: 'Browar Śląski S.A.' },
  title: 'Przegląd roczny sprężarek',
  description: 'Przegląd roczny dwóch sprężarek śrubowych wraz z wymianą filtrów.',
  site: 'Browar Tychy',
  status: 'in-progress',
  plannedStart: iso(-DAY),
  plannedEnd: iso(DAY),
  actualStart: iso(-DAY + 3_600_000),
  estimatedCompletion: iso(DAY - 7_200_000),
  technician: { firstName: 'Marek' },
  stages: [
    { key: 'diagnosis', name: 'Diagnoza', state: 'done' },
    { key: 'repair', name: 'Naprawa', state: 'active' },
    { key: 'tests', name: 'Testy', state: 'pending' },
  ],
  timeline: [
    { at: iso(-DAY + 3_600_000), type: 'on-site', text: 'Technik na miejscu.' },
    { at: iso(-DAY + 5 * 3_600_000), type: 'stage-finished', text: 'Diagnoza zakończona: zużyte łożysko silnika SK-2.' },
    { at: iso(-3_600_000), type: 'stage-started', text: 'Rozpoczęto naprawę.' },
  ],
});

/** Shares a demo job and issues a link for it. */
export async function seedCustomerDemo({ db, access }: ModuleDeps, demoOrigin: string): Promise<DemoLink[]> {
  await putJob(db, 'JOB-2026-0107', demoJob());
  const job = await access.createLink(
    {
      subject: { type: 'job', ref: 'JOB-2026-0107' },
      actions: ['job:read', 'job:approve'],
      recipient: { email: 'utrzymanie@browar.example', name: 'Piotr Zieliński', locale: 'pl' },
      allowedOrigins: [demoOrigin],
    },
    null,
  );
  return [{ portal: 'Customer: work progress (job JOB-2026-0107)', hosted: job.url, demoPage: `${demoOrigin}/work-progress.html#token=${job.token}` }];
}
