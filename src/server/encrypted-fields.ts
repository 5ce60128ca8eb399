/**
 * Registers every encrypted column of the modules for key rotation. Imported by the server and by the
 * command line, so `filet keys rotate` re-seals exactly what the server writes; test/encrypted-fields
 * checks that no sealed value lives in a column missing from the registry.
 */
import './modules/accounts/accounts.fields.js';
import './modules/alerts/alerts.fields.js';
import './modules/consultations/consultations.fields.js';
import './modules/resources/resources.fields.js';
import './modules/tips/tips.fields.js';
import './platform/notify/push.sender.js';
