/**
 * Refuse signups from disposable / throwaway email providers.
 * The list below is generated from the deny-lists module's source data and
 * checked in so the action has no network dependency at signup time.
 */
const denyLists = require('deny-lists');

const DISPOSABLE_DOMAINS = new Set([
/*__DENY_LIST__*/
]);

const REASON = 'Please sign up with a permanent email address.';

exports.onExecutePreUserRegistration = async (event, api) => {
  const email = (event.user.email || '').toLowerCase();
  const domain = email.split('@')[1];
  if (!domain) {
    return;
  }
  if (DISPOSABLE_DOMAINS.has(domain) || denyLists.isDisposable(domain)) {
    console.log(`denied disposable domain ${domain}`);
    api.access.deny('disposable_email', REASON);
  }
};
