// The governance SQL the benchmark (bench/governance.ts) reaches through one import; inside the module
// each use case imports its own repository: meetings, plan, announcements, calendar, members.
export { insertDecision, insertMeeting, setInvitations } from './meetings.repository.js';
export { insertPlanItem, listPlanItems } from './plan.repository.js';
