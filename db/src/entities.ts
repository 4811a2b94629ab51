import { adminEntities } from './admin/index.js';
import { calendarEntities } from './calendar/index.js';
import { dvcqgEntities } from './dvcqg/index.js';
import { engineEntities } from './engine/index.js';
import { fileEntities } from './files/index.js';
import { paymentEntities } from './payments/index.js';
import { notifyEntities } from './notify/index.js';
import { portalEntities } from './portal/index.js';
import { reportEntities } from './reports/index.js';
import { studioEntities } from './studio/index.js';
import { workerEntities } from './workers/index.js';
import { ssoEntities } from './sso/index.js';

// Each area registers its own entity classes; the DataSource knows them all.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const allEntities: Function[] = [
  ...engineEntities,
  ...portalEntities,
  ...workerEntities,
  ...calendarEntities,
  ...fileEntities,
  ...studioEntities,
  ...adminEntities,
  ...reportEntities,
  ...dvcqgEntities,
  ...ssoEntities,
  ...paymentEntities,
  ...notifyEntities,
];
