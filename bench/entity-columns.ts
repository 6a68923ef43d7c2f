/**
 * The columns of each table as TypeORM selects them for its entity, in the entity's property order (space-separated
 * snake_case names): the bare handler sends them as the service does, and the best handler writes its JSON in this
 * order, which is the order of the service's answers.
 */
export const FINDING =
  'id code round_id unit_id description location level category tags source found_date found_by deadline responsible_person responsible_leader status recurrence_of_id major_criterion_id cancel_reason closed_at return_reason created_by_id version created_at updated_at';
export const UNIT = 'id code name kind parent_id path aliases active version created_at updated_at';
export const ROUND =
  'id name kind domain company_unit_id audit_team start_date end_date report_ref original_round_id plan_meeting_date supervision_group_id status closed_at version created_at updated_at';
export const SUMMARY =
  'id finding_id what_was_done root_cause evidence_ids late deadline_at_submission submitted_by_id submitted_at';
export const PLAN =
  'id finding_id revision on_the_spot on_the_spot_evidence_ids measures responsible_person funds_amount funds_source funds_zero_reason deadline contingency_plan interim_controls stop_production stop_production_scope goals_and_tasks materials responsible_organisation time_requirements current_situation hazard_analysis submitted_by_id submitted_at confirmed_by_id confirmed_at';
export const PROGRESS = 'id finding_id note percent author_id created_at';
export const EVIDENCE =
  'id finding_id kind file_name mime_type size_bytes sha256 caption uploaded_by_id uploaded_at';
export const EXTENSION =
  'id finding_id previous_deadline requested_deadline reason status requested_by_id requested_at decided_by_id decided_at decision_note';
export const OBLIGATION =
  'id name round_id unit_ids start_date counted_from end_date due_time active created_by_id version created_at updated_at';
export const EVENT =
  'seq occurred_at actor_id actor_name action entity_type entity_id unit_id changes request_id prev_hash hash';
export const ASSESSMENT =
  'id unit_id person_names reason points amount_yuan text source_type source_id finding_id lateness_deadline assessed_on created_by_id notice_id created_at';
export const PREFERENCE = 'user_id email email_kinds digest_hour digested_until updated_at';
