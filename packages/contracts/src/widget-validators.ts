/**
 * Schemas that widgets validate in the browser before a submit. `npm run build` compiles each into
 * a precompiled ajv (standalone) function, `@amage/contracts/validators/<Name>` (`dist/validators/`), so
 * widgets never ship ajv itself.
 * Add a body schema's export name here when a widget starts submitting it.
 */
export const WIDGET_VALIDATED_SCHEMAS = [
  'CreateJobApprovalBody',
  'CreateDateConfirmationBody',
  'DeclareDeliveryBody',
  'CreateStageResponseBody',
  'CreateDisputeBody',
  'CreateAcceptanceBody',
  'CreateWorkLogBody',
  'CreateFindingBody',
  'CompleteWorkOrderBody',
  'InspectionAnswerBody',
  'SubmitInspectionBody',
  'LotoStepBody',
  'LotoSignOffBody',
  'PermitAcknowledgeBody',
  'PermitSignOnBody',
  'PermitSignOffBody',
  'CreateServiceRequestBody',
  'AddServiceRequestCommentBody',
  'CreateJobRatingBody',
] as const;
