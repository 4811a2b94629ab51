export * from './dto.js';
export * from './engine-error.js';
export * from './engine-http.js';
export * from './typed-values.js';
export * from './engine-client.js';
export { formatCamundaDate, parseCamundaDate } from '@motcua/domain';
