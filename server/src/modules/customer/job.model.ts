import type { JobStatus, PutJobBody } from '@amage/contracts';
import { BaseModel } from '../../db/base-model.js';

export class Job extends BaseModel {
  ref!: string;
  number!: string;
  customerRef!: string;
  status!: JobStatus;
  document!: PutJobBody;
  createdAt!: Date;
  updatedAt!: Date;

  static tableName = 'jobs';
  static idColumn = 'ref';
  static jsonAttributes = ['document'];
}
