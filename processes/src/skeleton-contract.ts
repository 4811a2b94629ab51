/**
 * The element ids of `docs/skeleton-contract.md` with their BPMN types: the hand-modelled skeleton
 * procedure has them, and every generated process keeps them, so the portal's status derivation
 * works on both.
 */
export const SKELETON_CONTRACT_ELEMENTS: Readonly<Record<string, string>> = {
  StartEvent_DossierSubmitted: 'bpmn:StartEvent',
  ServiceTask_ReceiveDossier: 'bpmn:ServiceTask',
  BoundaryEvent_DossierRejected: 'bpmn:BoundaryEvent',
  UserTask_CheckCompleteness: 'bpmn:UserTask',
  Gateway_Complete: 'bpmn:ExclusiveGateway',
  UserTask_AppraiseDossier: 'bpmn:UserTask',
  UserTask_ApproveDossier: 'bpmn:UserTask',
  Gateway_Approved: 'bpmn:ExclusiveGateway',
  ServiceTask_ReturnResult: 'bpmn:ServiceTask',
  ServiceTask_ReturnRefusal: 'bpmn:ServiceTask',
  EndEvent_ResultReturned: 'bpmn:EndEvent',
  EndEvent_Refused: 'bpmn:EndEvent',
  EndEvent_NotAccepted: 'bpmn:EndEvent',
  EndEvent_Rejected: 'bpmn:EndEvent',
};
