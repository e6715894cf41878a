/**
 * (Draft) Block logins from user agents we no longer support.
 * Not deployed yet: waiting for the support team's announcement.
 */
const LEGACY_PATTERNS = [/MSIE \d+\./, /Trident\/7\./, /Android 4\./];

exports.onExecutePostLogin = async (event, api) => {
  const agent = event.request.user_agent || '';
  if (LEGACY_PATTERNS.some((pattern) => pattern.test(agent))) {
    api.access.deny('Your browser is no longer supported. Please update it.');
  }
};
