/** The access routes validate and present with the shared contract of the access review. */
export {
  AccessReview,
  EmergencyAccess,
  EmergencyList,
  Holding,
  OpenEmergencyBody,
  PendingRole,
  ReviewEmergencyBody,
  RoleRequest,
} from '../../../shared/contracts/accounts.js';
