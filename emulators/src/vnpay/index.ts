export {
  VnpayEmulator,
  type IpnCall,
  type VnpayEmulatorOptions,
  type VnpayFaults,
  type VnpayTransaction,
} from './vnpay-emulator.js';
export { signParams as vnpayEmulatorSign, vnpDate as vnpayDate } from './vnpay-signature.js';
